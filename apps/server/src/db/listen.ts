import pg from 'pg';
import type { Logger } from 'pino';

/**
 * A LISTEN connection that calls `onNotify` when `channel` is notified: how a worker loop (mail delivery, the inbound
 * mail drain, webhook delivery) wakes at once for rows another node wrote. `ensure()` connects when not connected and
 * is called every round, so a lost connection is made again by the next round; until then the loop's poll covers.
 * Never throws. Without `listenWith` it does nothing (the loop polls).
 */
export function channelListener(listenWith: pg.ClientConfig | undefined, channel: string, onNotify: () => void, logger: Logger) {
  let listening: pg.Client | null = null;
  let connecting = false;
  let closed = false;
  return {
    async ensure(): Promise<void> {
      if (!listenWith || listening || connecting || closed) return;
      connecting = true;
      const client = new pg.Client({ ...listenWith, connectionTimeoutMillis: 5000 });
      const lost = () => {
        if (listening === client) listening = null;
        client.end().catch(() => {});
      };
      client.on('error', lost);
      client.on('end', lost);
      client.on('notification', onNotify);
      try {
        await client.connect();
        await client.query(`listen ${channel}`);
        if (closed) lost();
        else listening = client;
      } catch (err) {
        logger.debug({ err }, `${channel} LISTEN not connected; polling`);
        lost();
      } finally {
        connecting = false;
      }
    },
    async close(): Promise<void> {
      closed = true;
      const client = listening;
      listening = null;
      await client?.end().catch(() => {});
    },
  };
}
