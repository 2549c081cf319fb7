export { departmentsRepository, type DepartmentsRepository } from './departments.repository.js';
