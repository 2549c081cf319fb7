export { slaFigures } from './figures.js';
export { slaTasks } from './jobs.js';
export { slaPolicies, type SlaPolicies } from './policies.repository.js';
export { slaRoutes } from './routes.js';
