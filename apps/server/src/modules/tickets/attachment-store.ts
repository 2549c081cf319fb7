import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
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
 */
export function attachmentStore(root: string) {
  const pathOf = (sha256: string) => path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  return {
    pathOf,
    async put(bytes: Buffer): Promise<StoredFile> {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const target = pathOf(sha256);
      if (!existsSync(target)) {
        await mkdir(path.dirname(target), { recursive: true });
        const temp = `${target}.${randomBytes(6).toString('hex')}.partial`;
        await writeFile(temp, bytes, { mode: 0o640 });
        await rename(temp, target);
      }
      return { sha256, sizeBytes: bytes.length, contentType: await sniff(bytes) };
    },
  };
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
