import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';

export interface StoredFile {
  sha256: string;
  sizeBytes: number;
  /** From the bytes, never from what the sender claimed. */
  contentType: string;
}

/** A file streamed to a temporary name in the store, not yet named by its content: `adopt` or `discard` it. */
export interface ReceivedFile {
  /** Null when the store held these bytes already (receiveBytes touched that file instead of writing a copy). */
  tempPath: string | null;
  sha256: string;
  sizeBytes: number;
  contentType: string;
}

/** The code of the error `receive` fails with on a file longer than its limit; nothing of it is left on disk. */
export const FILE_TOO_LARGE = 'attachment.file_too_large';
class FileTooLargeError extends Error {
  readonly code = FILE_TOO_LARGE;
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
  // Beside the fan-out, on the same file system, so adopting a file is a rename.
  const incoming = path.join(root, 'incoming');
  const store = {
    pathOf,
    /**
     * Streams `source` to a temporary file in the store's `incoming` folder,
     * hashing and counting as it goes, so a file is never held in memory
     * whole. Over `maxBytes` it stops and fails with FileTooLargeError; on any
     * failure (a client that hung up too) the temporary file is removed.
     */
    async receive(source: Readable, maxBytes = Number.POSITIVE_INFINITY): Promise<ReceivedFile> {
      await mkdir(incoming, { recursive: true });
      const tempPath = path.join(incoming, `${randomBytes(12).toString('hex')}${PARTIAL}`);
      const hash = createHash('sha256');
      let sizeBytes = 0;
      const heads: Buffer[] = [];
      let headBytes = 0;
      const measure = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          sizeBytes += chunk.length;
          if (sizeBytes > maxBytes) return done(new FileTooLargeError());
          hash.update(chunk);
          if (headBytes < SNIFF_BYTES) {
            heads.push(chunk.subarray(0, SNIFF_BYTES - headBytes));
            headBytes += heads.at(-1)!.length;
          }
          done(null, chunk);
        },
      });
      // Opened here, not by the stream: the file exists before any byte flows, so a failure at any moment finds it to remove.
      const file = await open(tempPath, 'wx', 0o640);
      try {
        await pipeline(source, measure, file.createWriteStream());
        return { tempPath, sha256: hash.digest('hex'), sizeBytes, contentType: await sniff(tempPath, Buffer.concat(heads)) };
      } catch (err) {
        await file.close().catch(() => {});
        await doneUnlessGone(unlink(tempPath));
        throw err;
      }
    },

    /**
     * Bytes already in memory (a parsed mail's attachment): hashed and sniffed there instead of streamed through a
     * file and read back. When the store holds the same bytes already (a logo or an invoice mailed again), that file
     * is touched, which keeps the sweep off it until it is adopted, and nothing is written; otherwise the bytes go to
     * a temporary file as `receive`'s do. Writing and re-reading each attachment cost about 1 ms of CPU per file here.
     */
    async receiveBytes(bytes: Buffer, maxBytes = Number.POSITIVE_INFINITY): Promise<ReceivedFile> {
      if (bytes.length > maxBytes) throw new FileTooLargeError();
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const found = { sha256, sizeBytes: bytes.length, contentType: await sniffBytes(bytes) };
      if (await touch(pathOf(sha256))) return { tempPath: null, ...found };
      await mkdir(incoming, { recursive: true });
      const tempPath = path.join(incoming, `${randomBytes(12).toString('hex')}${PARTIAL}`);
      try {
        await writeFile(tempPath, bytes, { flag: 'wx', mode: 0o640 });
      } catch (err) {
        await doneUnlessGone(unlink(tempPath));
        throw err;
      }
      return { tempPath, ...found };
    },

    /**
     * Moves a received file to its content address (or, when an identical
     * file is there already, touches that one and drops the copy).
     */
    async adopt(file: ReceivedFile): Promise<StoredFile> {
      const target = pathOf(file.sha256);
      // No temporary file: the bytes were in place and touched when received, and the sweep takes only files
      // untouched for its grace (a day), so there is nothing to move or touch again.
      if (file.tempPath !== null) {
        if (await touch(target)) {
          await doneUnlessGone(unlink(file.tempPath));
        } else {
          await mkdir(path.dirname(target), { recursive: true });
          await rename(file.tempPath, target);
        }
      }
      return { sha256: file.sha256, sizeBytes: file.sizeBytes, contentType: file.contentType };
    },

    /** Removes a received file that was not adopted; nothing when it was. */
    async discard(file: Pick<ReceivedFile, 'tempPath'>): Promise<void> {
      if (file.tempPath !== null) await doneUnlessGone(unlink(file.tempPath));
    },

    /** Stores bytes already in memory (a test's or a tool's, not an upload's). */
    async put(bytes: Buffer): Promise<StoredFile> {
      return store.adopt(await store.receive(Readable.from([bytes])));
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
      // Uploads cut off by a crash: a live one is written to continuously, so never this old.
      for (const name of await unlessGone(readdir(incoming), [])) {
        const file = path.join(incoming, name);
        if (((await mtimeMs(file)) ?? cutoff) < cutoff) removed += await doneUnlessGone(unlink(file));
      }
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
  return store;
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

/** How much of a file's start is kept while streaming, to tell text from binary. */
const SNIFF_BYTES = 64 * 1024;

async function sniff(file: string, sample: Buffer): Promise<string> {
  return (await fileTypeFromFile(file))?.mime ?? textOrBinary(sample);
}

/** The same verdict as `sniff`'s, from bytes in memory. */
async function sniffBytes(bytes: Buffer): Promise<string> {
  return (await fileTypeFromBuffer(bytes))?.mime ?? textOrBinary(bytes.subarray(0, SNIFF_BYTES));
}

/** Logs and pasted output: valid UTF-8 without NUL bytes is served as plain text. */
function textOrBinary(sample: Buffer): string {
  if (!sample.includes(0) && Buffer.from(sample.toString('utf8'), 'utf8').equals(sample)) return 'text/plain';
  return 'application/octet-stream';
}
