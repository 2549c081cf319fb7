import { randomUUID } from 'node:crypto';
import type { PhoneCall } from '../tickets/index.js';
import type { Submission } from './pipeline.js';

/**
 * A phone call as a submission: the customer's own request (the requester is the contact who called, the first
 * message theirs), on the `ticket` channel, so it is owed the promise a ticket filed in the client area is, clocked
 * and acknowledged (mail and client area) like one. Its trust is `staff`: the agent who took the call identified the
 * caller; the history names that agent. Its raw input is the form as the agent sent it.
 */
export function phoneSubmission(call: PhoneCall): Submission {
  const { files, keyed, ...said } = call;
  return {
    channel: 'ticket',
    trust: 'staff',
    requester: { kind: 'user', userId: call.contactId, accountId: call.accountId },
    inbound: { sourceId: randomUUID(), payload: { phone: said, files: files.map(({ tempPath: _, ...file }) => file) } },
    subject: call.subject,
    body: call.body,
    stated: {
      departmentId: call.departmentId,
      priority: call.priority,
      serviceId: call.serviceId,
      incident: { ipOrOrder: '', startedAtLocal: null, startedAtZone: null, diagnostics: '' },
    },
    files,
    keyed,
    takenBy: { agentId: call.agent.id, agentName: call.agent.name },
  };
}
