import type { BulkResult } from '@centrala/contracts';
import os from 'node:os';
import { apiTokens } from '../../../apps/server/src/modules/auth/index.js';
import { httpClient, load, percentile, startBenchServer } from '../../harness.js';
import { seededIfAsked } from './scale.js';

/**
 * Services upserted through `POST /api/v1/services/bulk`, 1000 a request, as a billing system's full sync sends
 * them: BENCH_PROVISIONING_SERVICES services (default 20,000) created over BENCH_PROVISIONING_CONCURRENCY concurrent
 * requests (default 3), then the same services again with a changed status and address (updated), then once more
 * unchanged (read, compared, neither rewritten nor audited). `services_upserted_per_s` is the created and updated
 * services over the time both took.
 */
const SERVICES = Number(process.env.BENCH_PROVISIONING_SERVICES ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_PROVISIONING_CONCURRENCY ?? 3);
const PER_REQUEST = 1000;
const ACCOUNTS = 500;

const log = (msg: string) => process.stderr.write(`[provisioning upsert] ${msg}\n`);

export async function upsertBench(): Promise<Record<string, number>> {
  // Other work on the machine skews the figures: recorded to read them by.
  const loadBefore = Math.round(os.loadavg()[0]! * 100) / 100;
  const server = await startBenchServer();
  try {
    const scale = await seededIfAsked(server.databaseUrl);
    const creator = await server.db
      .insertInto('users')
      .values({ kind: 'staff', role: 'admin', account_id: null, email: 'bench-sync@centrala.test', name: 'Bench', password_hash: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { secret } = await apiTokens(server.db).create({ name: 'bench sync', scopes: ['accounts:write'], createdBy: creator.id });
    return { upsert_load_before: loadBefore, ...scale, ...(await run(server, `Bearer ${secret}`)) };
  } finally {
    await server.close();
  }
}

async function run(server: Awaited<ReturnType<typeof startBenchServer>>, authorization: string): Promise<Record<string, number>> {
  const request = httpClient(server.baseUrl, { maxSockets: CONCURRENCY, timeoutMs: 120_000 });
  const headers = { authorization, 'content-type': 'application/json' };
  const bulk = async (kind: 'accounts' | 'services', items: unknown[]): Promise<BulkResult> => {
    const res = await request('POST', `/api/v1/${kind}/bulk`, headers, Buffer.from(JSON.stringify({ items })));
    if (res.status !== 200) throw new Error(`bulk ${kind}: ${res.status} ${res.text().slice(0, 300)}`);
    const result = res.json<BulkResult>();
    if (result.errors.length) throw new Error(`bulk ${kind}: ${JSON.stringify(result.errors.slice(0, 3))}`);
    return result;
  };

  await bulk(
    'accounts',
    Array.from({ length: ACCOUNTS }, (_, i) => ({
      externalId: `bench-client-${i}`,
      name: `Bench client ${i}`,
      email: `client${i}@bench.example`,
    })),
  );
  const service = (i: number, round: 'created' | 'updated') => ({
    externalId: `bench-service-${i}`,
    accountExternalId: `bench-client-${i % ACCOUNTS}`,
    name: `vps-${i}.bench.example`,
    orderNumber: `#${String(100000 + i).padStart(6, '0')}`,
    product: 'VPS M',
    location: i % 2 ? 'Zagreb' : 'Frankfurt',
    status: round === 'created' ? 'active' : 'suspended',
    ipAddresses: [
      `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      round === 'created' ? `2001:db8:${i.toString(16)}::1` : `2001:db8:${i.toString(16)}::/64`,
    ],
  });

  const figures: Record<string, number> = {};
  const rounds = [
    ['created', 'created'],
    ['updated', 'updated'],
    ['unchanged', 'updated'],
  ] as const;
  for (const [outcome, body] of rounds) {
    const requests = Math.ceil(SERVICES / PER_REQUEST);
    let counted = 0;
    const { seconds, latencies } = await load(requests, CONCURRENCY, async (r) => {
      const items = Array.from({ length: Math.min(PER_REQUEST, SERVICES - r * PER_REQUEST) }, (_, k) => service(r * PER_REQUEST + k, body));
      // Awaited first: `counted += await …` would read `counted` before the wait and lose the other requests' counts.
      const result = await bulk('services', items);
      counted += result[outcome];
    });
    if (counted !== SERVICES) throw new Error(`${outcome}: ${counted} of ${SERVICES}`);
    figures[`services_${outcome}_per_s`] = Math.round(SERVICES / seconds);
    figures[`services_${outcome}_seconds`] = Math.round(seconds * 100) / 100;
    figures[`services_${outcome}_request_p95_ms`] = percentile(latencies, 95);
    log(`${SERVICES} services ${outcome} in ${seconds.toFixed(2)} s`);
  }
  const audited = await server.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('entity', '=', 'service')
    .executeTakeFirstOrThrow();
  // Created and updated once each: the unchanged round wrote nothing.
  if (Number(audited.n) !== 2 * SERVICES) throw new Error(`audit entries for services: ${audited.n}, expected ${2 * SERVICES}`);
  figures.services_upserted_per_s = Math.round((2 * SERVICES) / (figures.services_created_seconds! + figures.services_updated_seconds!));
  return figures;
}
