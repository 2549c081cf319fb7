import { createServer, Socket, type AddressInfo } from 'node:net';

/**
 * The database taken away from the code under test and given back, for fault tests: a TCP proxy on 127.0.0.1
 * between the app's pool and the real PostgreSQL. `cut()` drops every open connection at once (mid-statement,
 * mid-transaction) and resets every new one until `restore()`, as a stopped or unreachable server looks to a
 * client; the server itself and its data are untouched, so the test's own connection (straight to the server)
 * keeps reading what was really committed.
 */
export interface CuttableDatabase {
  /** `databaseUrl` with its host and port replaced by the proxy's: give this to the code under test. */
  url: string;
  cut(): void;
  restore(): void;
  /** Connections the proxy passed to the server, in all (for a test to see the app really reconnected). */
  readonly connections: number;
  close(): Promise<void>;
}

export async function cuttableDatabase(databaseUrl: string): Promise<CuttableDatabase> {
  const target = new URL(databaseUrl);
  const host = target.hostname || '127.0.0.1';
  const port = Number(target.port || 5432);
  const open = new Set<Socket>();
  let down = false;
  let connections = 0;

  const server = createServer((client) => {
    if (down) {
      client.resetAndDestroy();
      return;
    }
    connections += 1;
    const upstream = new Socket();
    const pair = [client, upstream];
    const drop = () => {
      for (const s of pair) {
        open.delete(s);
        s.destroy();
      }
    };
    for (const s of pair) {
      open.add(s);
      s.on('error', drop);
      s.on('close', drop);
    }
    upstream.connect(port, host);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);

  const cut = () => {
    down = true;
    for (const s of [...open]) s.resetAndDestroy();
    open.clear();
  };
  return {
    url: url.toString(),
    cut,
    restore() {
      down = false;
    },
    get connections() {
      return connections;
    },
    async close() {
      cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
