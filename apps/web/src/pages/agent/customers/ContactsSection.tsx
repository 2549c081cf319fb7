import { type Contact, type DirectoryAccount } from '@centrala/contracts';
import { ActionIcon, Badge, Button, Group, Paper, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconBan, IconCircleCheck, IconPencil, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/QueryState';
import { wholeBadgeLabel } from '../../../tickets/badges';
import { ConfirmDisable } from './ConfirmDisable';
import { ContactModal } from './ContactModal';
import { directoryKeys, directoryPaths, fetchContacts } from './directoryApi';
import { AccountStatusBadge } from './StatusBadge';
import { useDirectoryPatch } from './useDirectoryPatch';

/** The people of a customer: who they are, what they are to the account, whether they may log in. */
export function ContactsSection({ account, isAdmin }: { account: DirectoryAccount; isAdmin: boolean }) {
  const { t } = useTranslation();
  const contacts = useQuery({ queryKey: directoryKeys.contacts(account.id), queryFn: () => fetchContacts(account.id) });
  // The dialog's contact: null adds a new one, undefined is closed.
  const [editing, setEditing] = useState<Contact | null | undefined>(undefined);
  const [disabling, setDisabling] = useState<Contact | null>(null);
  const patch = useDirectoryPatch();
  const setDisabled = (contact: Contact, value: boolean) =>
    patch.mutate({
      path: directoryPaths.contact(contact.id),
      patch: { disabled: value },
      done: t('common.saved'),
    });

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="customer-contacts" data-testid="customer-contacts">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="customer-contacts">
          {t('directory.contacts.title')}
        </Title>
        {isAdmin && (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setEditing(null)}>
            {t('directory.contacts.add')}
          </Button>
        )}
      </Group>
      {account.disabledAt && (
        <Text size="sm" c="dimmed" mb="xs">
          {t('directory.contacts.accountDisabled')}
        </Text>
      )}
      <QueryState query={contacts}>
        {({ items }) =>
          items.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('directory.contacts.empty')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={isAdmin ? 820 : 720}>
              <Table verticalSpacing="xs" withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('directory.contacts.name')}</Table.Th>
                    <Table.Th>{t('directory.contacts.email')}</Table.Th>
                    <Table.Th>{t('directory.contacts.language')}</Table.Th>
                    <Table.Th>{t('directory.contacts.roles')}</Table.Th>
                    <Table.Th>{t('directory.contacts.login')}</Table.Th>
                    {isAdmin && <Table.Th>{t('directory.contacts.actions')}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((contact) => (
                    <Table.Tr key={contact.id} data-testid="contact-row">
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Text size="sm" fw={600}>
                            {contact.name}
                          </Text>
                          {contact.disabledAt && <AccountStatusBadge disabled />}
                        </Group>
                        {contact.externalId && (
                          <Text size="xs" c="dimmed" ff="monospace">
                            {contact.externalId}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>{contact.email}</Table.Td>
                      <Table.Td>{t(`directory.contacts.languages.${contact.locale}`)}</Table.Td>
                      <Table.Td>
                        {contact.roles.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            {t('directory.contacts.noRoles')}
                          </Text>
                        ) : (
                          <Group gap={4}>
                            {contact.roles.map((role) => (
                              <Badge key={role} styles={wholeBadgeLabel} variant="light" color="blue" tt="none">
                                {t(`directory.contacts.roleNames.${role}`)}
                              </Badge>
                            ))}
                          </Group>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" c={contact.canLogIn ? undefined : 'dimmed'}>
                          {contact.canLogIn ? t('directory.contacts.loginAllowed') : t('directory.contacts.loginDenied')}
                        </Text>
                      </Table.Td>
                      {isAdmin && (
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            <Tooltip label={t('directory.contacts.editFor', { name: contact.name })} withArrow>
                              <ActionIcon
                                variant="default"
                                aria-label={t('directory.contacts.editFor', { name: contact.name })}
                                onClick={() => setEditing(contact)}
                              >
                                <IconPencil size={16} />
                              </ActionIcon>
                            </Tooltip>
                            {contact.disabledAt ? (
                              <Tooltip label={t('directory.contacts.enableFor', { name: contact.name })} withArrow>
                                <ActionIcon
                                  variant="default"
                                  color="green"
                                  aria-label={t('directory.contacts.enableFor', { name: contact.name })}
                                  onClick={() => setDisabled(contact, false)}
                                >
                                  <IconCircleCheck size={16} />
                                </ActionIcon>
                              </Tooltip>
                            ) : (
                              <Tooltip label={t('directory.contacts.disableFor', { name: contact.name })} withArrow>
                                <ActionIcon
                                  variant="default"
                                  color="red"
                                  aria-label={t('directory.contacts.disableFor', { name: contact.name })}
                                  onClick={() => setDisabling(contact)}
                                >
                                  <IconBan size={16} />
                                </ActionIcon>
                              </Tooltip>
                            )}
                          </Group>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      {isAdmin && (
        <>
          <ContactModal
            opened={editing !== undefined}
            accountId={account.id}
            contact={editing ?? null}
            onClose={() => setEditing(undefined)}
          />
          <ConfirmDisable
            opened={disabling !== null}
            title={disabling ? t('directory.contacts.disableTitle', { name: disabling.name }) : ''}
            text={t('directory.contacts.disableText')}
            confirm={t('directory.contacts.disable')}
            onConfirm={() => disabling && setDisabled(disabling, true)}
            onClose={() => setDisabling(null)}
          />
        </>
      )}
    </Paper>
  );
}
