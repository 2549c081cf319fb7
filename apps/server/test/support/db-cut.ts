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
  /**
   * Cuts once the server has answered, in full, the next statement whose text contains `statement`: the statement ran
   * (and, outside a transaction, committed) but its answer never reaches the client.
   */
  cutAfterAnswer(statement: string): void;
  restore(): void;
  close(): Promise<void>;
}

/** PostgreSQL's ReadyForQuery message: the server is done with a query (and its implicit transaction). */
const READY_FOR_QUERY = Buffer.from([0x5a, 0, 0, 0, 5]);

export async function cuttableDatabase(databaseUrl: string): Promise<CuttableDatabase> {
  const target = new URL(databaseUrl);
  const host = target.hostname || '127.0.0.1';
  const port = Number(target.port || 5432);
  const open = new Set<Socket>();
  let down = false;
  let watchFor: string | null = null;

  const cut = () => {
    down = true;
    for (const s of [...open]) s.resetAndDestroy();
    open.clear();
  };

  const server = createServer((client) => {
    if (down) {
      client.resetAndDestroy();
      return;
    }
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
    // Set when this connection sent the watched statement: its answer is held back, then everything is cut.
    let answering = false;
    client.on('data', (chunk: Buffer) => {
      if (watchFor !== null && chunk.includes(watchFor)) {
        watchFor = null;
        answering = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!answering) {
        client.write(chunk);
        return;
      }
      if (chunk.includes(READY_FOR_QUERY)) cut();
    });
    upstream.connect(port, host);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);

  return {
    url: url.toString(),
    cut,
    cutAfterAnswer(statement) {
      watchFor = statement;
    },
    restore() {
      down = false;
      watchFor = null;
    },
    async close() {
      cut();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
