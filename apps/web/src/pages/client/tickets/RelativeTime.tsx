import { Text, type TextProps } from '@mantine/core';
import { useFormatDateTime, useLocale } from '../../../i18n';
import { useNow } from '../../../tickets/clock';
import { formatRelative } from '../../../tickets/format';

/** "3 minutes ago", with the exact date and time on hover and for assistive technology. */
export function RelativeTime({ iso, ...props }: { iso: string } & TextProps) {
  const locale = useLocale();
  const formatDateTime = useFormatDateTime();
  // Every half minute is enough for "2 minutes ago" not to go stale on an open page.
  const now = useNow(30_000);
  const exact = formatDateTime(iso);
  return (
    <Text component="time" dateTime={iso} title={exact} {...props}>
      {formatRelative(iso, now, locale)}
    </Text>
  );
}
