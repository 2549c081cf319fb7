import { AccountWithServices, type Service, type TicketDetail } from '@centrala/contracts';
import { Anchor, Badge, Code, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet } from '../../../api';
import { ErrorAlert } from '../../../components/QueryState';
import { BouncingBadges } from '../../../email/BouncingBadges';
import { AccountLink } from './AccountLink';
import { ticketQueryKeys } from './queryKeys';

const serviceColor: Record<Service['status'], string> = {
  active: 'green',
  pending: 'yellow',
  suspended: 'red',
  cancelled: 'gray',
};

/** The customer's account and services, so the agent can match the IPs and orders the customer quoted. */
export function CustomerPanel({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const { accountId } = ticket;
  const account = useQuery({
    queryKey: ticketQueryKeys.account(accountId ?? ''),
    queryFn: () => apiGet(`/api/agent/accounts/${accountId}`, AccountWithServices),
    staleTime: 60_000,
    // A ticket from an address no account has registered (R11) has no account to show until an agent links one.
    enabled: accountId !== null,
  });
  // Linked from here, the link control (which had the focus) goes. Once the ticket shows its account, the focus goes
  // to it, described by the confirmation beside it: a keyboard user is not sent back to the top of the page, a screen
  // reader says what happened, and no toast covers the services the agent now wants to see.
  const [linking, setLinking] = useState(false);
  const linkedHere = linking && accountId !== null;
  const confirmation = useId();
  const accountAnchor = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (linkedHere) accountAnchor.current?.focus();
  }, [linkedHere]);

  return (
    <Paper withBorder p="sm" radius="md" data-testid="ticket-customer">
      <Title order={2} size="h5" mb="xs">
        {t('agentTickets.customer.title')}
      </Title>
      {accountId ? (
        // The customer's page: contacts, every service, the history of changes.
        <Anchor
          component={Link}
          to={`/agent/customers/${accountId}`}
          ref={accountAnchor}
          fw={600}
          size="sm"
          aria-describedby={linkedHere ? confirmation : undefined}
          data-testid="ticket-customer-link"
        >
          {ticket.accountName}
        </Anchor>
      ) : (
        <Text fw={600} size="sm" c="dimmed">
          {t('agentTickets.customer.noAccount')}
        </Text>
      )}
      {linkedHere && (
        <Group gap={4} wrap="nowrap" data-testid="account-linked">
          <IconCircleCheck size={16} color="var(--mantine-color-green-7)" aria-hidden />
          <Text size="sm" id={confirmation}>
            {t('agentTickets.customer.linked')}
          </Text>
        </Group>
      )}
      <BouncingBadges bouncing={ticket.bouncing} />
      {accountId === null && <AccountLink ticket={ticket} onLinking={setLinking} />}
      {account.isError && <ErrorAlert error={account.error} onRetry={() => void account.refetch()} />}
      {accountId && account.isPending && <Skeleton h={60} mt="xs" />}
      {account.data && (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            {account.data.email}
          </Text>
          <Text size="xs" c="dimmed" fw={500} tt="uppercase" mt={4}>
            {t('agentTickets.customer.services')}
          </Text>
          {account.data.services.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('agentTickets.customer.noServices')}
            </Text>
          )}
          {account.data.services.map((service) => (
            <ServiceRow key={service.id} service={service} current={service.name === ticket.serviceName} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function ServiceRow({ service, current }: { service: Service; current: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack
      gap={2}
      p={6}
      style={{
        borderRadius: 'var(--mantine-radius-sm)',
        border: `1px solid ${current ? 'var(--mantine-color-blue-4)' : 'var(--mantine-color-gray-2)'}`,
      }}
      data-testid="customer-service"
    >
      <Group justify="space-between" gap={4} wrap="nowrap">
        <Text size="sm" fw={600} truncate>
          {service.name}{' '}
          <Text span ff="monospace" c="dimmed" inherit fw={400}>
            #{service.orderNumber}
          </Text>
        </Text>
        <Badge size="xs" variant="light" color={serviceColor[service.status]}>
          {t(`agentTickets.customer.serviceStatuses.${service.status}`)}
        </Badge>
      </Group>
      {current && (
        <Text size="xs" c="blue.7">
          {t('agentTickets.customer.thisTicket')}
        </Text>
      )}
      {service.ipAddresses.length > 0 && (
        <Group gap={4}>
          {service.ipAddresses.map((ip) => (
            <Code key={ip} fz="xs">
              {ip}
            </Code>
          ))}
        </Group>
      )}
    </Stack>
  );
}
