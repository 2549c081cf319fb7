import { TicketPriority } from '@centrala/contracts';
import { Group, Radio, SimpleGrid, Text } from '@mantine/core';
import { IconFlame } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

interface PriorityPickerProps {
  value: TicketPriority;
  onChange: (value: TicketPriority) => void;
}

/** R3: each priority with the meaning the contact document gives it, so "High" is not picked by habit. */
export function PriorityPicker({ value, onChange }: PriorityPickerProps) {
  const { t } = useTranslation();
  const change = (next: string) => {
    const parsed = TicketPriority.safeParse(next);
    if (parsed.success) onChange(parsed.data);
  };
  // One Tab stop for the group, as for native radios: the chosen card (the arrow keys move and choose, in Radio.Card).
  const tabIndex = (priority: TicketPriority) => (priority === value ? 0 : -1);
  return (
    <Radio.Group label={t('clientTickets.form.priority')} value={value} onChange={change} required data-testid="priority-picker">
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="sm">
        <Radio.Card value="regular" tabIndex={tabIndex('regular')} p="md" radius="md">
          <Group wrap="nowrap" align="flex-start" gap="sm">
            <Radio.Indicator mt={2} />
            <div>
              <Text fw={600}>{t('tickets.priorities.regular')}</Text>
              <Text size="sm" c="dimmed">
                {t('clientTickets.form.priorityRegular')}
              </Text>
            </div>
          </Group>
        </Radio.Card>
        <Radio.Card
          value="high"
          tabIndex={tabIndex('high')}
          p="md"
          radius="md"
          style={value === 'high' ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}
        >
          <Group wrap="nowrap" align="flex-start" gap="sm">
            <Radio.Indicator mt={2} color="red" />
            <div>
              <Group gap={4}>
                <IconFlame size={16} color="var(--mantine-color-red-6)" aria-hidden />
                <Text fw={600} c="red.7">
                  {t('tickets.priorities.high')}
                </Text>
              </Group>
              <Text size="sm" c="dimmed">
                {t('clientTickets.form.priorityHigh')}
              </Text>
            </div>
          </Group>
        </Radio.Card>
      </SimpleGrid>
    </Radio.Group>
  );
}
