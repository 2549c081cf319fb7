import { randomUUID } from 'node:crypto';
import type { NewTicket } from '@centrala/contracts';
import type { Keyed } from '../idempotency/index.js';
import type { UploadedFile } from '../tickets/index.js';
import type { Submission } from './pipeline.js';

/**
 * A ticket opened through the API (issue 13 point 5) as a submission: another system holding a `tickets:write` token
 * (monitoring, the billing panel, a script) on an account's behalf, always a new ticket on the `api` channel.
 *
 * Trust `api` (docs/api.md "Trust"): the account was named by the provider's own authenticated system, so it is as
 * certain as a client-area session's, and the acknowledgement may speak of the account; but no customer proved
 * anything, and agents see that the ticket came from a system. The raw input is the request as validated, its files
 * described (their bytes are in the attachment store), and the token that sent it; its source id is its own, the
 * request's de-duplication being its Idempotency-Key, as the form's.
 */
export function apiSubmission(a: {
  token: { id: string; name: string };
  accountId: string;
  /** The contact (client user of the account) the system named as the requester, if any. */
  contactId: string | null;
  ticket: Pick<NewTicket, 'departmentId' | 'priority' | 'serviceId' | 'incident' | 'subject'> & { body: string };
  files: UploadedFile[];
  acknowledge: boolean;
  keyed?: Keyed | null;
}): Submission {
  const { subject, body, ...stated } = a.ticket;
  return {
    channel: 'api',
    trust: 'api',
    requester: { kind: 'account', accountId: a.accountId, userId: a.contactId },
    inbound: {
      sourceId: randomUUID(),
      payload: {
        token: a.token,
        request: { accountId: a.accountId, contactId: a.contactId, ...a.ticket, acknowledge: a.acknowledge },
        files: a.files.map(({ tempPath: _, ...file }) => file),
      },
    },
    subject,
    body,
    stated,
    files: a.files,
    keyed: a.keyed ?? null,
    acknowledge: a.acknowledge,
    via: { tokenId: a.token.id, label: a.token.name },
  };
}
