import { type Contact, type DirectoryAccount } from '@centrala/contracts';
import { ActionIcon, Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconBan, IconCircleCheck, IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/QueryState';
import { wholeBadgeLabel } from '../../../tickets/badges';
import { ConfirmRemove } from '../../admin/email/ConfirmRemove';
import { DirectoryModal } from './DirectoryForm';
import { ContactForm } from './ContactForm';
import { directoryKeys, directoryPaths, fetchContacts } from './directoryApi';
import { ResponsiveTable, type Column } from './ResponsiveTable';
import { Section } from './Section';
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
      path: directoryPaths.update('contacts', contact.id),
      patch: { disabled: value },
      done: t('common.saved'),
    });

  const columns: Column<Contact>[] = [
    {
      header: t('directory.contacts.name'),
      cell: (contact) => (
        <>
          <Group gap="xs">
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
        </>
      ),
    },
    { header: t('directory.contacts.email'), cell: (contact) => contact.email },
    { header: t('directory.contacts.language'), cell: (contact) => t(`directory.contacts.languages.${contact.locale}`) },
    {
      header: t('directory.contacts.roles'),
      cell: (contact) =>
        contact.roles.length === 0 ? (
          <Text span size="sm" c="dimmed">
            {t('directory.contacts.noRoles')}
          </Text>
        ) : (
          <Group gap={4} component="span">
            {contact.roles.map((role) => (
              <Badge key={role} styles={wholeBadgeLabel} variant="light" color="blue" tt="none">
                {t(`directory.contacts.roleNames.${role}`)}
              </Badge>
            ))}
          </Group>
        ),
    },
    {
      header: t('directory.contacts.login'),
      cell: (contact) => (contact.canLogIn ? t('directory.contacts.loginAllowed') : t('directory.contacts.loginDenied')),
    },
    ...(isAdmin
      ? [
          {
            header: t('directory.contacts.actions'),
            cell: (contact: Contact) => (
              <ContactActions contact={contact} onEdit={setEditing} onDisable={setDisabling} onEnable={(c) => setDisabled(c, false)} />
            ),
          },
        ]
      : []),
  ];

  return (
    <Section
      name="contacts"
      title={t('directory.contacts.title')}
      add={isAdmin ? { label: t('directory.contacts.add'), onClick: () => setEditing(null) } : null}
    >
      {account.disabledAt && (
        <Text size="sm" c="dimmed" mb="xs">
          {t('directory.contacts.accountDisabled')}
        </Text>
      )}
      <QueryState query={contacts}>
        {({ items }) => (
          <ResponsiveTable
            rows={items}
            columns={columns}
            rowKey={(contact) => contact.id}
            rowTestId="contact-row"
            minWidth={isAdmin ? 820 : 720}
            empty={t('directory.contacts.empty')}
          />
        )}
      </QueryState>
      {isAdmin && (
        <>
          <DirectoryModal
            opened={editing !== undefined}
            title={editing ? t('directory.contacts.editTitle') : t('directory.contacts.newTitle')}
            onClose={() => setEditing(undefined)}
          >
            <ContactForm accountId={account.id} contact={editing ?? null} onDone={() => setEditing(undefined)} />
          </DirectoryModal>
          <ConfirmRemove
            opened={disabling !== null}
            title={disabling ? t('directory.contacts.disableTitle', { name: disabling.name }) : ''}
            text={t('directory.contacts.disableText')}
            confirm={t('directory.contacts.disable')}
            loading={false}
            onConfirm={() => {
              if (disabling) setDisabled(disabling, true);
              setDisabling(null);
            }}
            onCancel={() => setDisabling(null)}
          />
        </>
      )}
    </Section>
  );
}

interface ContactActionsProps {
  contact: Contact;
  onEdit: (contact: Contact) => void;
  onDisable: (contact: Contact) => void;
  onEnable: (contact: Contact) => void;
}

/** Edit, and disable (confirmed by the caller) or enable, each named for its contact. */
function ContactActions({ contact, onEdit, onDisable, onEnable }: ContactActionsProps) {
  const { t } = useTranslation();
  const editLabel = t('directory.contacts.editFor', { name: contact.name });
  const toggleLabel = contact.disabledAt
    ? t('directory.contacts.enableFor', { name: contact.name })
    : t('directory.contacts.disableFor', { name: contact.name });
  return (
    <Group gap={4} wrap="nowrap">
      <Tooltip label={editLabel} withArrow>
        <ActionIcon variant="default" aria-label={editLabel} onClick={() => onEdit(contact)}>
          <IconPencil size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={toggleLabel} withArrow>
        <ActionIcon
          variant="default"
          aria-label={toggleLabel}
          onClick={() => (contact.disabledAt ? onEnable(contact) : onDisable(contact))}
        >
          {contact.disabledAt ? <IconCircleCheck size={16} /> : <IconBan size={16} />}
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
