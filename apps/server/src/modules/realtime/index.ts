export { notifyAllSql, publish, subscribe, type BusEvent } from './bus.js';
export { attachRealtime } from './gateway.js';
