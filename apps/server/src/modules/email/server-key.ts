import { createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StartupError } from '../../startup-error.js';

/**
 * The server's 32-byte key for sealing secrets in stored mail: SECRET_KEY when
 * set (the same on every node), else a random key kept in DATA_DIR/secret.key,
 * made on first start. Several processes may start at once: the file appears
 * whole (linked from a finished temporary file) or not at all.
 */
export function serverKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return createHash('sha256').update(configured).digest();
  const file = path.join(dataDir, 'secret.key');
  try {
    return keyIn(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(temporary, { force: true });
  }
  return keyIn(file);
}

/** The key kept in `file`; a file that holds no such key (truncated, edited) stops the start with what to do. */
function keyIn(file: string): Buffer {
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new StartupError(
      `${file} holds no ${KEY_BYTES}-byte key: set SECRET_KEY (the same on every node), or remove the file for a new one ` +
        '(reset links already sealed with the old key can then not be delivered).',
    );
  }
  return key;
}

const KEY_BYTES = 32;
