export { slaFigures } from './figures.js';
export { slaPolicies, type SlaPolicies } from './policies.repository.js';
export { slaRoutes } from './routes.js';
export { fireDueSlaTimers, slaNextInstantSql, startSlaScanner } from './timers.js';
