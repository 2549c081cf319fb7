export const adminQueryKeys = {
  users: ['admin', 'users'],
  departments: ['admin', 'departments'],
  apiTokens: ['admin', 'api-tokens'],
  outbox: ['admin', 'outbox'],
  mailAddresses: ['admin', 'mail-addresses'],
  mailboxes: ['admin', 'mailboxes'],
  billingSso: ['admin', 'billing-sso'],
  webhooks: ['admin', 'webhooks'],
} as const;
