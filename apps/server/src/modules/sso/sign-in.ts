import type { BillingSsoRefusal } from '@centrala/contracts';
import type { Db } from '../../db/pool.js';
import type { AccountsRepository } from '../accounts/index.js';
import type { AuditLog } from '../audit/index.js';
import type { UsersRepository } from '../auth/index.js';
import { clientAreaPath, FIELD_RULES, signatureMatches, type LinkFields } from './link.js';
import type { SsoSettings } from './settings.js';

/** The link's query as it arrives; anything may be missing or wrong. */
export type LinkQuery = Partial<Record<keyof LinkFields | 'sig', string>>;

export type SignInOutcome = { ok: true; userId: string; to: string } | { ok: false; code: BillingSsoRefusal };

/** A panel's clock may run a little ahead of ours: a link stamped up to this far in the future still passes. */
const CLOCK_SKEW_SECONDS = 10;

export interface BillingSignInDeps {
  db: Db;
  audit: AuditLog;
  settings: SsoSettings;
  users: UsersRepository;
  accounts: AccountsRepository;
  linkSeconds: number;
}

const SYSTEM = { kind: 'system', id: null, label: 'billing-sso' } as const;
/** The audit log's rows of the link name the contact; a refused link naming none, and the settings, the nil UUID. */
const NO_CONTACT = '00000000-0000-0000-0000-000000000000';
export const SETTINGS_ENTITY = { entity: 'sso', entityId: NO_CONTACT, accountId: null } as const;

/**
 * Checks a billing panel's link and names the contact to open a session for, or why it is refused. In this order:
 * the feature is on; the fields are well-formed and `to` stays in the client area; the signature (so nothing
 * unsigned reaches the database beyond this point); the time; the nonce is used up (a signed link works once,
 * even when what follows refuses it; its contact is looked up first only to name it in the audit row); the
 * contact, its account, and whether it may log in. Every outcome is a row in the audit log.
 */
export function billingSignIn({ db, audit, settings, users, accounts, linkSeconds }: BillingSignInDeps) {
  const nonces = {
    /** True for the first use of a nonce; its row stays until the link would have expired anyway. */
    async use(nonce: string, expiresAt: Date): Promise<boolean> {
      const taken = await db
        .insertInto('billing_sso_nonces')
        .values({ nonce, expires_at: expiresAt })
        .onConflict((oc) => oc.column('nonce').doNothing())
        .executeTakeFirst();
      return taken.numInsertedOrUpdatedRows === 1n;
    },
  };

  async function check(q: LinkQuery, now: Date): Promise<SignInOutcome & { contact?: ContactRef }> {
    const secret = await settings.activeSecret();
    if (secret === null) return refused('sso.not_enabled');
    const fields: LinkFields = { contact: q.contact ?? '', email: q.email ?? '', ts: q.ts ?? '', nonce: q.nonce ?? '', to: q.to ?? '' };
    const sig = q.sig ?? '';
    if (!(Object.keys(FIELD_RULES) as (keyof typeof FIELD_RULES)[]).every((k) => FIELD_RULES[k].test(k === 'sig' ? sig : fields[k])))
      return refused('sso.link_invalid');
    const to = clientAreaPath(fields.to);
    if (to === null) return refused('sso.redirect_invalid');
    if (!signatureMatches(secret, fields, sig)) return refused('sso.signature_invalid');
    const ts = Number(fields.ts);
    const nowSeconds = Math.floor(now.getTime() / 1000);
    if (nowSeconds - ts > linkSeconds || ts - nowSeconds > CLOCK_SKEW_SECONDS) return refused('sso.link_expired');

    const contact = await users.findContactByExternalId(fields.contact);
    const ref = contact?.account_id ? { id: contact.id, accountId: contact.account_id } : undefined;
    // Used up before the contact is judged: a signed link works once, whatever it met.
    if (!(await nonces.use(fields.nonce, new Date((ts + linkSeconds + 1) * 1000)))) return refused('sso.link_used', ref);
    if (!contact || !ref) return refused('sso.contact_unknown');
    // The address, when the panel sends one, must be the one we know: a link must not open another person's session.
    if (fields.email !== '' && fields.email.toLowerCase() !== contact.email.toLowerCase()) return refused('sso.contact_unknown', ref);
    if (contact.disabled_at !== null || (await accounts.isDisabled(ref.accountId))) return refused('sso.contact_disabled', ref);
    if (!contact.can_log_in) return refused('sso.login_not_allowed', ref);
    return { ok: true, userId: contact.id, to, contact: ref };
  }

  return {
    /** Checks the link and writes its audit row (the contact's external id and the client's address, never the signature). */
    async signIn(q: LinkQuery, client: string, now = new Date()): Promise<SignInOutcome> {
      const outcome = await check(q, now);
      await audit.record(db, SYSTEM, [
        {
          entity: 'sso',
          entityId: outcome.contact?.id ?? NO_CONTACT,
          accountId: outcome.contact?.accountId ?? null,
          action: outcome.ok ? 'sign_in' : 'refuse',
          before: null,
          after: { ...(outcome.ok ? {} : { code: outcome.code }), contact: q.contact?.slice(0, 100) ?? null, client },
        },
      ]);
      return outcome.ok ? { ok: true, userId: outcome.userId, to: outcome.to } : { ok: false, code: outcome.code };
    },

    deleteExpiredNonces() {
      return db.deleteFrom('billing_sso_nonces').where('expires_at', '<=', new Date()).execute();
    },
  };
}
export type BillingSignIn = ReturnType<typeof billingSignIn>;

interface ContactRef {
  id: string;
  accountId: string;
}

function refused(code: BillingSsoRefusal, contact?: ContactRef): { ok: false; code: BillingSsoRefusal; contact?: ContactRef } {
  return contact ? { ok: false, code, contact } : { ok: false, code };
}
