export { attachRealtime, type RealtimeDeps, type RealtimeServer } from './gateway.js';
