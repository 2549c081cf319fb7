import { Locale, type LocalizedText } from '@centrala/contracts';
import i18n from 'i18next';
import { useCallback, useMemo } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import { i18nOptions } from './resources';

const storageKey = 'centrala.locale';

/** The language the visitor picked with the switch, if any; it wins over everything else. */
function storedLocale(): Locale | null {
  try {
    const parsed = Locale.safeParse(localStorage.getItem(storageKey));
    return parsed.success ? parsed.data : null;
  } catch {
    // Storage can be blocked (privacy settings); fall back to the other sources.
    return null;
  }
}

function browserLocale(): Locale {
  for (const language of navigator.languages) {
    const base = language.toLowerCase().slice(0, 2);
    if (base === 'hr' || base === 'en') return base;
  }
  return 'hr';
}

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  ...i18nOptions,
  lng: storedLocale() ?? browserLocale(),
});

/** An explicit choice from the language switch: remembered on this device. */
export function chooseLocale(locale: Locale): void {
  try {
    localStorage.setItem(storageKey, locale);
  } catch {
    // Not remembering the choice is acceptable; the switch still works for this visit.
  }
  void i18n.changeLanguage(locale);
}

/** After login: the account's language applies unless this device has an explicit choice. */
export function adoptUserLocale(locale: Locale): void {
  if (storedLocale() === null) void i18n.changeLanguage(locale);
}

export function useLocale(): Locale {
  const { i18n: instance } = useTranslation();
  const parsed = Locale.safeParse(instance.resolvedLanguage);
  return parsed.success ? parsed.data : 'hr';
}

/** Picks the current language from a message the API sent in both. */
export function useLocalize(): (text: LocalizedText) => string {
  const locale = useLocale();
  return useCallback((text: LocalizedText) => text[locale], [locale]);
}

export function useFormatDateTime(): (iso: string) => string {
  const locale = useLocale();
  const format = useMemo(
    () => new Intl.DateTimeFormat(locale === 'hr' ? 'hr-HR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }),
    [locale],
  );
  return useCallback((iso: string) => format.format(new Date(iso)), [format]);
}

export { i18n };
