import { formatBytes, type LocalizedText } from '@centrala/contracts';
import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import type { z } from 'zod';
import { AppError, counted, Errors, locales, text, type CountedNoun } from './errors.js';
import { fieldErrors } from './validation-messages.js';

export interface FormUpload<T> {
  payload: T;
  files: { filename: string; bytes: Buffer }[];
}

/**
 * Reads a multipart form of one JSON part `payload` (checked against `schema`)
 * and file parts `attachments`, with the configured limits. Everything is read
 * and checked before anything is stored, so a bad form saves nothing.
 */
export async function readTicketForm<S extends z.ZodType>(
  req: FastifyRequest,
  schema: S,
  limits: { maxBytes: number; maxFiles: number },
): Promise<FormUpload<z.infer<S>>> {
  if (!req.isMultipart()) throw Errors.unsupportedMedia('multipart/form-data');
  let raw: string | undefined;
  const files: FormUpload<unknown>['files'] = [];
  try {
    for await (const part of req.parts({
      limits: { fileSize: limits.maxBytes, files: limits.maxFiles, fields: 5, fieldSize: 1024 * 1024 },
    })) {
      if (part.type === 'field') {
        if (part.fieldname === 'payload') raw = String(part.value);
        continue;
      }
      // A stray file part is read too, to drain it, but not kept.
      const bytes = await fileBytes(part, limits.maxBytes);
      if (part.fieldname !== 'attachments') continue;
      if (bytes.length === 0)
        throw attachmentError(400, 'attachment.empty', `${part.filename} is empty.`, `Datoteka ${part.filename} je prazna.`);
      files.push({ filename: part.filename, bytes });
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    if ((err as { code?: string }).code === 'FST_FILES_LIMIT') {
      const most = counted(limits.maxFiles, FILES);
      throw attachmentError(413, 'attachment.too_many', `Attach at most ${most.en}.`, `Priložite najviše ${most.hr}.`);
    }
    throw err;
  }
  if (raw === undefined)
    throw Errors.invalid([{ path: 'payload', code: 'required', message: text('The form data is missing.', 'Nedostaju podaci obrasca.') }]);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw Errors.invalidJson();
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw Errors.invalid(fieldErrors(parsed.error.issues));
  return { payload: parsed.data, files };
}

// Accusative, as in "Priložite najviše 1 datoteku".
const FILES: CountedNoun = { en: { one: 'file', other: 'files' }, hr: { one: 'datoteku', few: 'datoteke', other: 'datoteka' } };

/** A file part's bytes; one over the size limit is refused by its name, so the customer knows which to leave out. */
async function fileBytes(part: MultipartFile, maxBytes: number): Promise<Buffer> {
  try {
    return await part.toBuffer();
  } catch (err) {
    if ((err as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw err;
    const size = fileSize(maxBytes);
    throw attachmentError(
      413,
      'attachment.too_large',
      `${part.filename} is larger than ${size.en}.`,
      `Datoteka ${part.filename} je veća od ${size.hr}.`,
    );
  }
}

/** The size as the web app shows it (formatBytes), in the locales of the server's messages. */
const fileSize = (bytes: number): LocalizedText => ({ en: formatBytes(bytes, locales.en), hr: formatBytes(bytes, locales.hr) });

function attachmentError(status: number, code: string, en: string, hr: string) {
  return new AppError(status, code, text(en, hr), [{ path: 'attachments', code, message: text(en, hr) }]);
}
