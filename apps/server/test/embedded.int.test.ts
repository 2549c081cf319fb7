import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../src/db/embedded.js';
import { freePort } from './setup/free-port.js';

const dirs: string[] = [];
async function tempDataDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'centrala-embedded-'));
  await chmod(dir, 0o755);
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL (issue 2: npm start needs no server)', () => {
  it('keeps its data across a stop and a start', async () => {
    const dataDir = await tempDataDir();
    const first = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    await query(first.url, "create table kept (v text); insert into kept values ('still here')");
    await first.stop();
    const second = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    expect(await query(second.url, 'select v from kept')).toEqual([{ v: 'still here' }]);
    await second.stop();
  });

  it('recovers from a start that was killed with SIGKILL, leaving PostgreSQL orphaned', async () => {
    const dataDir = await tempDataDir();
    const pgPort = await freePort();
    const script = `import { startEmbeddedPostgres } from ${JSON.stringify(path.resolve(import.meta.dirname, '../src/db/embedded.ts'))};
      await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${pgPort} }); console.log('ready'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    child.removeAllListeners('exit');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const again = await startEmbeddedPostgres({ dataDir, port: pgPort });
    expect(await query(again.url, 'select 1 as ok')).toEqual([{ ok: 1 }]);
    await again.stop();
  });

  it.runIf(process.getuid?.() === 0)('says what to do when the postgres OS user cannot reach the data directory', async () => {
    const closed = path.join(await tempDataDir(), 'closed');
    await mkdir(closed, { mode: 0o700 });
    const attempt = startEmbeddedPostgres({ dataDir: path.join(closed, 'data'), port: await freePort() });
    await expect(attempt).rejects.toBeInstanceOf(EmbeddedPostgresError);
    await expect(attempt).rejects.toThrow(/cannot reach .*DATA_DIR/s);
  });
});
