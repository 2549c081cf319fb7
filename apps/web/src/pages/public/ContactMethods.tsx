import type { ContactMethod, ContactPage } from '@centrala/contracts';
import { Anchor, Card, Group, SimpleGrid, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconMail, IconTicket } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLocale, useLocalize } from '../../i18n';
import { formatDuration } from '../../tickets/format';

type Channel = ContactMethod['channel'];

const icons: Record<Channel, ReactNode> = {
  ticket: <IconTicket size={18} />,
  email: <IconMail size={18} />,
};

/**
 * The promise of a channel as of now, in the server's words (the sla module states it, as the acknowledgement does):
 * one line when every priority is promised the same, else one per priority.
 */
function Promises({ method }: { method: ContactMethod }) {
  const { t } = useTranslation();
  const localize = useLocalize();
  const texts = method.promises.map(({ priority, promise }) => ({ priority, text: localize(promise) }));
  const alike = texts.every(({ text }) => text === texts[0]?.text);
  return (
    <Stack gap={4} data-testid="contact-promise">
      {alike && texts[0] ? (
        <Text size="sm" fw={600}>
          {t('clientTickets.contact.firstAnswer', { promise: texts[0].text })}
        </Text>
      ) : (
        texts.map(({ priority, text }) => (
          <Text size="sm" key={priority} data-priority={priority}>
            <Text span inherit fw={600}>
              {t(`tickets.priorities.${priority}`)}:
            </Text>{' '}
            {t('clientTickets.contact.firstAnswerLower', { promise: text })}
          </Text>
        ))
      )}
    </Stack>
  );
}

function useMeasured() {
  const { t } = useTranslation();
  const locale = useLocale();
  return ({ measuredMedianSeconds, sampleSize }: ContactMethod): string =>
    measuredMedianSeconds === null || sampleSize === 0
      ? t('clientTickets.contact.noData')
      : t('clientTickets.contact.measuredTickets', { duration: formatDuration(measuredMedianSeconds, locale), count: sampleSize });
}

/** How to use the channel: the client area's form, or the addresses to write to (R11). */
function Access({ method }: { method: ContactMethod }) {
  const { t } = useTranslation();
  if (method.channel === 'email')
    return (
      <Stack gap={2}>
        {method.addresses.map((address) => (
          <Anchor key={address} href={`mailto:${address}`} inherit>
            {address}
          </Anchor>
        ))}
      </Stack>
    );
  return (
    <Anchor component={Link} to="/client/tickets/new" inherit>
      {t('clientTickets.contact.channels.ticket.access')}
    </Anchor>
  );
}

function MethodName({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  return (
    <Group gap="sm" wrap="nowrap">
      <ThemeIcon variant="light" radius="md" aria-hidden>
        {icons[channel]}
      </ThemeIcon>
      <Text fw={600}>{t(`clientTickets.contact.channels.${channel}.name`)}</Text>
    </Group>
  );
}

function Measured({ method, text }: { method: ContactMethod; text: string }) {
  const known = method.measuredMedianSeconds !== null && method.sampleSize > 0;
  return (
    <Text size="sm" c={known ? undefined : 'dimmed'} fw={known ? 500 : undefined} data-testid="contact-measured">
      {text}
    </Text>
  );
}

/**
 * R16: the channels in service (the server lists only those; email where a support address is set, chat once built); a table on
 * wide screens, cards on phones (one rendered, so test ids stay unique).
 */
export function ContactMethods({ page }: { page: ContactPage }) {
  const { t } = useTranslation();
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const measured = useMeasured();

  if (!wide) {
    return (
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" data-testid="contact-methods">
        {page.methods.map((method) => (
          <Card key={method.channel} withBorder component="article" data-testid="contact-method" data-channel={method.channel}>
            <Stack gap="xs">
              <MethodName channel={method.channel} />
              <Text size="sm">{t(`clientTickets.contact.channels.${method.channel}.purpose`)}</Text>
              <Field label={t('clientTickets.contact.access')}>
                <Access method={method} />
              </Field>
              <Field label={t('clientTickets.contact.promised')}>
                <Promises method={method} />
              </Field>
              <Field label={t('clientTickets.contact.measured')}>
                <Measured method={method} text={measured(method)} />
              </Field>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
    );
  }

  return (
    <Table data-testid="contact-methods" verticalSpacing="md" withTableBorder bg="var(--mantine-color-body)">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('clientTickets.contact.method')}</Table.Th>
          <Table.Th>{t('clientTickets.contact.purpose')}</Table.Th>
          <Table.Th>{t('clientTickets.contact.access')}</Table.Th>
          <Table.Th>{t('clientTickets.contact.promised')}</Table.Th>
          <Table.Th>
            {t('clientTickets.contact.measured')}
            <Text size="xs" c="dimmed" fw={400}>
              {t('clientTickets.contact.measuredHint')}
            </Text>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {page.methods.map((method) => (
          <Table.Tr key={method.channel} data-testid="contact-method" data-channel={method.channel}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <MethodName channel={method.channel} />
            </Table.Td>
            <Table.Td>
              <Text size="sm">{t(`clientTickets.contact.channels.${method.channel}.purpose`)}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">
                <Access method={method} />
              </Text>
            </Table.Td>
            <Table.Td>
              <Promises method={method} />
            </Table.Td>
            <Table.Td>
              <Measured method={method} text={measured(method)} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}
