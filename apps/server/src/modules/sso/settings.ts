import { randomBytes } from 'node:crypto';
import type { AuditActor, BillingSsoSettings } from '@centrala/contracts';
import type { Db } from '../../db/pool.js';
import type { AuditLog } from '../audit/index.js';
import type { MailSeal } from '../email/index.js';
import { SETTINGS_ENTITY } from './sign-in.js';

export interface SsoSettingsOptions {
  /** BILLING_SSO_SECRET: when set, the link is on with it, whatever the stored row says. */
  configSecret: string | undefined;
  linkSeconds: number;
  /** Where panels send their customers: PUBLIC_URL + /sso/billing. */
  linkUrl: string;
}

type Staff = AuditActor;

/**
 * The link's one settings row (migration 0028): on or off, and the shared secret sealed with the server's key, as
 * IMAP passwords are. The secret leaves only in the answer of the request that makes it, and to the link check.
 */
export function ssoSettings(db: Db, seal: MailSeal, audit: AuditLog, opts: SsoSettingsOptions) {
  const row = () => db.selectFrom('billing_sso_settings').selectAll().executeTakeFirst();

  const view = async (): Promise<BillingSsoSettings> => {
    const r = await row();
    const fromConfig = opts.configSecret !== undefined;
    return {
      enabled: fromConfig || (r?.enabled ?? false),
      secretSet: fromConfig || Boolean(r?.secret_sealed),
      secretSetAt: fromConfig ? null : (r?.secret_set_at?.toISOString() ?? null),
      fromConfig,
      linkSeconds: opts.linkSeconds,
      linkUrl: opts.linkUrl,
    };
  };

  return {
    view,

    /**
     * The secret links are checked with, or null while the link is off. A sealed secret the server key no longer
     * opens (SECRET_KEY changed) is as good as none: the link is off until an admin makes a new one.
     */
    async activeSecret(): Promise<string | null> {
      if (opts.configSecret !== undefined) return opts.configSecret;
      const r = await row();
      if (!r?.enabled || !r.secret_sealed) return null;
      try {
        return seal.open(r.secret_sealed);
      } catch {
        return null;
      }
    },

    /** Turning it on needs a secret; with the config's secret nothing here changes. Answers false when no secret exists. */
    async setEnabled(enabled: boolean, by: Staff): Promise<boolean> {
      const before = await view();
      if (enabled && !before.secretSet) return false;
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('billing_sso_settings')
          .values({ enabled })
          .onConflict((oc) => oc.column('id').doUpdateSet({ enabled, updated_at: new Date() }))
          .execute();
        if (before.enabled !== enabled)
          await audit.record(trx, by, [
            { ...SETTINGS_ENTITY, action: enabled ? 'enable' : 'disable', before: { enabled: before.enabled }, after: { enabled } },
          ]);
      });
      return true;
    },

    /** A new secret in place of the old one, which stops working at once; answered this once, never logged. */
    async rotate(by: Staff): Promise<string> {
      const secret = randomBytes(32).toString('base64url');
      const now = new Date();
      await db.transaction().execute(async (trx) => {
        const previous = await trx.selectFrom('billing_sso_settings').select('secret_set_at').forUpdate().executeTakeFirst();
        await trx
          .insertInto('billing_sso_settings')
          .values({ secret_sealed: seal.seal(secret), secret_set_at: now })
          .onConflict((oc) => oc.column('id').doUpdateSet({ secret_sealed: seal.seal(secret), secret_set_at: now, updated_at: now }))
          .execute();
        // The audit row says when a secret was made, never what it is.
        await audit.record(trx, by, [
          {
            ...SETTINGS_ENTITY,
            action: 'update',
            before: { secretSetAt: previous?.secret_set_at?.toISOString() ?? null },
            after: { secretSetAt: now.toISOString() },
          },
        ]);
      });
      return secret;
    },
  };
}
export type SsoSettings = ReturnType<typeof ssoSettings>;
