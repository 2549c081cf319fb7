import { AccountContact, AccountWithServices } from '@centrala/contracts';
import { Alert, Select, SimpleGrid } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, unwrap } from '../../../api';
import { ticketQueryKeys } from './queryKeys';

interface CallerFieldsProps {
  accountId: string;
  contactId: string | null;
  onContact: (id: string | null) => void;
  serviceId: string | null;
  onService: (id: string | null) => void;
  errors: { contactId?: string | undefined; serviceId?: string | undefined };
}

/**
 * Who of the account called, and the service the call is about (issue 13 point 5). The account's registered person
 * is chosen at first; an account with one contact still shows who it is, so the agent can check the caller's name.
 */
export function CallerFields({ accountId, contactId, onContact, serviceId, onService, errors }: CallerFieldsProps) {
  const { t } = useTranslation();
  const contacts = useQuery({
    queryKey: ['agent', 'accounts', 'contacts', accountId],
    queryFn: () => apiGet(`/api/agent/accounts/${accountId}/contacts`, unwrap('contacts', AccountContact.array())),
    staleTime: 60_000,
  });
  const account = useQuery({
    queryKey: ticketQueryKeys.account(accountId),
    queryFn: () => apiGet(`/api/agent/accounts/${accountId}`, AccountWithServices),
    staleTime: 60_000,
  });
  const first = contacts.data?.[0]?.id ?? null;
  useEffect(() => {
    if (contactId === null && first) onContact(first);
  }, [contactId, first, onContact]);

  if (contacts.data?.length === 0)
    return (
      <Alert color="orange" data-testid="new-phone-no-contacts">
        {t('agentTickets.newPhone.noContacts')}
      </Alert>
    );
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
      <Select
        data-field="contactId"
        label={t('agentTickets.newPhone.contact')}
        description={t('agentTickets.newPhone.contactHint')}
        required
        allowDeselect={false}
        value={contactId}
        onChange={onContact}
        data={(contacts.data ?? []).map((c) => ({ value: c.id, label: `${c.name} — ${c.email}` }))}
        error={errors.contactId ?? (contacts.isError ? t('agentTickets.newPhone.contactsFailed') : undefined)}
        data-testid="new-phone-contact"
      />
      <Select
        data-field="serviceId"
        label={t('agentTickets.newPhone.service')}
        description={t('agentTickets.newPhone.serviceHint')}
        placeholder={t('agentTickets.newPhone.noService')}
        clearable
        value={serviceId}
        onChange={onService}
        data={(account.data?.services ?? []).map((s) => ({ value: s.id, label: `${s.name} (#${s.orderNumber})` }))}
        error={errors.serviceId}
        data-testid="new-phone-service"
      />
    </SimpleGrid>
  );
}
