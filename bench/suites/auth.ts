import { hashPassword } from '../../apps/server/src/modules/auth/index.js';
import { load, percentile, startBenchServer } from '../harness.js';

const CUSTOMERS = 200;
const CONCURRENCY = 32;

/**
 * Sign-in and the client area's first read: logins per second (argon2id bound
 * by design) and the latency of GET /api/client/account under 32 clients.
 */
export async function authBench(): Promise<Record<string, number>> {
  const server = await startBenchServer();
  try {
    const passwordHash = await hashPassword('bench password 1');
    for (let i = 0; i < CUSTOMERS; i++) {
      const email = `bench-${i}@example.com`;
      const account = await server.db
        .insertInto('accounts')
        .values({ name: `Bench ${i}`, email })
        .returning('id')
        .executeTakeFirstOrThrow();
      await server.db
        .insertInto('users')
        .values({ kind: 'client', account_id: account.id, role: null, email, name: `Bench ${i}`, password_hash: passwordHash })
        .execute();
      await server.db
        .insertInto('services')
        .values(
          [0, 1, 2].map((s) => ({
            account_id: account.id,
            name: `srv-${i}-${s}`,
            order_number: String(200000 + i * 3 + s),
            product: 'VPS',
            location: 'Zagreb',
            ip_addresses: [`10.${s}.${i >> 8}.${i & 255}`],
          })),
        )
        .execute();
    }

    const cookies: string[] = [];
    const logins = await load(CUSTOMERS, CONCURRENCY, async (i) => {
      const res = await fetch(`${server.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `bench-${i}@example.com`, password: 'bench password 1' }),
      });
      if (res.status !== 200) throw new Error(`login ${res.status}`);
      cookies[i] = res.headers.getSetCookie()[0]!.split(';')[0]!;
    });

    const reads = await load(5000, CONCURRENCY, async (i) => {
      const res = await fetch(`${server.baseUrl}/api/client/account`, { headers: { cookie: cookies[i % CUSTOMERS]! } });
      if (res.status !== 200) throw new Error(`read ${res.status}`);
      await res.arrayBuffer();
    });

    return {
      logins_per_s: Math.round(CUSTOMERS / logins.seconds),
      login_p99_ms: percentile(logins.latencies, 99),
      client_account_reads_per_s: Math.round(5000 / reads.seconds),
      client_account_p50_ms: percentile(reads.latencies, 50),
      client_account_p99_ms: percentile(reads.latencies, 99),
    };
  } finally {
    await server.close();
  }
}
