import { Button, Group, Modal, TextInput, type TextInputProps } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api';
import { ErrorAlert } from '../../../components/QueryState';
import { useLocalize } from '../../../i18n';
import { fieldErrorsCoverAll } from '../../admin/fieldErrors';
import { directoryKeys } from './directoryApi';

interface DirectoryModalProps {
  opened: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
}

/** The dialog every directory form opens in; its form is rendered only while open, so each opening starts afresh. */
export function DirectoryModal({ opened, title, onClose, children }: DirectoryModalProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg" centered closeButtonProps={{ 'aria-label': t('common.close') }}>
      {opened && children}
    </Modal>
  );
}

interface Form {
  values: object;
  setFieldError: (path: string, error: string) => void;
}

/** Errors by field path, possibly regrouped: a list's items (`ipAddresses.2`) shown as one message on the list's input. */
export type ErrorsAdjuster = (errors: Record<string, string>) => Record<string, string>;

/**
 * Saves a directory form: the API's field errors go beside their inputs (through `adjust`, as the browser's own
 * check does), anything else above the form; on success every directory view is read again, since a change shows
 * in the list, the customer's page and its history at once.
 */
export function useDirectorySave<Body, Answer>(
  form: Form,
  send: (body: Body) => Promise<Answer>,
  onSaved: (answer: Answer, body: Body) => void,
  adjust: ErrorsAdjuster = (errors) => errors,
) {
  const queryClient = useQueryClient();
  const localize = useLocalize();
  const serverErrors = (error: unknown): Record<string, string> =>
    isApiError(error) ? adjust(Object.fromEntries(error.fields.map((field) => [field.path, localize(field.message)]))) : {};
  const mutation = useMutation({
    mutationFn: send,
    onSuccess: async (answer, body) => {
      await queryClient.invalidateQueries({ queryKey: directoryKeys.all });
      onSaved(answer, body);
    },
    onError: (error) => {
      for (const [path, message] of Object.entries(serverErrors(error))) form.setFieldError(path, message);
    },
  });
  const shown = Object.keys(serverErrors(mutation.error)).map((path) => ({ path }));
  const uncovered = mutation.isError && !fieldErrorsCoverAll(shown, Object.keys(form.values));
  return { mutation, errorAlert: uncovered ? <ErrorAlert error={mutation.error} /> : null };
}

/** Ids, order numbers and addresses are typed in a monospace face; the label keeps the form's. */
export const monospaceInput = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

/** The billing system's id of a record: optional on a new one; once set, it can be changed but not removed. */
export function ExternalIdInput({ kept, ...input }: { kept: boolean } & TextInputProps) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={t('directory.externalId.label')}
      description={kept ? t('directory.externalId.kept') : t('directory.externalId.hint')}
      styles={monospaceInput}
      autoComplete="off"
      required={kept}
      {...input}
    />
  );
}

/**
 * The form's values with the external id left out when empty on a record that has none (the API never takes an
 * empty id). A record's id, once set, is its billing system's key: it can be changed, not removed, so there an empty
 * one stays and is refused as required.
 */
export function withExternalId<V extends { externalId: string }>(
  values: V,
  hadOne: boolean,
): Omit<V, 'externalId'> & { externalId?: string } {
  const { externalId, ...rest } = values;
  return hadOne || externalId.trim() !== '' ? values : rest;
}

/** Cancel and the submit button, at the form's end. */
export function FormButtons({ onCancel, saving, isNew }: { onCancel: () => void; saving: boolean; isNew: boolean }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={saving}>
        {isNew ? t('common.create') : t('common.save')}
      </Button>
    </Group>
  );
}
