export { adminRoutes } from './routes.js';
export { staffRepository, type StaffRepository } from './staff.repository.js';
