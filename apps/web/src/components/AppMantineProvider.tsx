import { MantineProvider } from '@mantine/core';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n';
import { createAppTheme } from '../theme';
import { decimalSeparator } from '../tickets/format';

/** Mantine with the app's theme, rebuilt when the language changes so that the names it gives controls follow it. */
export function AppMantineProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const close = t('common.close');
  const separator = decimalSeparator(useLocale());
  const theme = useMemo(() => createAppTheme({ close, decimalSeparator: separator }), [close, separator]);
  return <MantineProvider theme={theme}>{children}</MantineProvider>;
}
