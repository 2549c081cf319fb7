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
  it("the database accepts exactly the levels of `Trust` on tickets and messages (each table's latest check)", () => {
    // A later migration redefines a check by its name (`alter table … add constraint tickets_trust_check …`): the last wins.
    const latest = new Map<string, string[]>();
    for (const m of sql.matchAll(/add constraint (\w+)_trust_check\s+check \(trust in \(([^)]*)\)\)/g))
      latest.set(
        m[1]!,
        m[2]!.split(',').map((v) => v.trim().slice(1, -1)),
      );
    expect(Object.fromEntries(latest)).toEqual({ tickets: Trust.options, ticket_messages: Trust.options });
  });
});
