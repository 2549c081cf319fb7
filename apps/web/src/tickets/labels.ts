import { TicketPriority, TicketStatus } from '@centrala/contracts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Who reads the page: the customer (client area) or staff (agent console, admin). */
export type Audience = 'client' | 'agent';

type CustomerWorded = Extract<TicketStatus, 'awaiting_agent' | 'awaiting_customer'>;
const customerWorded = (status: TicketStatus): status is CustomerWorded => status === 'awaiting_agent' || status === 'awaiting_customer';

export interface TicketLabels {
  status: (status: TicketStatus) => string;
  priority: (priority: TicketPriority) => string;
  /** For values read from stored events, which may hold anything: the label, or `fallback` for an unknown value. */
  statusOf: (value: unknown, fallback: string) => string;
  priorityOf: (value: unknown, fallback: string) => string;
  /** Every status and priority as select options, in the contract's order. */
  statusOptions: { value: TicketStatus; label: string }[];
  priorityOptions: { value: TicketPriority; label: string }[];
}

/**
 * Status and priority labels in the current language (`tickets.*` in i18n). One set serves both audiences;
 * only the two waiting states are worded from the customer's side on their pages ("Čeka vaš odgovor"
 * where agents read "Čeka klijenta").
 */
export function useTicketLabels(audience: Audience): TicketLabels {
  const { t } = useTranslation();
  return useMemo(() => {
    const status = (value: TicketStatus) =>
      audience === 'client' && customerWorded(value) ? t(`tickets.customerStatuses.${value}`) : t(`tickets.statuses.${value}`);
    const priority = (value: TicketPriority) => t(`tickets.priorities.${value}`);
    return {
      status,
      priority,
      statusOf: (value, fallback) => {
        const parsed = TicketStatus.safeParse(value);
        return parsed.success ? status(parsed.data) : fallback;
      },
      priorityOf: (value, fallback) => {
        const parsed = TicketPriority.safeParse(value);
        return parsed.success ? priority(parsed.data) : fallback;
      },
      statusOptions: TicketStatus.options.map((value) => ({ value, label: status(value) })),
      priorityOptions: TicketPriority.options.map((value) => ({ value, label: priority(value) })),
    };
  }, [t, audience]);
}
