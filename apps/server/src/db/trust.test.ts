import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Trust } from '@centrala/contracts';
import { describe, expect, it } from 'vitest';

const migrations = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const sql = readdirSync(migrations)
  .filter((file) => file.endsWith('.sql'))
  .map((file) => readFileSync(path.join(migrations, file), 'utf8'))
  .join('\n');

describe('trust levels (issue 11 point 4: `Trust` from contracts everywhere)', () => {
  it('the database accepts exactly the levels of `Trust`: a ticket every one but staff, a message every one', () => {
    const checks = [...sql.matchAll(/check \(trust in \(([^)]*)\)\)/g)].map((m) => m[1]!.split(',').map((v) => v.trim().slice(1, -1)));
    expect(checks).toEqual([Trust.options.filter((t) => t !== 'staff'), Trust.options]);
  });
});
