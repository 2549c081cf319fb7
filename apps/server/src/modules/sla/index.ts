export { slaFigures, type ResponseTimes } from './figures.js';
export { slaPolicies, type SlaPolicies } from './policies.repository.js';
export { firstResponsePromise, type PromisedTarget } from './promise.js';
export { slaRoutes } from './routes.js';
export { startSlaScanner, type SlaTimers } from './timers.js';
export { nextClock, type ClockEvent } from './transitions.js';
