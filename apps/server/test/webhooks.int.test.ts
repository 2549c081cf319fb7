import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { mailSeal, serverKey } from '../src/modules/email/index.js';
import { webhookTickets } from '../src/modules/tickets/index.js';
import { egressGuard, startWebhookLoop, verifySignature, webhookDelivery } from '../src/modules/webhooks/index.js';
import { buildNode, createCustomer, createStaff, departmentId, eventually, login, postForm, useTestApp, type LoggedIn } from './helpers.js';

/**
 * Signed webhooks out (issue 13 point 6): a receiver of the test's own on 127.0.0.1 (allowed for this file through
 * WEBHOOK_ALLOWED_NETWORKS, http through WEBHOOK_ALLOW_HTTP) verifies every signature; the delivery loop is the
 * worker's, with a short backoff and timeout so retries and a slow receiver fit in a test.
 */
interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

describe('webhooks (issue 13 point 6)', () => {
  const ctx = useTestApp({ WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32' });
  const received: Received[] = [];
  /** Answers per path: how many next requests to answer 500. */
  const failNext = new Map<string, number>();
  let receiver: http.Server;
  let base: string;
  let admin: LoggedIn;
  let agent: LoggedIn;
  let customer: LoggedIn;
  let strict: FastifyInstance;
  let loop: ReturnType<typeof startWebhookLoop>;

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
        // A receiver that sleeps 30 s: our timeout (2 s here) gives up on it long before.
        if (path === '/slow') return void setTimeout(() => res.end('late'), 30_000);
        const failing = failNext.get(path) ?? 0;
        if (failing > 0) {
          failNext.set(path, failing - 1);
          res.writeHead(500).end(`boom ${'x'.repeat(5000)}`);
        } else res.writeHead(200).end('thanks');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    const a = await createStaff(ctx.db, 'admin', { totp: true });
    admin = await login(ctx.app, a.email, { totp: await generate({ secret: a.totpSecret! }) });
    agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
    customer = await login(ctx.app, (await createCustomer(ctx.db)).email);
    // A node as installed by default: https only, public addresses only.
    strict = await buildNode({ ...ctx, config: { ...ctx.config, WEBHOOK_ALLOWED_NETWORKS: [], WEBHOOK_ALLOW_HTTP: false } });

    const logger = createLogger('silent');
    const delivery = webhookDelivery(ctx.db, {
      seal: mailSeal(serverKey(ctx.config.SECRET_KEY, ctx.config.dataDir)),
      guard: egressGuard({ allowed: ctx.config.WEBHOOK_ALLOWED_NETWORKS, allowHttp: true }),
      tickets: webhookTickets(ctx.db),
      logger,
      timeoutMs: 2000,
      backoff: { initialMs: 100, maxMs: 300 },
    });
    loop = startWebhookLoop(delivery, { connectionString: ctx.databaseUrl }, logger, 200, { concurrency: 8, perSubscription: 2 });
  });

  afterAll(async () => {
    receiver?.closeAllConnections();
    await loop?.stop();
    await strict?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const subscribe = async (path: string, eventTypes: string[]) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/webhooks',
      headers: admin.headers,
      payload: { url: `${base}${path}`, eventTypes, description: path },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ webhook: { id: string }; secret: string }>();
  };

  const openTicket = async (subject: string) => {
    const res = await postForm(ctx.app, '/api/client/tickets', customer, {
      departmentId: await departmentId(ctx.db, 'technical'),
      priority: 'regular',
      subject,
      description: 'The server does not answer.',
      serviceId: null,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; reference: string }>();
  };

  const at = (path: string) => received.filter((r) => r.path === path);
  const payloadOf = (r: Received) =>
    JSON.parse(r.body) as { id: string; type: string; occurred_at: string; data: Record<string, unknown> & { message?: unknown } };

  it('admin only: no session 401, an agent 403', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/admin/webhooks' })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/admin/webhooks', headers: agent.headers })).statusCode).toBe(403);
    const post = { method: 'POST' as const, url: '/api/admin/webhooks', payload: { url: `${base}/x`, eventTypes: ['ticket.created'] } };
    expect((await ctx.app.inject({ ...post, headers: agent.headers })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/admin/webhooks', headers: admin.headers })).statusCode).toBe(200);
  });

  it('refuses loopback, private, link-local and names resolving to them unless allowed; http unless allowed', async () => {
    for (const url of [
      'https://127.0.0.1/hook',
      'https://10.0.0.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://[fd00::1]/hook',
      'https://100.64.0.1/hook',
      'https://localhost/hook',
      'http://example.com/hook',
    ]) {
      const res = await strict.inject({
        method: 'POST',
        url: '/api/admin/webhooks',
        headers: admin.headers,
        payload: { url, eventTypes: ['ticket.created'] },
      });
      expect(res.statusCode, url).toBe(422);
      const error = res.json().error;
      expect(error.code).toBe('webhook.url_refused');
      expect(error.fields[0].path).toBe('url');
      expect(error.message.hr.length).toBeGreaterThan(10);
    }
    // Allowed here: 127.0.0.1/32, not the rest of the private ranges.
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/admin/webhooks',
          headers: admin.headers,
          payload: { url: 'http://10.0.0.1/', eventTypes: ['ticket.created'] },
        })
      ).statusCode,
    ).toBe(422);
    const { webhook } = await subscribe('/allowed', ['sla.warning']);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/admin/webhooks/${webhook.id}`, headers: admin.headers })).statusCode).toBe(
      204,
    );
  });

  it('a host whose name resolves to a private address is refused; one public address of it does not make it good', async () => {
    const guard = egressGuard({
      allowed: [],
      allowHttp: false,
      resolve: async (host) =>
        host === 'intranet.example'
          ? [{ address: '10.1.2.3', family: 4 }]
          : [
              { address: '93.184.216.34', family: 4 },
              { address: 'fd12::1', family: 6 },
            ],
    });
    expect(await guard.check('https://intranet.example/')).toMatchObject({ ok: false, reason: 'private', detail: '10.1.2.3' });
    expect(await guard.check('https://mixed.example/')).toMatchObject({ ok: false, reason: 'private', detail: 'fd12::1' });
    expect(await guard.check('https://93.184.216.34/')).toMatchObject({ ok: true });
  });

  it('signs every delivery; the secret is shown once and never listed; the change is audited without it', async () => {
    const { webhook, secret } = await subscribe('/signed', ['ticket.created', 'ticket.replied']);
    expect(secret).toMatch(/^whsec_/);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/admin/webhooks', headers: admin.headers });
    expect(list.body).not.toContain(secret);
    const audit = await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'webhook')
      .where('entity_id', '=', webhook.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(secret);

    const ticket = await openTicket('Signed');
    const [got] = await eventually(() => (at('/signed').length ? at('/signed') : undefined));
    const body = payloadOf(got!);
    expect(got!.headers['centrala-event-type']).toBe('ticket.created');
    expect(got!.headers['centrala-event-id']).toBe(body.id);
    expect(got!.headers['centrala-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(got!.headers['centrala-timestamp']).toBe(/t=(\d+)/.exec(got!.headers['centrala-signature'] as string)![1]);
    expect(verifySignature(secret, got!.headers['centrala-signature'] as string, got!.body)).toBe(true);
    expect(verifySignature(`${secret}x`, got!.headers['centrala-signature'] as string, got!.body)).toBe(false);
    expect(verifySignature(secret, got!.headers['centrala-signature'] as string, got!.body.replace('Signed', 'Signet'))).toBe(false);
    expect(body).toMatchObject({
      type: 'ticket.created',
      data: {
        ticket: { id: ticket.id, reference: ticket.reference, subject: 'Signed', status: 'open', department: { slug: 'technical' } },
      },
    });

    // An internal note never leaves; a public reply does.
    const url = `/api/agent/tickets/${ticket.reference}/replies`;
    expect((await postForm(ctx.app, url, agent, { body: 'Internal: the disk again.', internal: true })).statusCode).toBe(201);
    expect((await postForm(ctx.app, url, agent, { body: 'We are on it.' })).statusCode).toBe(201);
    const reply = await eventually(() => at('/signed').find((r) => payloadOf(r).type === 'ticket.replied'));
    expect(payloadOf(reply).data.message).toMatchObject({ author: 'agent', body: 'We are on it.' });
    await new Promise((r) => setTimeout(r, 500));
    expect(at('/signed').filter((r) => r.body.includes('the disk again'))).toHaveLength(0);

    // Rotated: the next delivery is signed with the new secret only.
    const rotated = await ctx.app.inject({
      method: 'POST',
      url: `/api/admin/webhooks/${webhook.id}/rotate-secret`,
      headers: admin.headers,
    });
    const fresh = rotated.json<{ secret: string }>().secret;
    expect(fresh).not.toBe(secret);
    await openTicket('After rotation');
    const next = await eventually(() => at('/signed').find((r) => r.body.includes('After rotation')));
    expect(verifySignature(fresh, next.headers['centrala-signature'] as string, next.body)).toBe(true);
    expect(verifySignature(secret, next.headers['centrala-signature'] as string, next.body)).toBe(false);
  });

  it('a receiver answering 500 sees retries with the same event id, then success; each event once after de-duplication', async () => {
    const { webhook } = await subscribe('/flaky', ['ticket.created', 'ticket.status_changed']);
    failNext.set('/flaky', 2);
    const ticket = await openTicket('Flaky receiver');
    const tries = await eventually(() => (at('/flaky').length >= 3 ? at('/flaky') : undefined), 10_000);
    const ids = tries.map((r) => r.headers['centrala-event-id']);
    expect(new Set(ids).size).toBe(1);
    const deliveries = await ctx.app.inject({ method: 'GET', url: `/api/admin/webhooks/${webhook.id}/deliveries`, headers: admin.headers });
    const [delivery] = deliveries.json().deliveries;
    expect(delivery).toMatchObject({ eventId: ids[0], state: 'delivered', attempts: 3, lastStatus: 200 });
    const detail = (
      await ctx.app.inject({ method: 'GET', url: `/api/admin/webhooks/${webhook.id}/deliveries/${delivery.id}`, headers: admin.headers })
    ).json();
    expect(detail.log.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 200]);
    // The answer's body is kept as text, cut at 2 KiB.
    expect(detail.log[0].responseBody).toMatch(/^boom x+$/);
    expect(Buffer.byteLength(detail.log[0].responseBody)).toBe(2048);

    // A status change is its own event, with from and to.
    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/agent/tickets/${ticket.reference}`,
      headers: agent.headers,
      payload: { status: 'resolved' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const changed = await eventually(() => at('/flaky').find((r) => payloadOf(r).type === 'ticket.status_changed'));
    expect(payloadOf(changed).data).toMatchObject({
      status: { from: 'open', to: 'resolved' },
      ticket: { id: ticket.id, status: 'resolved' },
    });

    // De-duplicated by event id, the receiver saw each event once: two events, whatever the retries.
    const unique = new Map(at('/flaky').map((r) => [r.headers['centrala-event-id'], payloadOf(r).type]));
    expect([...unique.values()].sort()).toEqual(['ticket.created', 'ticket.status_changed']);
  });

  it('a slow receiver delays neither ticket creation nor another receiver; its attempt times out and is logged', async () => {
    const slow = await subscribe('/slow', ['ticket.created']);
    await subscribe('/fast', ['ticket.created']);
    const started = Date.now();
    await openTicket('Slow one');
    await openTicket('Slow two');
    expect(Date.now() - started).toBeLessThan(2000);
    // The fast receiver has both while the slow one still holds its requests.
    await eventually(() => (at('/fast').length >= 2 ? true : undefined), 3000);
    expect(Date.now() - started).toBeLessThan(3000);
    const timedOut = await eventually(async () => {
      const rows = (
        await ctx.app.inject({ method: 'GET', url: `/api/admin/webhooks/${slow.webhook.id}/deliveries`, headers: admin.headers })
      ).json().deliveries;
      return rows.find((d: { lastError: string | null }) => d.lastError?.includes('no answer within')) ?? undefined;
    }, 5000);
    expect(timedOut.state).toBe('queued');
    expect(timedOut.nextAttemptAt).not.toBeNull();
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/admin/webhooks/${slow.webhook.id}`,
      headers: admin.headers,
      payload: { active: false },
    });
  });

  it('resend sends the same event id again; a test ping is delivered and logged', async () => {
    const { webhook, secret } = await subscribe('/resend', ['ticket.created']);
    await openTicket('Resend me');
    const first = await eventually(() => at('/resend')[0]);
    const [delivery] = (
      await ctx.app.inject({ method: 'GET', url: `/api/admin/webhooks/${webhook.id}/deliveries`, headers: admin.headers })
    ).json().deliveries;
    await eventually(async () =>
      (await ctx.db.selectFrom('webhook_deliveries').select('state').where('id', '=', delivery.id).executeTakeFirst())?.state ===
      'delivered'
        ? true
        : undefined,
    );
    const resent = await ctx.app.inject({
      method: 'POST',
      url: `/api/admin/webhooks/${webhook.id}/deliveries/${delivery.id}/resend`,
      headers: admin.headers,
    });
    expect(resent.statusCode).toBe(202);
    const second = await eventually(() => at('/resend')[1]);
    expect(second.headers['centrala-event-id']).toBe(first.headers['centrala-event-id']);
    expect(verifySignature(secret, second.headers['centrala-signature'] as string, second.body)).toBe(true);

    const ping = await ctx.app.inject({ method: 'POST', url: `/api/admin/webhooks/${webhook.id}/ping`, headers: admin.headers });
    expect(ping.statusCode).toBe(202);
    const pinged = await eventually(() => at('/resend').find((r) => r.headers['centrala-event-type'] === 'ping'));
    expect(payloadOf(pinged).data).toEqual({ webhook: { id: webhook.id } });
    const other = '00000000-0000-4000-8000-000000000000';
    expect((await ctx.app.inject({ method: 'POST', url: `/api/admin/webhooks/${other}/ping`, headers: admin.headers })).statusCode).toBe(
      404,
    );
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: `/api/admin/webhooks/${other}/deliveries/${delivery.id}/resend`,
          headers: admin.headers,
        })
      ).statusCode,
    ).toBe(404);
  });
});
