import { MantineProvider } from '@mantine/core';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { createAppTheme } from '../theme';

/** Mantine with the app's theme, rebuilt when the language changes so that the names it gives controls follow it. */
export function AppMantineProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const close = t('common.close');
  const theme = useMemo(() => createAppTheme({ close }), [close]);
  return <MantineProvider theme={theme}>{children}</MantineProvider>;
}
