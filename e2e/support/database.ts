import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';

/**
 * The journey server's embedded PostgreSQL, for a journey that checks what its screens wrote (or puts in what no
 * screen writes): one connection for the file, opened before its tests and closed after them.
 */
export function useDatabase(): pg.Client {
  const db = new pg.Client({ connectionString: inject('databaseUrl') });
  beforeAll(() => db.connect());
  afterAll(() => db.end());
  return db;
}
