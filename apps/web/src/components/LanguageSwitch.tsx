import { Locale } from '@centrala/contracts';
import { SegmentedControl } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiSend, isApiError } from '../api';
import { sessionQueryKey, useSession } from '../auth/session';
import { chooseLocale, useLocale, useLocalize } from '../i18n';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const locale = useLocale();
  const localize = useLocalize();
  const queryClient = useQueryClient();
  const { data: session } = useSession();

  // The account's language decides the language of emails, so a logged-in choice is saved there too.
  const saveLocale = useMutation({
    mutationFn: (next: Locale) => apiSend('PUT', '/api/me/locale', { locale: next }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionQueryKey }),
    onError: (error) => {
      if (isApiError(error)) notifications.show({ color: 'red', message: localize(error.localized) });
    },
  });

  const change = (value: string) => {
    const parsed = Locale.safeParse(value);
    if (!parsed.success) return;
    chooseLocale(parsed.data);
    if (session) saveLocale.mutate(parsed.data);
  };

  return (
    <SegmentedControl
      data-testid="language-switch"
      aria-label={t('language.label')}
      size="xs"
      value={locale}
      onChange={change}
      data={[
        { value: 'hr', label: <span title={t('language.hr')}>HR</span> },
        { value: 'en', label: <span title={t('language.en')}>EN</span> },
      ]}
    />
  );
}
