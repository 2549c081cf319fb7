import { randomUUID } from 'node:crypto';
import type { NewTicket } from '@centrala/contracts';
import type { Keyed } from '../idempotency/index.js';
import type { UploadedFile } from '../tickets/index.js';
import type { Submission } from './pipeline.js';

/**
 * The client-area form as a submission: a logged-in user of an account (trust
 * `session`, R9), always a new ticket. Its raw input is the form as validated
 * and its files' descriptions (their bytes are in the attachment store). The
 * form's own de-duplication is its Idempotency-Key, recorded with its
 * request's hash so that a key reused for another request is refused: the
 * input's source id is its own.
 */
export function clientAreaSubmission(a: {
  userId: string;
  accountId: string;
  form: NewTicket;
  files: UploadedFile[];
  keyed?: Keyed | null;
}): Submission {
  const { subject, description, ...stated } = a.form;
  return {
    channel: 'ticket',
    trust: 'session',
    requester: { kind: 'user', userId: a.userId, accountId: a.accountId },
    inbound: { sourceId: randomUUID(), payload: { form: a.form, files: a.files.map(({ tempPath: _, ...file }) => file) } },
    subject,
    body: description,
    stated,
    files: a.files,
    keyed: a.keyed ?? null,
  };
}
