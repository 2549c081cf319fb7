import { QueueSummary } from '@centrala/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../api';
import { ticketQueryKeys } from './tickets/queryKeys';

/**
 * The tab's title in the console: where the agent is, and how many High tickets wait for an agent, e.g.
 * "(3) Red čekanja — Centrala" (issue 10 point 5). A tab in the background tells them a High ticket came in;
 * every ticket change refetches the count (cache.ts), so it follows live.
 */
export function useAgentTitle(place: string | undefined): void {
  const { t } = useTranslation();
  const summary = useQuery({ queryKey: ticketQueryKeys.summary, queryFn: () => apiGet('/api/agent/queue-summary', QueueSummary) });
  const high = summary.data?.highWaiting ?? 0;
  const app = t('app.name');

  useEffect(() => {
    if (place === undefined) return;
    document.title = `${high > 0 ? `(${high}) ` : ''}${place} — ${app}`;
  }, [high, place, app]);
  // Another area (admin, login) has titles of its own or none: it must not inherit this one.
  useEffect(() => () => void (document.title = app), [app]);
}
