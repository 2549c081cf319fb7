import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';

export interface StoredFile {
  sha256: string;
  sizeBytes: number;
  /** From the bytes, never from what the sender claimed. */
  contentType: string;
}

/** Images a browser may show inline; SVG is left out because it can carry script. */
const INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
export const isInlineImage = (contentType: string) => INLINE_IMAGES.has(contentType);

/**
 * Attachments on local disk, content-addressed by sha256: an identical file is
 * stored once, and a file is complete before anything refers to it (written
 * to a temporary name, then renamed).
 *
 * A file lands before the row that names it, so a write that fails after its
 * files landed leaves them unreferenced; `sweep` removes those once they are
 * older than a grace period. `put` touches a file it finds already there, so
 * a file's age is the time since anyone last stored it.
 */
export function attachmentStore(root: string) {
  const pathOf = (sha256: string) => path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  return {
    pathOf,
    async put(bytes: Buffer): Promise<StoredFile> {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const target = pathOf(sha256);
      if (!(await touch(target))) {
        await mkdir(path.dirname(target), { recursive: true });
        const temp = `${target}.${randomBytes(6).toString('hex')}${PARTIAL}`;
        await writeFile(temp, bytes, { mode: 0o640 });
        await rename(temp, target);
      }
      return { sha256, sizeBytes: bytes.length, contentType: await sniff(bytes) };
    },

    /**
     * Removes files untouched for `graceMs` that `referenced` does not name
     * (it answers which of the given sha256s some row names), and temporary
     * files of writes that never finished. Returns how many went.
     *
     * A file is first moved aside, then its age looked at again: a `put` that
     * touched it meanwhile gets it back, and a `put` after the move finds it
     * gone and writes it anew, so a row never names a missing file.
     */
    async sweep(referenced: (sha256s: string[]) => Promise<Set<string>>, graceMs: number): Promise<number> {
      const cutoff = Date.now() - graceMs;
      let removed = 0;
      for (const dir of await subdirectories(root, 2)) {
        const old: string[] = [];
        for (const name of await readdir(dir)) {
          const file = path.join(dir, name);
          const modified = await mtimeMs(file);
          if (modified === undefined || modified >= cutoff) continue;
          if (name.endsWith(PARTIAL) || name.endsWith(SWEEPING)) {
            removed += await doneUnlessGone(unlink(file));
          } else if (SHA256.test(name)) {
            old.push(name);
          }
        }
        if (!old.length) continue;
        const keep = await referenced(old);
        for (const sha256 of old.filter((h) => !keep.has(h))) {
          const file = path.join(dir, sha256);
          const aside = `${file}.${randomBytes(6).toString('hex')}${SWEEPING}`;
          if (!(await doneUnlessGone(rename(file, aside)))) continue;
          if (((await mtimeMs(aside)) ?? 0) < cutoff) removed += await doneUnlessGone(unlink(aside));
          else await rename(aside, file);
        }
      }
      return removed;
    },
  };
}
const PARTIAL = '.partial';
const SWEEPING = '.sweeping';
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * What `step` gives, or `whenGone` if its file or folder does not exist (a
 * first upload, another sweeper, a concurrent put); other errors stay errors.
 */
async function unlessGone<T>(step: Promise<T>, whenGone: T): Promise<T> {
  return step.catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return whenGone;
    throw err;
  });
}

/** Marks an existing file as just used; false when there is none. */
const touch = (file: string) =>
  unlessGone(
    utimes(file, new Date(), new Date()).then(() => true),
    false,
  );
const mtimeMs = (file: string) =>
  unlessGone<number | undefined>(
    stat(file).then((s) => s.mtimeMs),
    undefined,
  );
/** 1 when the step was done, 0 when its file was already gone. */
const doneUnlessGone = (step: Promise<void>) =>
  unlessGone(
    step.then(() => 1),
    0,
  );

/** The directories `depth` levels below `dir` (the store's xx/yy fan-out); none when `dir` does not exist. */
async function subdirectories(dir: string, depth: number): Promise<string[]> {
  if (depth === 0) return [dir];
  const entries = await unlessGone(readdir(dir, { withFileTypes: true }), []);
  const nested = await Promise.all(entries.filter((e) => e.isDirectory()).map((e) => subdirectories(path.join(dir, e.name), depth - 1)));
  return nested.flat();
}
export type AttachmentStore = ReturnType<typeof attachmentStore>;

async function sniff(bytes: Buffer): Promise<string> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) return detected.mime;
  // Logs and pasted output: valid UTF-8 without NUL bytes is served as plain text.
  const sample = bytes.subarray(0, 64 * 1024);
  if (!sample.includes(0) && Buffer.from(sample.toString('utf8'), 'utf8').equals(sample)) return 'text/plain';
  return 'application/octet-stream';
}
