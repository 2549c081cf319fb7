import { Text, type TextProps } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useFormatDateTime, useLocale } from '../../../i18n';
import { formatRelative } from './format';

/** The current time, refreshed every half minute so "2 minutes ago" does not go stale on an open page. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** "3 minutes ago", with the exact date and time on hover and for assistive technology. */
export function RelativeTime({ iso, ...props }: { iso: string } & TextProps) {
  const locale = useLocale();
  const formatDateTime = useFormatDateTime();
  const now = useNow();
  const exact = formatDateTime(iso);
  return (
    <Text component="time" dateTime={iso} title={exact} {...props}>
      {formatRelative(iso, now, locale)}
    </Text>
  );
}
