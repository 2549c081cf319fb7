import { ServiceInput, ServiceRecord, ServiceStatus, type Service } from '@centrala/contracts';
import { Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { apiSend } from '../../../api';
import { useSchemaValidator } from '../../../forms';
import { directoryPaths } from './directoryApi';
import { FormButtons, ExternalIdInput, monospaceInput, useDirectorySave, withExternalId, type ErrorsAdjuster } from './DirectoryForm';
import { ipList, ipText, linesOfItems } from './ipLines';

type Values = {
  name: string;
  orderNumber: string;
  product: string;
  location: string;
  status: Service['status'];
  ipAddresses: string;
  externalId: string;
};

/** What the API takes: the addresses typed one per line become a list. */
function serviceBody(values: Values, hadExternalId: boolean) {
  return { ...withExternalId(values, hadExternalId), ipAddresses: ipList(values.ipAddresses) };
}

/** Adds a service to the account, or edits `service`; rendered inside a DirectoryModal. */
export function ServiceForm({ accountId, service, onDone }: { accountId: string; service: ServiceRecord | null; onDone: () => void }) {
  const { t } = useTranslation();
  const validate = useSchemaValidator(ServiceInput);
  const hadExternalId = Boolean(service?.externalId);
  const form = useForm({
    initialValues: {
      name: service?.name ?? '',
      orderNumber: service ? `#${service.orderNumber}` : '',
      product: service?.product ?? '',
      location: service?.location ?? '',
      status: service?.status ?? 'active',
      ipAddresses: ipText(service?.ipAddresses ?? []),
      externalId: service?.externalId ?? '',
    } as Values,
    validate: (values) => byLine(validate({ ...serviceBody(values, hadExternalId), accountId }) as Record<string, string>),
    transformValues: (values) => serviceBody(values, hadExternalId),
  });
  // An item of the address list is refused by its index; the admin sees lines, so the message names those.
  const byLine: ErrorsAdjuster = useCallback(
    (errors) => {
      const items = Object.keys(errors).filter((path) => /^ipAddresses\.\d+$/.test(path));
      if (items.length === 0) return errors;
      const lines = linesOfItems(
        form.getValues().ipAddresses,
        items.map((path) => Number(path.split('.')[1])),
      );
      const rest = Object.fromEntries(Object.entries(errors).filter(([path]) => !items.includes(path)));
      return { ...rest, ipAddresses: t('directory.services.ipLineInvalid', { count: lines.length, lines: lines.join(', ') }) };
    },
    [form, t],
  );
  const { mutation, errorAlert } = useDirectorySave(
    form,
    (body: object) =>
      service
        ? apiSend('PATCH', directoryPaths.update('services', service.id), body, ServiceRecord)
        : apiSend('POST', directoryPaths.create('services'), { ...body, accountId }, ServiceRecord),
    (saved) => {
      notifications.show({
        color: 'green',
        message: service ? t('common.saved') : t('directory.services.createdNotice', { name: saved.name }),
      });
      onDone();
    },
    byLine,
  );

  return (
    <form onSubmit={form.onSubmit((values) => mutation.mutate(values))} noValidate>
      <Stack>
        {errorAlert}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('directory.services.name')}
            description={t('directory.services.nameHint')}
            autoComplete="off"
            required
            data-autofocus
            {...form.getInputProps('name')}
          />
          <TextInput
            label={t('directory.services.orderNumber')}
            description={t('directory.services.orderNumberHint')}
            styles={monospaceInput}
            autoComplete="off"
            required
            {...form.getInputProps('orderNumber')}
          />
          <TextInput label={t('directory.services.product')} autoComplete="off" required {...form.getInputProps('product')} />
          <TextInput label={t('directory.services.location')} autoComplete="off" required {...form.getInputProps('location')} />
          <Select<Service['status']>
            label={t('directory.services.status')}
            data={ServiceStatus.options.map((status) => ({ value: status, label: t(`services.statuses.${status}`) }))}
            allowDeselect={false}
            required
            {...form.getInputProps('status')}
          />
          <ExternalIdInput kept={Boolean(service?.externalId)} {...form.getInputProps('externalId')} />
        </SimpleGrid>
        <Textarea
          label={t('directory.services.ipAddresses')}
          description={t('directory.services.ipAddressesHint')}
          styles={monospaceInput}
          autosize
          minRows={3}
          maxRows={12}
          spellCheck={false}
          {...form.getInputProps('ipAddresses')}
        />
        <FormButtons onCancel={onDone} saving={mutation.isPending} isNew={service === null} />
      </Stack>
    </form>
  );
}
