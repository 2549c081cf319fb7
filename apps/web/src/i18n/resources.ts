import { Locale } from '@centrala/contracts';
import type { InitOptions } from 'i18next';
import { accountEn } from './account.en';
import { accountHr } from './account.hr';
import { agentTicketsEn } from './agent-tickets.en';
import { agentTicketsHr } from './agent-tickets.hr';
import { cannedEn } from './canned.en';
import { cannedHr } from './canned.hr';
import { clientTicketsEn } from './client-tickets.en';
import { clientTicketsHr } from './client-tickets.hr';
import { emailEn } from './email.en';
import { emailHr } from './email.hr';
import { en } from './en';
import { hr } from './hr';
import { ssoEn } from './sso.en';
import { ssoHr } from './sso.hr';
import { ticketsEn } from './tickets.en';
import { ticketsHr } from './tickets.hr';
import { webhooksEn } from './webhooks.en';
import { webhooksHr } from './webhooks.hr';

/**
 * The catalogues and the language-independent i18next settings, apart from index.ts (which also picks the
 * visitor's language from the browser), so unit tests can run the real wording through i18next.
 */
export const resources = {
  hr: {
    translation: {
      ...hr,
      tickets: ticketsHr,
      clientTickets: clientTicketsHr,
      agentTickets: agentTicketsHr,
      canned: cannedHr,
      account: accountHr,
      email: emailHr,
      sso: ssoHr,
      webhooks: webhooksHr,
    },
  },
  en: {
    translation: {
      ...en,
      tickets: ticketsEn,
      clientTickets: clientTicketsEn,
      agentTickets: agentTicketsEn,
      canned: cannedEn,
      account: accountEn,
      email: emailEn,
      sso: ssoEn,
      webhooks: webhooksEn,
    },
  },
};

export const i18nOptions = {
  resources,
  supportedLngs: Locale.options,
  fallbackLng: 'hr',
  // React already escapes rendered strings.
  interpolation: { escapeValue: false },
} satisfies InitOptions;
