import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/schema.js';

const CHANNEL = 'centrala_events';

/**
 * What happened, by id only (NOTIFY payloads are small; each web node reads
 * what it needs). Sent with pg_notify inside the writing transaction, so an
 * event goes out only when its change has committed, and reaches every node,
 * web or worker, without a broker.
 */
export type BusEvent =
  /** `staffOnly`: nothing a customer may see changed (an internal note), so their sockets are not told. */
  | { type: 'ticket:changed'; ticketId: string; change: 'created' | 'updated' | 'message'; staffOnly?: true }
  | { type: 'sla:alert'; ticketId: string; level: 'warning' | 'breached' }
  | { type: 'ticket:presence'; ticketId: string }
  /** A user's sessions, role, departments or access changed: their live sockets are checked again. */
  | { type: 'user:changed'; userId: string };

export async function publish(db: Kysely<Database>, event: BusEvent): Promise<void> {
  await sql`select ${notifyAllSql([event])}`.execute(db);
}

/** Notifications as one expression (one parameter, whatever their number), for a caller that sends them inside a larger statement. */
export function notifyAllSql(events: BusEvent[]) {
  return sql<string>`(select count(pg_notify(${CHANNEL}, e)) from unnest(${events.map((e) => JSON.stringify(e))}::text[]) e)`;
}

/** Listens on a dedicated connection, reconnecting after a drop; returns a stop function. */
export async function subscribe(
  connectionString: string,
  onEvent: (event: BusEvent) => void,
  onError: (err: unknown) => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString });
    c.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      try {
        onEvent(JSON.parse(msg.payload) as BusEvent);
      } catch (err) {
        onError(err);
      }
    });
    c.on('error', (err) => {
      onError(err);
      if (!stopped) setTimeout(() => void connect().catch(onError), 1000);
    });
    await c.connect();
    await c.query(`listen ${CHANNEL}`);
    client = c;
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}
