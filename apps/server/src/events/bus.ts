import { backoffDelay, type Backoff } from '@centrala/contracts';
import { sql } from 'kysely';
import pg from 'pg';
import { liveForm, type DomainEvent, type LiveEvent } from './list.js';

/**
 * The live side of the events: sent with pg_notify inside the writing transaction, so an event goes out only when
 * its change has committed, and reaches every node, web or worker, without a broker. What travels is each event's
 * live form (ids and flags); each node reads what it needs.
 */
const CHANNEL = 'centrala_events';

/** The events' notifications as one expression (one parameter, whatever their number), for a statement to select. */
export function notifySql(events: DomainEvent[]) {
  return sql<string>`(select count(pg_notify(${CHANNEL}, e)) from unnest(${events.flatMap((e) => {
    const live = liveForm(e);
    return live ? [JSON.stringify(live)] : [];
  })}::text[]) e)`;
}

export interface Subscription {
  /** Whether the LISTEN connection is up, so events are heard now. */
  connected(): boolean;
  stop(): Promise<void>;
}

export interface SubscribeHandlers {
  onEvent(event: LiveEvent): void;
  /** Listening again after a lost connection: whatever was sent meanwhile was missed. */
  onReconnect(): void;
  onError(err: unknown): void;
}

/** Waits between reconnection attempts: quickly after a blip, then every 15 s or so for as long as it takes. */
const RECONNECT: Backoff = { initialMs: 250, maxMs: 15_000 };
/** How long connecting and the LISTEN statement may take. */
const LISTEN_TIMEOUT_MS = 5_000;

/**
 * Listens on a dedicated connection. The first connection must succeed (the
 * caller is starting up); after that a lost connection is made again, with
 * backoff, for as long as the database stays away.
 */
export async function subscribe(connectionString: string, handlers: SubscribeHandlers, backoff = RECONNECT): Promise<Subscription> {
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;

  const connect = async (): Promise<void> => {
    // keepAlive: a database host that vanished without closing the connection is noticed too. The timeouts: a frozen
    // database fails this attempt (and the next is tried) instead of holding the start or the reconnection until it thaws.
    const c = new pg.Client({
      connectionString,
      keepAlive: true,
      connectionTimeoutMillis: LISTEN_TIMEOUT_MS,
      query_timeout: LISTEN_TIMEOUT_MS,
    });
    c.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      try {
        handlers.onEvent(JSON.parse(msg.payload) as LiveEvent);
      } catch (err) {
        handlers.onError(err);
      }
    });
    // 'error' and then 'end' when the server goes away; either one means listening has stopped.
    const lost = (err?: unknown) => {
      if (err) handlers.onError(err);
      if (client !== c) return;
      client = undefined;
      void c.end().catch(() => undefined);
      reconnect(0);
    };
    c.on('error', lost);
    c.on('end', () => lost());
    try {
      await c.connect();
      await c.query(`listen ${CHANNEL}`);
    } catch (err) {
      void c.end().catch(() => undefined);
      throw err;
    }
    if (stopped) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
  };

  const reconnect = (attempt: number) => {
    if (stopped) return;
    retry = setTimeout(
      () => {
        connect()
          .then(
            () => {
              if (!stopped) handlers.onReconnect();
            },
            (err: unknown) => {
              handlers.onError(err);
              reconnect(attempt + 1);
            },
          )
          .catch(handlers.onError);
      },
      backoffDelay(attempt, backoff),
    );
  };

  await connect();
  return {
    connected: () => client !== undefined,
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}
