import { importBench } from './provisioning/import.js';
import { upsertBench } from './provisioning/upsert.js';
import { webhooksBench } from './provisioning/webhooks.js';

/**
 * Issue 13's figures: the provisioning API's bulk upserts (`services_upserted_per_s`, part `upsert`), a 100,000-row
 * CSV import (`import_100k_seconds`, part `import`) and signed webhook deliveries (`webhooks_per_s`, part
 * `webhooks`). Each part starts the server it needs and answers its figures; they run one after another, so no two
 * share the machine. BENCH_PROVISIONING_SEED=1 first loads each part's database with the tickets suite's million
 * tickets (and their accounts and services), the scale a provider's directory and queue have.
 */
const PARTS = { upsert: upsertBench, import: importBench, webhooks: webhooksBench };

export async function provisioningBench(): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = {};
  for (const [name, run] of Object.entries(PARTS)) {
    process.stderr.write(`[provisioning] part ${name}\n`);
    Object.assign(figures, await run());
  }
  return figures;
}
