import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModules } from '../src/modules.js';
import type { IntakePipeline } from '../src/modules/intake/index.js';
import { createCustomer, createStaff, departmentId, login, useTestApp, type LoggedIn } from './helpers.js';

/**
 * What issue 11 changed, as a hostile client (or two busy agents) sends it. Each case here failed on a running server
 * before its fix.
 */
describe('issue 11 against a hostile client', () => {
  const ctx = useTestApp();
  let intake: IntakePipeline;
  let technical: string;
  let ana: LoggedIn;
  let luka: LoggedIn;

  beforeAll(async () => {
    intake = buildModules({ config: ctx.config, db: ctx.db }).intake;
    technical = await departmentId(ctx.db, 'technical');
    ana = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    luka = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
  });

  const accountless = async () =>
    (
      await intake.submit({
        channel: 'email',
        trust: 'anonymous',
        requester: { kind: 'contact', email: 'stranger@example.net', accountId: null, userId: null },
        inbound: { sourceId: `<${randomUUID()}@mail.example.net>`, payload: {} },
        subject: 'Accountless',
        body: 'Which account is mine?',
        files: [],
        stated: {
          departmentId: technical,
          priority: 'regular',
          serviceId: null,
          incident: { ipOrOrder: '', startedAtLocal: null, startedAtZone: null, diagnostics: '' },
        },
      })
    ).reference;

  // The second of two agents linking the same account at once was told 409 ticket.account_already_linked, though the
  // ticket belonged to the very account it asked for, which a link one after the other answers 200.
  it('two agents linking an accountless ticket to the same account at once are both answered 200, one event', async () => {
    const { accountId } = await createCustomer(ctx.db);
    for (let i = 0; i < 5; i++) {
      const ref = await accountless();
      const answers = await Promise.all(
        [ana, luka].map((agent) =>
          ctx.app.inject({ method: 'PUT', url: `/api/agent/tickets/${ref}/account`, headers: agent.headers, payload: { accountId } }),
        ),
      );
      for (const res of answers) {
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toMatchObject({ reference: ref, accountId });
      }
      const detail = (await ctx.app.inject({ method: 'GET', url: `/api/agent/tickets/${ref}`, headers: ana.headers })).json();
      expect(detail.events.filter((e: { kind: string }) => e.kind === 'account')).toHaveLength(1);
    }
  });
});
