import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { QueueQuery } from './queryKeys';

const keys = ['department', 'priority', 'status', 'assignee', 'sla', 'q'] as const satisfies readonly (keyof QueueQuery)[];

/**
 * The queue filters live in the address (`/agent?priority=high&assignee=me`), so a filtered view can be
 * bookmarked or shared, and Back returns to it after opening a ticket.
 */
export function useQueueFilter(): [QueueQuery, (next: QueueQuery) => void] {
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => {
    const result: QueueQuery = {};
    for (const key of keys) {
      const value = params.get(key);
      if (value) result[key] = value;
    }
    return result;
  }, [params]);

  const setFilter = useCallback(
    (next: QueueQuery) => {
      const search = new URLSearchParams();
      for (const key of keys) {
        const value = next[key]?.trim();
        if (value) search.set(key, value);
      }
      setParams(search, { replace: true });
    },
    [setParams],
  );

  return [filter, setFilter];
}

/** The query string for `GET /api/agent/tickets`. */
export function queueSearch(filter: QueueQuery, cursor: string | null): string {
  const search = new URLSearchParams();
  for (const key of keys) {
    const value = filter[key];
    if (value) search.set(key, value);
  }
  if (cursor) search.set('cursor', cursor);
  return search.toString();
}
