export const slaQueryKeys = {
  figures: ['admin', 'sla', 'figures'],
  policies: ['admin', 'sla', 'policies'],
} as const;
