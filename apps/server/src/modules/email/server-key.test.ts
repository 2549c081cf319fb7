import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StartupError } from '../../startup-error.js';
import { serverKey } from './server-key.js';

describe('serverKey (issue 9 point 9: the key that seals reset links)', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('makes a key in DATA_DIR once and reads the same one after', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'centrala-key-'));
    const first = serverKey(undefined, dir);
    expect(first).toHaveLength(32);
    expect(serverKey(undefined, dir).equals(first)).toBe(true);
  });

  it('stops the start in one line naming the file and the fix when secret.key holds no key', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'centrala-key-'));
    await writeFile(path.join(dir, 'secret.key'), 'not a key\n');
    expect(() => serverKey(undefined, dir!)).toThrow(StartupError);
    expect(() => serverKey(undefined, dir!)).toThrow(/secret\.key holds no 32-byte key: set SECRET_KEY/);
  });
});
