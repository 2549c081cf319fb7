import type { CannedResponse } from '@centrala/contracts';
import { Button, Menu, Text } from '@mantine/core';
import { IconMessageDots } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../../i18n';
import { useCannedResponses } from './lookups';

/** Picks a canned response; responses in the agent's current language come first. */
export function CannedResponsesMenu({ onPick }: { onPick: (response: CannedResponse) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const responses = useCannedResponses();
  const list = responses.data ?? [];
  const groups = [...new Set([locale, ...list.map((response) => response.locale)])]
    .map((groupLocale) => ({ locale: groupLocale, items: list.filter((response) => response.locale === groupLocale) }))
    .filter((group) => group.items.length > 0);

  return (
    <Menu position="bottom-start" width={340} withinPortal shadow="md">
      <Menu.Target>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconMessageDots size={14} />}
          loading={responses.isLoading}
          data-testid="canned-responses"
        >
          {t('agentTickets.reply.canned')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown mah={360} style={{ overflowY: 'auto' }}>
        {groups.length === 0 && <Menu.Item disabled>{t('agentTickets.reply.cannedEmpty')}</Menu.Item>}
        {groups.map((group) => (
          <div key={group.locale}>
            <Menu.Label>{t(`language.${group.locale}`)}</Menu.Label>
            {group.items.map((response) => (
              <Menu.Item key={response.id} onClick={() => onPick(response)} data-testid="canned-response">
                <Text size="sm" fw={500}>
                  {response.title}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {response.body}
                </Text>
              </Menu.Item>
            ))}
          </div>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
