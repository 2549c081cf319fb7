import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Part = () => Promise<Record<string, number | string>>;

/**
 * Issue 13's figures: the provisioning API's bulk upserts (`services_upserted_per_s`, part `upsert`), a 100,000-row
 * CSV import (`import_100k_seconds`, part `import`) and signed webhook deliveries (`webhooks_per_s`, part
 * `webhooks`). Each part is a file in `provisioning/` exporting one async function that starts what it needs and
 * answers its figures; the suite runs the parts present, one after another, so no two share the machine.
 */
const PARTS = ['upsert', 'import', 'webhooks'] as const;

export async function provisioningBench(): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = {};
  for (const part of PARTS) {
    const file = fileURLToPath(new URL(`./provisioning/${part}.ts`, import.meta.url));
    if (!existsSync(file)) continue;
    const run = Object.values((await import(pathToFileURL(file).href)) as Record<string, unknown>).find(
      (v): v is Part => typeof v === 'function',
    );
    if (!run) throw new Error(`bench/suites/provisioning/${part}.ts exports no function`);
    process.stderr.write(`[provisioning] part ${part}\n`);
    Object.assign(figures, await run());
  }
  return figures;
}
