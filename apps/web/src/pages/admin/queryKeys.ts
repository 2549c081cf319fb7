export const adminQueryKeys = {
  users: ['admin', 'users'],
  departments: ['admin', 'departments'],
  apiTokens: ['admin', 'api-tokens'],
  outbox: ['admin', 'outbox'],
} as const;
