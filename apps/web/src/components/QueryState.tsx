import { Alert, Button, Center, Loader, Skeleton, Stack } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api';
import { useLocalize } from '../i18n';

/** A localized message for anything a request can throw. */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  const localize = useLocalize();
  return (error) => (isApiError(error) ? localize(error.localized) : t('errors.crashed'));
}

interface ErrorAlertProps {
  error: unknown;
  /** A heading that says what went wrong, where "Something went wrong" (a system fault) would mislead. */
  title?: string;
  onRetry?: () => void;
  'data-testid'?: string;
}

export function ErrorAlert({ error, title, onRetry, 'data-testid': testId }: ErrorAlertProps) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title={title ?? t('common.errorTitle')} data-testid={testId}>
      <Stack gap="sm" align="flex-start">
        {message(error)}
        {onRetry && (
          <Button size="xs" variant="white" color="red" leftSection={<IconRefresh size={14} />} onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center mih="40vh">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

function TableSkeleton() {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" aria-busy aria-label={t('common.loading')}>
      {[0, 1, 2, 3].map((row) => (
        <Skeleton key={row} h={32} />
      ))}
    </Stack>
  );
}

interface QueryStateProps<T> {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}

/** Loading skeleton, error with retry, or the data: the three states every query on a page has. */
export function QueryState<T>({ query, children }: QueryStateProps<T>) {
  if (query.data !== undefined) return children(query.data);
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  return <TableSkeleton />;
}
