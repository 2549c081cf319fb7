import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the events folder', () => {
  it('imports no module: listeners are handed to it by the composition root, so every module may emit', () => {
    const dir = path.dirname(fileURLToPath(import.meta.url));
    const imports = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...readFileSync(path.join(dir, f), 'utf8').matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)].map((m) => `${f}: ${m[1]}`));
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => i.includes('modules'))).toEqual([]);
  });
});
