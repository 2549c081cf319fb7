import type { FilledCannedResponse, Locale } from '@centrala/contracts';
import { Anchor, Button, Combobox, ScrollArea, Text, useCombobox } from '@mantine/core';
import { IconMessageDots } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTicketCannedResponses } from './api';
import { matchesQuery } from './matches';

interface CannedResponsePickerProps {
  /** The ticket the responses are filled in for. */
  reference: string;
  /** Gets the response's text with its placeholders filled in. */
  onPick: (text: string) => void;
}

/**
 * Inserts a canned response into a reply: opens on its button, searches as you type, arrows and Enter pick,
 * Escape closes. The responses in the customer's language come first.
 */
export function CannedResponsePicker({ reference, onPick }: CannedResponsePickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const responses = useTicketCannedResponses(reference);
  const combobox = useCombobox({
    onDropdownOpen: () => {
      combobox.focusSearchInput();
      combobox.selectFirstOption();
    },
    onDropdownClose: () => {
      combobox.resetSelectedOption();
      setSearch('');
    },
  });

  const all = responses.data?.responses ?? [];
  const found = all.filter((response) => matchesQuery(search, response.title, response.filled));
  const groups = byLanguage(found);
  const languageLabel = (locale: Locale) =>
    locale === responses.data?.language
      ? t('canned.picker.customerLanguage', { language: t(`language.${locale}`) })
      : t(`language.${locale}`);

  return (
    <Combobox
      store={combobox}
      width={360}
      position="bottom-end"
      withinPortal
      shadow="md"
      onOptionSubmit={(id) => {
        const response = all.find((candidate) => candidate.id === id);
        combobox.closeDropdown();
        if (response) onPick(response.filled);
      }}
    >
      <Combobox.Target withAriaAttributes={false}>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconMessageDots size={14} aria-hidden />}
          loading={responses.isLoading}
          aria-haspopup="listbox"
          aria-expanded={combobox.dropdownOpened}
          onClick={() => combobox.toggleDropdown()}
          data-testid="canned-responses"
        >
          {t('canned.picker.button')}
        </Button>
      </Combobox.Target>
      <Combobox.Dropdown data-testid="canned-picker">
        <Combobox.Search
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            // After the list has been filtered by the new text.
            requestAnimationFrame(() => combobox.selectFirstOption());
          }}
          placeholder={t('canned.picker.search')}
          aria-label={t('canned.picker.search')}
        />
        <Combobox.Options aria-label={t('canned.picker.button')}>
          <ScrollArea.Autosize mah={320} type="scroll">
            {all.length === 0 && <Combobox.Empty>{t('canned.picker.empty')}</Combobox.Empty>}
            {all.length > 0 && found.length === 0 && <Combobox.Empty>{t('canned.picker.noMatch')}</Combobox.Empty>}
            {groups.map(([locale, items]) => (
              <Combobox.Group key={locale} label={languageLabel(locale)}>
                {items.map((response) => (
                  <Combobox.Option key={response.id} value={response.id} data-testid="canned-option" data-locale={locale}>
                    <Text size="sm" fw={600}>
                      {response.title}
                    </Text>
                    {/* Inherits the option's colour, which turns white on the highlighted one. */}
                    <Text size="xs" lineClamp={2}>
                      {response.filled}
                    </Text>
                  </Combobox.Option>
                ))}
              </Combobox.Group>
            ))}
          </ScrollArea.Autosize>
        </Combobox.Options>
        <Combobox.Footer>
          <Anchor component={Link} to="/agent/canned-responses" size="xs">
            {t('canned.picker.manage')}
          </Anchor>
        </Combobox.Footer>
      </Combobox.Dropdown>
    </Combobox>
  );
}

/** The responses grouped by language, in the order the server gave (the customer's language first). */
function byLanguage(responses: FilledCannedResponse[]): [Locale, FilledCannedResponse[]][] {
  const groups = new Map<Locale, FilledCannedResponse[]>();
  for (const response of responses) groups.set(response.locale, [...(groups.get(response.locale) ?? []), response]);
  return [...groups];
}
