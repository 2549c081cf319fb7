import { z } from 'zod';

export const ServiceStatus = z.enum(['active', 'suspended', 'pending', 'cancelled']);

/** A customer's service as shown in the client area (docs/architecture.md "Who uses it"). */
export const Service = z.object({
  id: z.string().uuid(),
  /** The name as shown in the client area; customers quote it in tickets (R5). */
  name: z.string(),
  /** Six digits, shown as `#123456`. */
  orderNumber: z.string().regex(/^\d{6}$/),
  product: z.string(),
  location: z.string(),
  status: ServiceStatus,
  ipAddresses: z.array(z.string()),
});
export type Service = z.infer<typeof Service>;

export const Account = z.object({
  id: z.string().uuid(),
  name: z.string(),
  email: z.string(),
  createdAt: z.string(),
});
export type Account = z.infer<typeof Account>;

export const AccountWithServices = Account.extend({ services: z.array(Service) });
export type AccountWithServices = z.infer<typeof AccountWithServices>;
