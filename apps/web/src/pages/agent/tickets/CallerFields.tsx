import { AccountWithServices, Contact, Page } from '@centrala/contracts';
import { Alert, Select, SimpleGrid } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../../api';
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
  // The account's active contacts, as the directory lists them to staff.
  const contacts = useQuery({
    queryKey: ['agent', 'directory', 'contacts', accountId],
    queryFn: () =>
      apiGet(`/api/agent/directory/contacts?accountId=${encodeURIComponent(accountId)}&status=active&limit=200`, Page(Contact)),
    select: (page) => page.items,
    staleTime: 60_000,
  });
  const account = useQuery({
    queryKey: ticketQueryKeys.account(accountId),
    queryFn: () => apiGet(`/api/agent/accounts/${accountId}`, AccountWithServices),
    staleTime: 60_000,
  });
  // The account's registered person first, as the server would choose: once both are read.
  const first =
    contacts.data && account.data ? ((contacts.data.find((c) => c.email === account.data.email) ?? contacts.data[0])?.id ?? null) : null;
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
