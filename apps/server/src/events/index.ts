export { subscribe, type SubscribeHandlers, type Subscription } from './bus.js';
export { domainEvents, listener, type DomainEvents, type Listener } from './emitter.js';
export { liveForm, type DomainEvent, type EventOf, type EventType, type LiveEvent, type Recipients } from './list.js';
