import type { ApiFile } from '@centrala/contracts';
import { attachmentErrors, type AttachmentStore, type UploadedFile } from '../tickets/index.js';

/**
 * Files sent inside an API request's JSON, base64: as limited as the client-area form's (per file, and files per
 * request), sniffed and named by the same store. `with` hands them to a write and afterwards removes whatever no
 * write adopted, as the form's reader does.
 */
export function apiFiles(store: AttachmentStore, limits: { maxBytes: number; maxFiles: number }) {
  async function receive(files: ApiFile[]): Promise<UploadedFile[]> {
    if (files.length > limits.maxFiles) throw attachmentErrors.tooMany(limits.maxFiles, 'files');
    const received: UploadedFile[] = [];
    try {
      for (const [i, f] of files.entries()) {
        const bytes = Buffer.from(f.contentBase64, 'base64');
        if (bytes.length === 0) throw attachmentErrors.empty(f.filename, `files.${i}`);
        if (bytes.length > limits.maxBytes) throw attachmentErrors.tooLarge(f.filename, limits.maxBytes, `files.${i}`);
        received.push({ ...(await store.receiveBytes(bytes, limits.maxBytes)), filename: f.filename });
      }
      return received;
    } catch (err) {
      await discard(received);
      throw err;
    }
  }
  const discard = (files: UploadedFile[]) => Promise.all(files.map((f) => store.discard(f)));

  return {
    async with<T>(files: ApiFile[], use: (uploaded: UploadedFile[]) => Promise<T>): Promise<T> {
      const uploaded = await receive(files);
      try {
        return await use(uploaded);
      } finally {
        await discard(uploaded);
      }
    },
  };
}
