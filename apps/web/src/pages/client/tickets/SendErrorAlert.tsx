import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { Ref, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api';
import { useErrorMessage } from '../../../components/QueryState';

interface SendErrorAlertProps {
  error: unknown;
  ref?: Ref<HTMLDivElement>;
  'data-testid'?: string;
}

/**
 * Why a form was not sent, meant to sit next to its send button. Focusable (and an ARIA alert) so
 * `revealSendError` can move the user to it; says the input is still there when trying again may help.
 */
export function SendErrorAlert({ error, ref, 'data-testid': testId }: SendErrorAlertProps) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  // Network and server failures pass; a refused input needs changing first, which the message says.
  const retryable = isApiError(error) && (error.status === 0 || error.status >= 500);
  return (
    <Alert ref={ref} tabIndex={-1} color="red" icon={<IconAlertTriangle />} title={t('common.errorTitle')} data-testid={testId}>
      <Text size="sm">{message(error)}</Text>
      {retryable && (
        <Text size="sm" mt={4}>
          {t('sending.keptHint')}
        </Text>
      )}
    </Alert>
  );
}

/**
 * After a failed send: scrolls the error and the buttons next to it (`area`) into view (the user is at the
 * button, which may be far below the top of a long form) and moves focus to the error, so it is seen and
 * read out.
 */
export function revealSendError(alert: RefObject<HTMLElement | null>, area: RefObject<HTMLElement | null>): void {
  // After React has rendered the alert.
  requestAnimationFrame(() => {
    const element = alert.current;
    if (!element) return;
    (area.current ?? element).scrollIntoView({ block: 'nearest' });
    element.focus({ preventScroll: true });
  });
}
