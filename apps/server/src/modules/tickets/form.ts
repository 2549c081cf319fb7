import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { formatBytes, type ErrorCode, type LocalizedText } from '@centrala/contracts';
import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import type { z } from 'zod';
import { AppError, Errors } from '../../shared/errors.js';
import { formReadError } from '../../shared/form-errors.js';
import { controlCharacterErrors } from '../../shared/text-rule.js';
import { counted, locales, text, type CountedNoun } from '../../shared/text.js';
import { fieldErrors } from '../../shared/validation-messages.js';
import { FILE_TOO_LARGE, type AttachmentStore, type ReceivedFile } from './attachment-store.js';

export interface FormUpload<T> {
  payload: T;
  /** Streamed to the store's temporary files; adopted by the write that names them. */
  files: (ReceivedFile & { filename: string })[];
  /** Removes the files no write adopted: call it when the request is done, whatever happened. */
  discard(): Promise<void>;
}

export interface FormLimits {
  maxBytes: number;
  maxFiles: number;
  store: AttachmentStore;
}

/**
 * Reads a multipart form of one JSON part `payload` (checked against `schema`)
 * and file parts `attachments`, with the configured limits. Each file is
 * streamed to a temporary file, never held in memory whole. The payload is
 * checked as soon as it arrives (the web app sends it first), so a bad form
 * writes no file; files sent before it, and every file of a form that fails
 * for any reason (a client hanging up too), are removed before this throws.
 */
async function readTicketForm<S extends z.ZodType>(req: FastifyRequest, schema: S, limits: FormLimits): Promise<FormUpload<z.infer<S>>> {
  if (!req.isMultipart()) throw Errors.unsupportedMedia('multipart/form-data');
  let payload: { value: z.infer<S> } | undefined;
  const files: FormUpload<unknown>['files'] = [];
  const discard = async () => {
    await Promise.all(files.splice(0).map((f) => limits.store.discard(f)));
  };
  try {
    for await (const part of req.parts({
      // One byte over the limit reaches the store, which refuses it by the file's name.
      limits: { fileSize: limits.maxBytes + 1, files: limits.maxFiles, fields: 5, fieldSize: 1024 * 1024 },
    })) {
      if (part.type === 'field') {
        if (part.fieldname === 'payload' && payload === undefined) payload = { value: checkedPayload(part.value, schema) };
        continue;
      }
      // A stray file part is drained, not kept.
      if (part.fieldname !== 'attachments') {
        await pipeline(part.file, new Writable({ write: (_chunk, _encoding, done) => done() }));
        continue;
      }
      const received = await receive(part, limits);
      files.push({ ...received, filename: part.filename });
      if (received.sizeBytes === 0) throw attachmentErrors.empty(part.filename);
    }
    if (payload === undefined)
      throw Errors.invalid([
        { path: 'payload', code: 'required', message: text('The form data is missing.', 'Nedostaju podaci obrasca.') },
      ]);
    return { payload: payload.value, files, discard };
  } catch (err) {
    await discard();
    throw formError(err, limits);
  }
}

/**
 * Reads the form, runs `use`, and then removes whatever of the form's files no write adopted: every route taking a
 * form (a new ticket, a reply) reads it through here, so no request leaves files behind.
 */
export async function withTicketForm<S extends z.ZodType, T>(
  req: FastifyRequest,
  schema: S,
  limits: FormLimits,
  use: (form: FormUpload<z.infer<S>>) => Promise<T>,
): Promise<T> {
  const form = await readTicketForm(req, schema, limits);
  try {
    return await use(form);
  } finally {
    await form.discard();
  }
}

/** What a keyed request asked beyond its path: the form, and its files by name and content. */
export const formAsked = (form: FormUpload<unknown>) => ({ payload: form.payload, files: form.files.map((f) => [f.filename, f.sha256]) });

/**
 * The payload part as text, or already parsed when it was sent as
 * `application/json` (the multipart plugin parses those): either is the same form.
 */
function checkedPayload<S extends z.ZodType>(value: unknown, schema: S): z.infer<S> {
  let json: unknown = value;
  if (typeof value === 'string') {
    try {
      json = JSON.parse(value);
    } catch {
      throw Errors.invalidJson();
    }
  }
  const controls = controlCharacterErrors(json);
  if (controls.length) throw Errors.invalid(controls);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw Errors.invalid(fieldErrors(parsed.error.issues, json));
  return parsed.data;
}

/** A file part into the store; one over the size limit is refused by its name, so the customer knows which to leave out. */
async function receive(part: MultipartFile, limits: FormLimits): Promise<ReceivedFile> {
  try {
    return await limits.store.receive(part.file, limits.maxBytes);
  } catch (err) {
    if ((err as { code?: string }).code !== FILE_TOO_LARGE) throw err;
    // The rest of the part is not read: the form is refused, and the plugin ends the request's parsing.
    throw attachmentErrors.tooLarge(part.filename, limits.maxBytes);
  }
}

function formError(err: unknown, limits: FormLimits): unknown {
  if ((err as { code?: string }).code === 'FST_FILES_LIMIT') return attachmentErrors.tooMany(limits.maxFiles);
  return formReadError(err);
}

// Accusative, as in "Priložite najviše 1 datoteku".
const FILES: CountedNoun = { en: { one: 'file', other: 'files' }, hr: { one: 'datoteku', few: 'datoteke', other: 'datoteka' } };

/** The size as the web app shows it (formatBytes), in the locales of the server's messages. */
const fileSize = (bytes: number): LocalizedText => ({ en: formatBytes(bytes, locales.en), hr: formatBytes(bytes, locales.hr) });

/** A file refused, by its name, so the sender knows which to leave out; `path` is the field the files came in. */
export const attachmentErrors = {
  empty: (name: string, path = 'attachments') =>
    attachmentError('attachment.empty', `${name} is empty.`, `Datoteka ${name} je prazna.`, path),
  tooLarge: (name: string, maxBytes: number, path = 'attachments') => {
    const size = fileSize(maxBytes);
    return attachmentError('attachment.too_large', `${name} is larger than ${size.en}.`, `Datoteka ${name} je veća od ${size.hr}.`, path);
  },
  tooMany: (maxFiles: number, path = 'attachments') => {
    const most = counted(maxFiles, FILES);
    return attachmentError('attachment.too_many', `Attach at most ${most.en}.`, `Priložite najviše ${most.hr}.`, path);
  },
};

function attachmentError(code: ErrorCode, en: string, hr: string, path: string) {
  return new AppError(code, text(en, hr), [{ path, code, message: text(en, hr) }]);
}
