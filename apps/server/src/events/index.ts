// Domain events (docs/architecture.md "Events"): the list, the emitter modules are handed, the live bus's listening side.
export { subscribe, type Subscription } from './bus.js';
export { domainEvents, listener, type DomainEvents, type Listener } from './emitter.js';
export type { DomainEvent, EventOf, LiveEvent, Recipients } from './list.js';
