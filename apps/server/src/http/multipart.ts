import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart';
import type { z } from 'zod';
import { AppError, Errors, text } from './errors.js';
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
  if (!req.isMultipart()) throw Errors.unsupportedMedia();
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
      if (part.fieldname !== 'attachments') {
        await part.toBuffer();
        continue;
      }
      const bytes = await part.toBuffer();
      if (bytes.length === 0)
        throw attachmentError(400, 'attachment.empty', `${part.filename} is empty.`, `Datoteka ${part.filename} je prazna.`);
      files.push({ filename: part.filename, bytes });
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      const mib = Math.round((limits.maxBytes / 1024 / 1024) * 10) / 10;
      throw attachmentError(413, 'attachment.too_large', `A file is larger than ${mib} MiB.`, `Datoteka je veća od ${mib} MiB.`);
    }
    if (code === 'FST_FILES_LIMIT') {
      throw attachmentError(
        413,
        'attachment.too_many',
        `Attach at most ${limits.maxFiles} files.`,
        `Priložite najviše ${limits.maxFiles} datoteka.`,
      );
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

function attachmentError(status: number, code: string, en: string, hr: string) {
  return new AppError(status, code, text(en, hr), [{ path: 'attachments', code, message: text(en, hr) }]);
}
