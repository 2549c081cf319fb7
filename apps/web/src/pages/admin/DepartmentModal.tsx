import { DepartmentInput, type Department } from '@centrala/contracts';
import { Button, Group, Modal, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiSend, isApiError } from '../../api';
import { ErrorAlert } from '../../components/QueryState';
import { useApplyFieldErrors, useSchemaValidator } from '../../forms';
import { useLocale } from '../../i18n';
import { fieldErrorsCoverAll } from './fieldErrors';
import { adminQueryKeys } from './queryKeys';

interface DepartmentModalProps {
  opened: boolean;
  /** The department to edit, or null to add a new one. */
  department: Department | null;
  onClose: () => void;
}

export function DepartmentModal({ opened, department, onClose }: DepartmentModalProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={department ? t('departments.editTitle') : t('departments.add')}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {/* Keyed by department so switching between rows never shows the previous row's values. */}
      <DepartmentForm key={department?.id ?? 'new'} department={department} onDone={onClose} />
    </Modal>
  );
}

function DepartmentForm({ department, onDone }: { department: Department | null; onDone: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const applyFieldErrors = useApplyFieldErrors();
  const form = useForm({
    initialValues: {
      slug: department?.slug ?? '',
      nameHr: department?.nameHr ?? '',
      nameEn: department?.nameEn ?? '',
      descriptionHr: department?.descriptionHr ?? '',
      descriptionEn: department?.descriptionEn ?? '',
      active: department?.active ?? true,
    },
    validate: useSchemaValidator(DepartmentInput),
  });

  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      department
        ? apiSend('PATCH', `/api/admin/departments/${encodeURIComponent(department.id)}`, values)
        : apiSend('POST', '/api/admin/departments', values),
    onSuccess: async (_data, values) => {
      const name = locale === 'hr' ? values.nameHr : values.nameEn;
      notifications.show({
        color: 'green',
        message: department ? t('common.saved') : t('departments.created', { name: name.trim() }),
      });
      await queryClient.invalidateQueries({ queryKey: adminQueryKeys.departments });
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
          label={t('departments.slug')}
          description={t('departments.slugHint')}
          ff="monospace"
          autoComplete="off"
          required
          data-autofocus
          {...form.getInputProps('slug')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('departments.nameHr')} lang="hr" required {...form.getInputProps('nameHr')} />
          <TextInput label={t('departments.nameEn')} lang="en" required {...form.getInputProps('nameEn')} />
          <Textarea label={t('departments.descriptionHr')} lang="hr" autosize minRows={2} {...form.getInputProps('descriptionHr')} />
          <Textarea label={t('departments.descriptionEn')} lang="en" autosize minRows={2} {...form.getInputProps('descriptionEn')} />
        </SimpleGrid>
        <Switch label={t('departments.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {department ? t('common.save') : t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
