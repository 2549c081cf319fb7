import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModules, type Modules } from '../src/modules.js';
import { parseMail } from '../src/modules/email/index.js';
import { departmentId, useTestApp } from './helpers.js';
import { noDns, startMailIn } from './mail-in.js';
import { freePort } from './setup/free-port.js';

/**
 * Real-world shapes of mail, end to end (issue 12 "Show"): every .eml file of a directory (any depth) is parsed alone
 * (parse/'s parseMail: crash, hang), then delivered by a real SMTP conversation to the receiver and drained, and must
 * end as a ticket, a reply on a ticket, a bounce (no ticket, its record kept) or a recognised machine mail — never a
 * crash, a loss, a failed row or a 5xx — and no machine mail may be acknowledged.
 *
 * The directory is our own corpus, `fixtures/mail-corpus/` (written for this project, modelled on what MTAs, mail
 * clients, list servers and feedback loops send), so it runs in every test run. Its `expected.json` says, per file,
 * what is certain of it: the outcome (`ticket`: a person's mail opening a ticket, acknowledged; `ticket_machine`;
 * `bounce`; `reply`) and, where given, the kind, the bounce record's fields, the ticket's subject, a piece of its shown
 * text and the warnings agents see. Every committed file must have its line there.
 *
 * MAIL_CORPUS_DIR names another directory instead (a larger local corpus, such as other projects' test mails, which
 * are not committed); an `expected.json` in it is read the same way when present. MAIL_CORPUS_REPORT=file.json writes
 * every file's outcome. Run:
 *   MAIL_CORPUS_DIR=/some/mails TEST_DATABASE_URL=… npx vitest run --project integration:external apps/server/test/mail-corpus.int.test.ts
 */
const COMMITTED = path.resolve(import.meta.dirname, 'fixtures/mail-corpus');
const DIR = process.env.MAIL_CORPUS_DIR || COMMITTED;
const REPORT = process.env.MAIL_CORPUS_REPORT;
const RCPT = 'support@centrala.test';
/** The port the receiver listens on: one the OS hands out, so test files running in parallel never collide. */
let PORT = 0;

/** What is certain of one file (expected.json); keys not given are not asserted. */
interface Expectation {
  outcome: 'ticket' | 'ticket_machine' | 'reply' | 'bounce';
  kind?: string;
  bounce?: {
    recipient?: string | null;
    status?: string | null;
    permanent?: boolean;
    action?: string | null;
    originalMessageId?: string | null;
  };
  subject?: string;
  /** A piece of the ticket message's shown text. */
  body?: string;
  /** The stored message's warnings, all of them. */
  warnings?: string[];
  /** The file names of the ticket message's attachments, sorted. */
  attachments?: string[];
}

async function expectations(dir: string): Promise<Record<string, Expectation> | null> {
  try {
    return JSON.parse(await readFile(path.join(dir, 'expected.json'), 'utf8')) as Record<string, Expectation>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

type Outcome =
  'ticket' | 'ticket_machine' | 'reply' | 'bounce' | 'smtp_rejected' | 'failed' | 'stuck' | 'lost' | 'raw_changed' | 'parse_crash';

interface Probe {
  file: string;
  bytes: number;
  autoKind?: string;
  warnings?: string[];
  parseMs?: number;
  smtp?: string;
  outcome?: Outcome;
  error?: string | null;
  acknowledged?: boolean;
  /** Its Message-ID was an earlier file's (test suites reuse one for variants): sent under a new one, or it would be that mail again. */
  renamed?: boolean;
  /** What the pipeline made of it, for the file's expectation. */
  seen?: { kind?: string; bounce?: Record<string, unknown>; subject?: string; body?: string; warnings?: string[]; attachments?: string[] };
}

/** The Message-ID of a raw mail's header block, as written. */
const messageIdIn = (raw: Buffer) => /^message-id:[ \t]*(<[^>\r\n]+>)/im.exec(raw.toString('latin1').split(/\r?\n\r?\n/)[0] ?? '')?.[1];

async function emlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await emlFiles(full)));
    else if (/\.(eml|txt|msg)$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/** The bytes as SMTP carries them (what the receiver stores): CRLF line ends, the last line ended. */
const crlf = (raw: Buffer) => {
  const text = raw.toString('latin1').replace(/\r?\n/g, '\r\n');
  return Buffer.from(text.endsWith('\r\n') ? text : `${text}\r\n`, 'latin1');
};

/** One SMTP conversation, byte for byte (a null reverse path where the mail's own Return-Path is one): the last reply. */
function smtpSend(raw: Buffer, mailFrom: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(PORT, '127.0.0.1');
    const steps = [
      'EHLO probe.test\r\n',
      `MAIL FROM:<${mailFrom}>\r\n`,
      `RCPT TO:<${RCPT}>\r\n`,
      'DATA\r\n',
      () => {
        const body = crlf(raw).toString('latin1').replace(/^\./gm, '..');
        return Buffer.from(`${body}.\r\n`, 'latin1');
      },
      'QUIT\r\n',
    ];
    let buffer = '';
    let step = -1;
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(`timeout after ${answer || 'nothing'}`);
    }, 30_000);
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (/^\d{3}-/.test(line)) continue;
        // The answer to the message itself (after the body), or the first refusal.
        const failed = !/^[23]\d\d /.test(line);
        if (failed || step === steps.length - 2) answer = line;
        if (failed || step === steps.length - 1) {
          clearTimeout(timer);
          socket.end();
          resolve(answer);
          return;
        }
        step += 1;
        const next = steps[step]!;
        socket.write(typeof next === 'function' ? next() : next);
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      resolve(`socket error ${err.message}`);
    });
  });
}

function returnPathOf(raw: Buffer): string {
  const head =
    raw
      .subarray(0, 64 * 1024)
      .toString('latin1')
      .split(/\r?\n\r?\n/)[0] ?? '';
  // Sendmail writes a null reverse path as <MAILER-DAEMON>: what the MTA was sent was <>.
  const rp = /^return-path:\s*<?([^>\s]*)>?/im.exec(head);
  if (rp) return rp[1]!.includes('@') ? rp[1]! : '';
  // Without one, a mail daemon's report was sent as every MTA sends one: with a null reverse path (RFC 5321 4.5.5).
  const daemon = /^from:.*?\b(mailer-daemon|postmaster|mdaemon)@/im.test(head);
  if (daemon) return '';
  // Else the From address, when an MTA could have sent it as MAIL FROM.
  const from = /^from:.*?([^\s<>"]+@[^\s<>"]+)/im.exec(head)?.[1];
  return from && /^[\w.+=-]+@[\w.-]+$/.test(from) ? from : 'unknown@probe.test';
}

describe('real-world mail corpus', () => {
  const ctx = useTestApp();
  let modules: Modules;
  let mailIn: Awaited<ReturnType<typeof startMailIn>>;

  beforeAll(async () => {
    modules = buildModules({ config: ctx.config, db: ctx.db, dnsResolver: noDns });
    await modules.inboundEmail.addresses.create({
      address: RCPT,
      departmentId: await departmentId(ctx.db, 'technical'),
      purpose: 'support',
    });
    PORT = await freePort();
    mailIn = await startMailIn(modules, { port: PORT, maxBytes: 25 * 1024 * 1024 });
  });
  afterAll(async () => {
    await mailIn?.stop();
  });

  // The committed corpus takes a few seconds; a larger local one may take many minutes.
  it(
    'every mail ends as a ticket, a reply, a bounce or recognised machine mail',
    { timeout: DIR === COMMITTED ? 60_000 : 1_800_000 },
    async () => {
      const files = await emlFiles(DIR);
      const expected = await expectations(DIR);
      if (expected || DIR === COMMITTED) {
        // Every file has its expectation and every expectation its file: a new file is never run unchecked.
        const names = files.map((f) => path.relative(DIR, f).split(path.sep).join('/'));
        expect(names.filter((n) => !expected?.[n])).toEqual([]);
        expect(Object.keys(expected ?? {}).filter((n) => !names.includes(n))).toEqual([]);
      }
      const probes: Probe[] = [];
      const sent = new Map<Probe, Buffer>();
      const ids = new Set<string>();
      for (const file of files) {
        const original = await readFile(file);
        const probe: Probe = { file: path.relative(DIR, file).split(path.sep).join('/'), bytes: original.length };
        let raw = crlf(original);
        const id = messageIdIn(raw);
        if (id && ids.has(id)) {
          const text = raw.toString('latin1');
          const at = text.indexOf(id);
          raw = Buffer.from(`${text.slice(0, at)}<probe-${probes.length}.${id.slice(1)}${text.slice(at + id.length)}`, 'latin1');
          probe.renamed = true;
        }
        if (id) ids.add(id);
        sent.set(probe, raw);
        const mailFrom = returnPathOf(raw);
        const started = performance.now();
        try {
          const parsed = await Promise.race([
            // As the drain will read it: with what the envelope says of the sender.
            parseMail(raw, { nullSender: mailFrom === '' }),
            new Promise<never>((_, reject) => setTimeout(() => reject(new Error('parse took over 20 s')), 20_000)),
          ]);
          probe.autoKind = parsed.autoKind;
          probe.warnings = parsed.warnings;
        } catch (err) {
          probe.outcome = 'parse_crash';
          probe.error = String(err);
        }
        probe.parseMs = Math.round(performance.now() - started);
        probe.smtp = await smtpSend(raw, mailFrom);
        if (!/^250 /.test(probe.smtp)) probe.outcome = 'smtp_rejected';
        probes.push(probe);
      }

      // Drained: nothing left 'received' (or the wait ran out, and what is left is reported as stuck).
      const deadline = Date.now() + (DIR === COMMITTED ? 20_000 : 60_000);
      while (Date.now() < deadline) {
        const left = await ctx.db
          .selectFrom('inbound')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('channel', '=', 'email')
          .where('state', '=', 'received')
          .executeTakeFirstOrThrow();
        if (Number(left.n) === 0) break;
        await new Promise((r) => setTimeout(r, 250));
      }

      for (const probe of probes) {
        if (probe.outcome) continue;
        const raw = sent.get(probe)!;
        const sha = createHash('sha256').update(raw).digest('hex');
        const row = await ctx.db
          .selectFrom('inbound')
          .select(['id', 'state', 'ticket_id', 'message_id', 'error', 'sha256', 'source_id', 'payload'])
          .where('channel', '=', 'email')
          .where('sha256', '=', sha)
          .executeTakeFirst();
        if (!row) {
          probe.outcome = 'lost';
          continue;
        }
        probe.error = row.error;
        if (row.state === 'received') probe.outcome = 'stuck';
        else if (row.state === 'failed') probe.outcome = 'failed';
        else if (row.ticket_id) {
          const first = await ctx.db
            .selectFrom('ticket_messages')
            .select('id')
            .where('ticket_id', '=', row.ticket_id)
            .orderBy('created_at')
            .orderBy('id')
            .executeTakeFirst();
          probe.outcome = first?.id !== row.message_id ? 'reply' : probe.autoKind === 'human' ? 'ticket' : 'ticket_machine';
          const ticket = await ctx.db.selectFrom('tickets').select('subject').where('id', '=', row.ticket_id).executeTakeFirstOrThrow();
          const message = row.message_id
            ? await ctx.db.selectFrom('ticket_messages').select(['body', 'email']).where('id', '=', row.message_id).executeTakeFirst()
            : undefined;
          const email = message?.email as { autoKind?: string; warnings?: string[] } | null | undefined;
          const files = row.message_id
            ? await ctx.db
                .selectFrom('attachments')
                .select('filename')
                .where('message_id', '=', row.message_id)
                .orderBy('filename')
                .execute()
            : [];
          probe.seen = {
            kind: email?.autoKind,
            subject: ticket.subject,
            body: message?.body,
            warnings: email?.warnings,
            attachments: files.map((f) => f.filename),
          };
        } else {
          // No ticket: only a bounce, and then with its record (the report kept in the stored row).
          const bounce = (row.payload as { bounce?: Record<string, unknown> } | null)?.bounce;
          probe.outcome = probe.autoKind === 'bounce' && bounce ? 'bounce' : 'lost';
          probe.seen = { kind: probe.autoKind, ...(bounce ? { bounce } : {}) };
        }
      }
      // Machine mail must never be acknowledged (a loop): any acknowledgement to a sender of one is reported.
      const acks = await ctx.db.selectFrom('outbox_emails').select('to_address').where('kind', '=', 'ticket_acknowledged').execute();
      const acked = new Set(acks.map((a) => a.to_address.toLowerCase()));
      for (const probe of probes) {
        const raw = await readFile(path.join(DIR, probe.file));
        const from = /^from:.*?([^\s<>"]+@[^\s<>"]+)/im.exec(raw.toString('latin1').split(/\r?\n\r?\n/)[0] ?? '')?.[1]?.toLowerCase();
        probe.acknowledged = !!from && acked.has(from);
      }

      const counts: Record<string, number> = {};
      for (const p of probes) counts[p.outcome!] = (counts[p.outcome!] ?? 0) + 1;
      const kinds: Record<string, number> = {};
      for (const p of probes) kinds[p.autoKind ?? 'none'] = (kinds[p.autoKind ?? 'none'] ?? 0) + 1;
      const machineAcked = probes.filter((p) => p.acknowledged && p.autoKind !== 'human').map((p) => p.file);
      if (REPORT) await writeFile(REPORT, JSON.stringify({ files: probes.length, counts, kinds, machineAcked, probes }, null, 1));
      console.log(JSON.stringify({ files: probes.length, counts, kinds, machineAcked: machineAcked.length }));
      const bad = probes.filter((p) => !['ticket', 'ticket_machine', 'reply', 'bounce'].includes(p.outcome!));
      expect(bad.map((p) => `${p.file}: ${p.outcome} ${p.smtp} ${p.error ?? ''}`)).toEqual([]);
      expect(machineAcked).toEqual([]);

      // What is certain of each file (expected.json), compared as a whole so that one run shows every difference.
      if (expected) {
        const wanted: Record<string, Expectation & { acknowledged?: boolean }> = {};
        const got: Record<string, unknown> = {};
        for (const probe of probes) {
          const want = expected[probe.file];
          if (!want) continue;
          // A person's new ticket is acknowledged; machine mail never is (checked above for every file).
          wanted[probe.file] = want.outcome === 'ticket' ? { ...want, acknowledged: true } : want;
          const seen = probe.seen ?? {};
          got[probe.file] = {
            outcome: probe.outcome,
            ...(want.outcome === 'ticket' ? { acknowledged: probe.acknowledged } : {}),
            ...(want.kind !== undefined ? { kind: seen.kind } : {}),
            ...(want.bounce ? { bounce: Object.fromEntries(Object.keys(want.bounce).map((k) => [k, seen.bounce?.[k] ?? null])) } : {}),
            ...(want.subject !== undefined ? { subject: seen.subject } : {}),
            ...(want.body !== undefined ? { body: seen.body?.includes(want.body) ? want.body : seen.body } : {}),
            ...(want.warnings !== undefined ? { warnings: seen.warnings } : {}),
            ...(want.attachments !== undefined ? { attachments: seen.attachments } : {}),
          };
        }
        expect(got).toEqual(wanted);
      }
    },
  );
});
