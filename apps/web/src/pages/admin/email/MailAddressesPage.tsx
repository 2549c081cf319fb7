import { ServedAddress, ServedAddressInput } from '@centrala/contracts';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiSend, isApiError, unwrap } from '../../../api';
import { ErrorAlert, QueryState, useErrorMessage } from '../../../components/QueryState';
import { useApplyFieldErrors, useSchemaValidator } from '../../../forms';
import { fieldErrorsCoverAll } from '../fieldErrors';
import { adminQueryKeys } from '../queryKeys';
import { ConfirmRemove } from './ConfirmRemove';
import { useDepartmentOptions } from './useDepartments';

/** `/admin/mail-addresses`: the addresses the SMTP receiver serves, each to a department and purpose (issue 12 point 1). */
export function MailAddressesPage() {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<{ opened: boolean; address: ServedAddress | null }>({ opened: false, address: null });
  const addresses = useQuery({
    queryKey: adminQueryKeys.mailAddresses,
    queryFn: () => apiGet('/api/admin/mail-addresses', unwrap('addresses', ServedAddress.array())),
  });
  const { nameOf } = useDepartmentOptions();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const remove = useMutation({
    mutationFn: (a: ServedAddress) => apiSend('DELETE', `/api/admin/mail-addresses/${encodeURIComponent(a.id)}`),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('email.admin.removed') });
      setRemoving(null);
      await queryClient.invalidateQueries({ queryKey: adminQueryKeys.mailAddresses });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
  });
  const [removing, setRemoving] = useState<ServedAddress | null>(null);
  const confirmRemove = (a: ServedAddress) => setRemoving(a);

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('email.admin.addresses.title')}
          </Title>
          <Text size="sm" c="dimmed" maw={640}>
            {t('email.admin.addresses.intro')}
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ opened: true, address: null })}>
          {t('email.admin.addresses.add')}
        </Button>
      </Group>
      <QueryState query={addresses}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed">{t('email.admin.addresses.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing="sm" withTableBorder highlightOnHover data-testid="mail-addresses">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('email.admin.addresses.address')}</Table.Th>
                    <Table.Th>{t('email.admin.department')}</Table.Th>
                    <Table.Th>{t('email.admin.addresses.purpose')}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('email.admin.edit')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td ff="monospace" fw={600} style={{ overflowWrap: 'anywhere' }}>
                        {a.address}
                      </Table.Td>
                      <Table.Td>{nameOf(a.departmentId)}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={a.purpose === 'abuse' ? 'red' : 'blue'} tt="none">
                          {t(`email.admin.addresses.purposes.${a.purpose}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        <Tooltip label={t('email.admin.edit')} withArrow>
                          <ActionIcon
                            variant="subtle"
                            aria-label={t('email.admin.addresses.editFor', { address: a.address })}
                            onClick={() => setEditing({ opened: true, address: a })}
                          >
                            <IconPencil size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label={t('email.admin.remove')} withArrow>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={t('email.admin.addresses.removeFor', { address: a.address })}
                            onClick={() => confirmRemove(a)}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      <ConfirmRemove
        opened={removing !== null}
        title={t('email.admin.addresses.removeFor', { address: removing?.address ?? '' })}
        text={t('email.admin.addresses.removeConfirm', { address: removing?.address ?? '' })}
        loading={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing)}
      />
      <Modal
        opened={editing.opened}
        onClose={() => setEditing((c) => ({ ...c, opened: false }))}
        title={editing.address ? t('email.admin.addresses.editTitle') : t('email.admin.addresses.add')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <AddressForm
          key={editing.address?.id ?? 'new'}
          address={editing.address}
          onDone={() => setEditing((c) => ({ ...c, opened: false }))}
        />
      </Modal>
    </Stack>
  );
}

function AddressForm({ address, onDone }: { address: ServedAddress | null; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const applyFieldErrors = useApplyFieldErrors();
  const { options } = useDepartmentOptions();
  const form = useForm({
    initialValues: { address: address?.address ?? '', departmentId: address?.departmentId ?? '', purpose: address?.purpose ?? 'support' },
    validate: useSchemaValidator(ServedAddressInput),
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      address
        ? apiSend('PATCH', `/api/admin/mail-addresses/${encodeURIComponent(address.id)}`, values)
        : apiSend('POST', '/api/admin/mail-addresses', values),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('email.admin.saved') });
      await queryClient.invalidateQueries({ queryKey: adminQueryKeys.mailAddresses });
      onDone();
    },
    onError: (error) => applyFieldErrors(form, error),
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        {save.isError && !(isApiError(save.error) && fieldErrorsCoverAll(save.error.fields, Object.keys(form.values))) && (
          <ErrorAlert error={save.error} />
        )}
        <TextInput
          label={t('email.admin.addresses.address')}
          description={t('email.admin.addresses.addressHint')}
          required
          autoComplete="off"
          {...form.getInputProps('address')}
        />
        <Select label={t('email.admin.department')} required data={options} allowDeselect={false} {...form.getInputProps('departmentId')} />
        <Select
          label={t('email.admin.addresses.purpose')}
          required
          allowDeselect={false}
          data={(['support', 'abuse'] as const).map((p) => ({ value: p, label: t(`email.admin.addresses.purposes.${p}`) }))}
          {...form.getInputProps('purpose')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('email.admin.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('email.admin.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
