import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchServer } from '../../harness.js';
import { seededIfAsked } from './scale.js';

const CLI = fileURLToPath(new URL('../../../apps/server/src/cli.ts', import.meta.url));
const SERVICES = Number(process.env.BENCH_IMPORT_SERVICES ?? 100_000);
const ACCOUNTS = Number(process.env.BENCH_IMPORT_ACCOUNTS ?? 5_000);

/**
 * Issue 13 point 3: 100,000 services of 5,000 accounts imported from one CSV file (goal ≤ 60 s), on a bench
 * server's throwaway database. The accounts are imported first, untimed; the services file is then imported by
 * `centrala import services FILE`, which is the admin page's path (the same dry run and the same batched job, run in
 * the command instead of the worker). `import_100k_seconds` is the whole command: start, dry run of every row,
 * import, exit; `import_dry_run_seconds` the same command with `--dry-run` (start and dry run alone).
 */
export async function importBench(): Promise<Record<string, number>> {
  const log = (msg: string) => process.stderr.write(`[provisioning] ${msg}\n`);
  const server = await startBenchServer();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'centrala-bench-import-'));
  try {
    const scale = await seededIfAsked(server.databaseUrl);
    const accounts = path.join(dir, 'accounts.csv');
    const services = path.join(dir, 'services.csv');
    await writeFile(accounts, accountsCsv());
    await writeFile(services, servicesCsv());
    const env = { DATABASE_URL: server.databaseUrl, DATA_DIR: dir, LOG_LEVEL: 'warn' };
    log(`import: ${ACCOUNTS} accounts`);
    await centrala(['import', 'accounts', accounts], env);
    log(`import: ${SERVICES} services, dry run`);
    const dryStarted = performance.now();
    await centrala(['import', 'services', services, '--dry-run'], env);
    const drySeconds = (performance.now() - dryStarted) / 1000;
    log(`import: ${SERVICES} services`);
    const started = performance.now();
    const out = await centrala(['import', 'services', services], env);
    const seconds = (performance.now() - started) / 1000;
    if (!out.includes(`created ${SERVICES},`)) throw new Error(`the import did not create every service:\n${out.slice(-2000)}`);
    return { ...scale, import_100k_seconds: Math.round(seconds * 10) / 10, import_dry_run_seconds: Math.round(drySeconds * 10) / 10 };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await server.close();
  }
}

function accountsCsv(): string {
  const lines = ['external_id,name,email'];
  for (let a = 0; a < ACCOUNTS; a++) lines.push(`BA-${a},Bench customer ${a},billing-${a}@bench.example`);
  return `${lines.join('\n')}\n`;
}

function servicesCsv(): string {
  const lines = ['external_id,account_external_id,name,order_number,product,location,status,ip_addresses'];
  for (let s = 0; s < SERVICES; s++) {
    const ip = `10.${(s >> 16) & 255}.${(s >> 8) & 255}.${s & 255}`;
    lines.push(`BS-${s},BA-${s % ACCOUNTS},vps-${s}.bench.example,#${500000 + s},VPS M,Zagreb,active,${ip}`);
  }
  return `${lines.join('\n')}\n`;
}

function centrala(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`centrala ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}
