import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import { notifySql } from './bus.js';
import type { DomainEvent, EventOf, EventType } from './list.js';

/**
 * A durable consumer: it writes rows of its own table (the outbox, later deliveries and notifications) in the
 * transaction that emits its events, so its work exists exactly when the change does; a few jobs drain those rows
 * in batches (never a job per event: DESIGN.md, "Events"). It writes its rows in one of two ways.
 */
export type Listener<T extends EventType = EventType> = {
  /** Says who failed, in errors. */
  name: string;
  handles: readonly T[];
} & (
  | {
      /**
       * Its rows as ONE data-modifying statement (`insert … select`): run on its own in a transaction, or as a CTE of
       * a writer's single statement (the batched ticket write), which then costs no round trip more.
       */
      rows(events: EventOf<T>[]): RawBuilder<unknown>;
      run?: never;
    }
  | {
      /** Its work when it must read before it writes; it cannot join a single statement. */
      run(trx: Kysely<Database>, events: EventOf<T>[]): Promise<void>;
      rows?: never;
    }
);

/**
 * A listener of some of the events, as the emitter holds it: checked against its own event types here, then held
 * among listeners of other types (TypeScript cannot keep each one's types in one array).
 */
export const listener = <T extends EventType>(l: Listener<T>): Listener => l as unknown as Listener;

/**
 * Emits domain events to their durable listeners and, over the bus, to every live consumer. The listeners are handed
 * in by the composition root (apps/server/src/modules.ts): this folder imports no module.
 */
export function domainEvents(listeners: readonly Listener[]) {
  const theirs = (l: Listener, events: DomainEvent[]) => events.filter((e) => (l.handles as readonly string[]).includes(e.type));

  return {
    /**
     * Inside the writing transaction: the listeners write their rows, and the live notifications are queued, to go
     * out on commit. Outside a transaction (`db` itself) only for events no durable listener handles.
     */
    async emit(trx: Kysely<Database>, events: DomainEvent[]): Promise<void> {
      if (!events.length) return;
      for (const l of listeners) {
        const mine = theirs(l, events);
        if (!mine.length) continue;
        if (l.run) await l.run(trx, mine);
        else await l.rows(mine).execute(trx);
      }
      await sql`select ${notifySql(events)}`.execute(trx);
    },

    /**
     * The same, as parts of one statement for a writer that must stay one statement: `ctes` to append to its WITH
     * list (empty, or each `, name as (…)`), and `notify`, an expression for its select list.
     */
    inStatement(events: DomainEvent[]): { ctes: RawBuilder<unknown>; notify: RawBuilder<string> } {
      const ctes = listeners.flatMap((l, i) => {
        const mine = theirs(l, events);
        if (!mine.length) return [];
        if (!l.rows) throw new Error(`listener ${l.name} reads before it writes, so it cannot join a single statement`);
        return [sql`, ${sql.raw(`listener_${i}`)} as (${l.rows(mine)})`];
      });
      return { ctes: ctes.length ? sql.join(ctes, sql``) : sql``, notify: notifySql(events) };
    },
  };
}

export type DomainEvents = ReturnType<typeof domainEvents>;
