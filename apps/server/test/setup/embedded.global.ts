import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { freePort } from './free-port.js';
import { createTemplate, serverUrlOf } from './template.js';

/** Starts a throwaway embedded PostgreSQL for the integration suite. */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'centrala-test-pg-'));
  // The server runs as the postgres OS user when we are root; it must reach this folder.
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const embedded = await startEmbeddedPostgres({ dataDir, port, database: 'postgres' });
  const serverUrl = serverUrlOf(embedded.url);
  const template = await createTemplate(serverUrl);
  project.provide('pgServerUrl', serverUrl);
  project.provide('templateDatabase', template.name);
  return async () => {
    await template.drop();
    await embedded.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
