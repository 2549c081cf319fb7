import type { FilledCannedResponse, Locale } from '@centrala/contracts';
import { Anchor, Button, Combobox, ScrollArea, Text, useCombobox } from '@mantine/core';
import { IconMessageDots } from '@tabler/icons-react';
import { useEffect, useId, useState } from 'react';
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
  const listId = useId();
  /**
   * The option the search field points screen readers at. Mantine's own aria-activedescendant changes only on
   * arrow keys, so after a new search or a reopen it named an option no longer on screen; this one is read from
   * the list itself after every change of selection.
   */
  const [activeId, setActiveId] = useState<string | undefined>();
  const syncActive = () =>
    requestAnimationFrame(() => setActiveId(document.getElementById(listId)?.querySelector('[data-combobox-selected]')?.id || undefined));
  const responses = useTicketCannedResponses(reference);
  const combobox = useCombobox({
    onDropdownOpen: () => {
      combobox.focusSearchInput();
      combobox.selectFirstOption();
      syncActive();
    },
    onDropdownClose: () => {
      combobox.resetSelectedOption();
      setSearch('');
    },
  });

  // After the list has been filtered by the new text and rendered: the first option it shows becomes the active one.
  useEffect(() => {
    if (combobox.dropdownOpened) combobox.selectFirstOption();
    syncActive();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the store is stable; only a new search moves the selection
  }, [search]);

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
            // Until the filtered list is on screen, no option is the active one: an id of an option the
            // filter removed would be a dangling aria-activedescendant.
            combobox.resetSelectedOption();
            setSearch(event.currentTarget.value);
          }}
          placeholder={t('canned.picker.search')}
          aria-label={t('canned.picker.search')}
          // Overrides Mantine's own (its props come first).
          aria-activedescendant={combobox.dropdownOpened ? activeId : undefined}
          // After Mantine's own handler has moved the selection.
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') syncActive();
          }}
        />
        {/* The scrolling box holds the listbox, not the other way round (a listbox may hold only options and groups), and
            is focusable so a long list can be scrolled from the keyboard too. Text wraps: it never scrolls sideways. */}
        <ScrollArea.Autosize mah={320} type="scroll" scrollbars="y" viewportProps={{ tabIndex: 0 }}>
          <Combobox.Options id={listId} aria-label={t('canned.picker.button')}>
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
          </Combobox.Options>
        </ScrollArea.Autosize>
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
