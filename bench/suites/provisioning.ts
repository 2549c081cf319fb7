import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { apiTokens } from '../../apps/server/src/modules/auth/index.js';
import { startBenchServer, type BenchServer } from '../harness.js';

/** What each part of the suite is handed: one server on a throwaway database, and a token with every scope. */
export interface ProvisioningContext {
  server: BenchServer;
  /** `Authorization` header of an API token with accounts:read/write and tickets:read/write. */
  authorization: string;
  log(msg: string): void;
}

/**
 * Issue 13's figures: the provisioning API's bulk upserts (`services_upserted_per_s`, part `upsert`), a 100,000-row
 * CSV import (`import_100k_seconds`, part `import`) and signed webhook deliveries (`webhooks_per_s`, part
 * `webhooks`). Each part is a file in `provisioning/` whose default export takes the context and answers its
 * figures; the suite runs the parts present, in that order, on one server.
 */
const PARTS = ['upsert', 'import', 'webhooks'] as const;

export async function provisioningBench(): Promise<Record<string, number | string>> {
  const log = (msg: string) => process.stderr.write(`[provisioning] ${msg}\n`);
  const figures: Record<string, number | string> = { provisioning_load_before: Math.round(os.loadavg()[0]! * 100) / 100 };
  const server = await startBenchServer();
  try {
    const creator = await server.db
      .insertInto('users')
      .values({
        kind: 'staff',
        role: 'admin',
        account_id: null,
        email: 'bench-provisioning@centrala.test',
        name: 'Bench',
        password_hash: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { secret } = await apiTokens(server.db).create({
      name: 'bench sync',
      scopes: ['accounts:read', 'accounts:write', 'tickets:read', 'tickets:write'],
      createdBy: creator.id,
    });
    const context: ProvisioningContext = { server, authorization: `Bearer ${secret}`, log };
    for (const part of PARTS) {
      const file = fileURLToPath(new URL(`./provisioning/${part}.ts`, import.meta.url));
      if (!existsSync(file)) continue;
      const run = (
        (await import(pathToFileURL(file).href)) as { default: (c: ProvisioningContext) => Promise<Record<string, number | string>> }
      ).default;
      log(`part ${part}`);
      Object.assign(figures, await run(context));
    }
  } finally {
    await server.close();
  }
  return figures;
}
