import 'i18next';
import type { Messages } from './en';
import type { ClientTicketsMessages } from './client-tickets.en';
import type { AgentTicketsMessages } from './agent-tickets.en';
import type { CannedMessages } from './canned.en';
import type { TicketsMessages } from './tickets.en';
import type { AccountMessages } from './account.en';
import type { EmailMessages } from './email.en';
import type { SsoMessages } from './sso.en';
import type { WebhooksMessages } from './webhooks.en';

// Types every `t('…')` key against the English catalogue; hr.ts must have the same shape.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: {
      translation: Messages & {
        tickets: TicketsMessages;
        clientTickets: ClientTicketsMessages;
        agentTickets: AgentTicketsMessages;
        canned: CannedMessages;
        account: AccountMessages;
        email: EmailMessages;
        sso: SsoMessages;
        webhooks: WebhooksMessages;
      };
    };
  }
}
