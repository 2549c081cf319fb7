import type { ContactPage } from '@centrala/contracts';
import { Anchor, Card, Group, SimpleGrid, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconBell, IconMail, IconMessageCircle, IconTicket } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLocale } from '../../i18n';
import { formatDuration, formatDurationRange } from '../../tickets/format';

type Method = ContactPage['methods'][number];
type Channel = Method['channel'];

const icons: Record<Channel, ReactNode> = {
  ticket: <IconTicket size={18} />,
  chat: <IconMessageCircle size={18} />,
  email: <IconMail size={18} />,
  notifications: <IconBell size={18} />,
};

/** The texts of one row: what the contact document (R16) promises next to what was measured. */
function useDescribe(supportEmail: string) {
  const { t } = useTranslation();
  const locale = useLocale();

  const promise = ({ channel, promisedSeconds: { min, max } }: Method): string => {
    if (max === 0) return channel === 'notifications' ? t('clientTickets.contact.realTime') : t('clientTickets.contact.immediate');
    if (max === null) return '—';
    if (min === null || min === max) return t('clientTickets.contact.within', { duration: formatDuration(max, locale) });
    return formatDurationRange(min, max, locale);
  };

  const measured = ({ channel, measuredMedianSeconds, sampleSize }: Method): string => {
    if (channel === 'notifications') return t('clientTickets.contact.notMeasured');
    if (measuredMedianSeconds === null || sampleSize === 0) return t('clientTickets.contact.noData');
    const options = { duration: formatDuration(measuredMedianSeconds, locale), count: sampleSize };
    if (channel === 'chat') return t('clientTickets.contact.measuredChats', options);
    if (channel === 'email') return t('clientTickets.contact.measuredEmails', options);
    return t('clientTickets.contact.measuredTickets', options);
  };

  const access = (channel: Channel): ReactNode => {
    if (channel === 'email') {
      return (
        <>
          {t('clientTickets.contact.channels.email.access')}{' '}
          <Anchor href={`mailto:${supportEmail}`} inherit>
            {supportEmail}
          </Anchor>
        </>
      );
    }
    if (channel === 'ticket') {
      return (
        <Anchor component={Link} to="/client/tickets/new" inherit>
          {t('clientTickets.contact.channels.ticket.access')}
        </Anchor>
      );
    }
    return t(`clientTickets.contact.channels.${channel}.access`);
  };

  return { promise, measured, access };
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

function Measured({ method, text }: { method: Method; text: string }) {
  const known = method.channel !== 'notifications' && method.measuredMedianSeconds !== null && method.sampleSize > 0;
  return (
    <Text size="sm" c={known ? undefined : 'dimmed'} fw={known ? 500 : undefined} data-testid="contact-measured">
      {text}
    </Text>
  );
}

/** R16: the four contact methods; a table on wide screens, cards on phones (one rendered, so test ids stay unique). */
export function ContactMethods({ page }: { page: ContactPage }) {
  const { t } = useTranslation();
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const describe = useDescribe(page.supportEmail);

  if (!wide) {
    return (
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" data-testid="contact-methods">
        {page.methods.map((method) => (
          <Card key={method.channel} withBorder component="article" data-testid="contact-method" data-channel={method.channel}>
            <Stack gap="xs">
              <MethodName channel={method.channel} />
              <Text size="sm">{t(`clientTickets.contact.channels.${method.channel}.purpose`)}</Text>
              <Field label={t('clientTickets.contact.access')}>{describe.access(method.channel)}</Field>
              <Field label={t('clientTickets.contact.promised')}>
                <Text size="sm" fw={600}>
                  {describe.promise(method)}
                </Text>
              </Field>
              <Field label={t('clientTickets.contact.measured')}>
                <Measured method={method} text={describe.measured(method)} />
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
              <Text size="sm">{describe.access(method.channel)}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" fw={600} data-testid="contact-promise">
                {describe.promise(method)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Measured method={method} text={describe.measured(method)} />
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
