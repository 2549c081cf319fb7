import { formatBytes, IMPORT_EXAMPLES, IMPORT_MAX_BYTES, ImportKind, ImportSummary } from '@centrala/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, Errors } from '../../shared/errors.js';
import { formReadError } from '../../shared/form-errors.js';
import { locales, text } from '../../shared/text.js';
import { fieldErrors } from '../../shared/validation-messages.js';
import { policies } from '../auth/index.js';
import { formatOf } from './read.js';
import type { ImportsRepository } from './repository.js';

const IdParams = z.object({ id: z.uuid() });
const UploadFields = z.object({ kind: ImportKind });

export const importsRoutes: FastifyPluginAsyncZod<{ imports: ImportsRepository }> = async (app, { imports }) => {
  // Importing writes the whole directory: admins only.
  app.addHook('preHandler', async (req) => {
    policies.staff(req, 'admin');
  });

  app.post(
    '/api/admin/imports',
    {
      schema: {
        tags: ['admin'],
        summary: 'Upload a file and dry-run it',
        description:
          'A multipart form of a `kind` field (accounts, contacts or services) and one `file` part (CSV or JSON, ' +
          `at most ${formatBytes(IMPORT_MAX_BYTES, locales.en)}). Every row is checked; nothing is written. ` +
          'The answer lists the first bad rows; a file without any is `ready` to import.',
        consumes: ['multipart/form-data'],
        response: { 201: ImportSummary },
      },
    },
    async (req, reply) => {
      const me = policies.staff(req, 'admin');
      const form = await readUpload(req);
      const summary = await imports.create({ ...form, actor: { kind: 'staff', id: me.user.id, label: me.user.email } });
      return reply.code(201).send(summary);
    },
  );

  app.get(
    '/api/admin/imports/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'An import: its dry run, state and progress',
        params: IdParams,
        response: { 200: ImportSummary },
      },
    },
    async (req) => {
      const summary = await imports.get(req.params.id);
      if (!summary) throw Errors.notFound('import');
      return summary;
    },
  );

  app.post(
    '/api/admin/imports/:id/start',
    {
      schema: {
        tags: ['admin'],
        summary: 'Import a file whose dry run found no bad rows',
        description: 'Runs in the background, in batches of 1000; poll the import for its progress.',
        params: IdParams,
        response: { 202: ImportSummary },
      },
    },
    async (req, reply) => reply.code(202).send(await imports.start(req.params.id)),
  );

  app.get(
    '/api/admin/imports/examples/:kind',
    {
      schema: {
        tags: ['admin'],
        summary: 'An example CSV file of the kind',
        params: z.object({ kind: ImportKind }),
        produces: ['text/csv'],
        response: { 200: z.string() },
      },
    },
    async (req, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${req.params.kind}-example.csv"`)
        .send(IMPORT_EXAMPLES[req.params.kind]),
  );
};

/** The upload's kind and file; the file is held in memory, which the size limit bounds. */
async function readUpload(req: FastifyRequest) {
  if (!req.isMultipart()) throw Errors.unsupportedMedia('multipart/form-data');
  const fields: Record<string, unknown> = {};
  let file: { fileName: string; content: Buffer } | undefined;
  try {
    for await (const part of req.parts({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 2, fieldSize: 100 } })) {
      if (part.type === 'field') fields[part.fieldname] = part.value;
      else if (part.fieldname === 'file') file = { fileName: part.filename, content: await part.toBuffer() };
      else await part.toBuffer();
    }
  } catch (err) {
    throw uploadError(err);
  }
  const parsed = UploadFields.safeParse(fields);
  if (!parsed.success) throw Errors.invalid(fieldErrors(parsed.error.issues, fields));
  if (!file)
    throw Errors.invalid([
      { path: 'file', code: 'required', message: text('Choose a file to upload.', 'Odaberite datoteku za učitavanje.') },
    ]);
  const fileName =
    file.fileName
      .replace(/^.*[\\/]/, '')
      .replace(/[\p{Cc}\p{Cf}]/gu, '')
      .slice(0, 255) || 'upload';
  return { kind: parsed.data.kind, fileName, format: formatOf(fileName, file.content), content: file.content };
}

function uploadError(err: unknown): unknown {
  switch ((err as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE': {
      const most = { en: formatBytes(IMPORT_MAX_BYTES, locales.en), hr: formatBytes(IMPORT_MAX_BYTES, locales.hr) };
      return new AppError(
        'import.too_large',
        text(
          `The file is larger than ${most.en}. Split it into several files and import them one after another.`,
          `Datoteka je veća od ${most.hr}. Podijelite je na nekoliko datoteka i uvezite ih jednu za drugom.`,
        ),
      );
    }
    case 'FST_FILES_LIMIT':
      return Errors.invalid([
        { path: 'file', code: 'too_many', message: text('Upload one file at a time.', 'Učitajte jednu po jednu datoteku.') },
      ]);
  }
  return formReadError(err);
}
