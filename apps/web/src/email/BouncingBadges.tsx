import type { TicketDetail } from '@centrala/contracts';
import { Badge, Group, Tooltip } from '@mantine/core';
import { IconMailOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormatDateTime } from '../i18n';

/** The requester's addresses that bounce hard (issue 12 point 5), by the requester: an answer by mail will not arrive. */
export function BouncingBadges({ bouncing }: { bouncing: TicketDetail['bouncing'] }) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  if (!bouncing?.length) return null;
  return (
    <Group gap={4} data-testid="requester-bouncing">
      {bouncing.map((b) => {
        const hint = t('email.bouncing.hint', { address: b.address, since: formatDateTime(b.since) });
        return (
          <Tooltip key={b.address} label={hint} multiline w={260} events={{ hover: true, focus: true, touch: true }}>
            <Badge
              color="red"
              variant="filled"
              size="sm"
              tt="none"
              tabIndex={0}
              aria-label={hint}
              leftSection={<IconMailOff size={12} aria-hidden />}
            >
              {t('email.bouncing.badge')}: {b.address}
            </Badge>
          </Tooltip>
        );
      })}
    </Group>
  );
}
