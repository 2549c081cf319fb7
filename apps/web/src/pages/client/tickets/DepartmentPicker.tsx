import type { Department } from '@centrala/contracts';
import { Group, Radio, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../../i18n';

interface DepartmentPickerProps {
  departments: Department[];
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
}

/** R1/R2: departments as cards, so the description tells customers which one is right before they choose. */
export function DepartmentPicker({ departments, value, onChange, error }: DepartmentPickerProps) {
  const { t } = useTranslation();
  const locale = useLocale();
  // One Tab stop for the group, as for native radios: the chosen card, or the first while none is chosen.
  // The arrow keys move between the cards (and choose), which Radio.Card does itself.
  const tabStop = departments.some((department) => department.id === value) ? value : departments[0]?.id;
  return (
    <Radio.Group
      label={t('clientTickets.form.department')}
      value={value}
      onChange={onChange}
      error={error}
      required
      data-testid="department-picker"
    >
      <SimpleGrid cols={{ base: 1, sm: Math.min(departments.length, 3) }} mt="xs" spacing="sm">
        {departments.map((department) => (
          <Radio.Card
            key={department.id}
            value={department.id}
            tabIndex={department.id === tabStop ? 0 : -1}
            p="md"
            radius="md"
            data-slug={department.slug}
          >
            <Group wrap="nowrap" align="flex-start" gap="sm">
              <Radio.Indicator mt={2} />
              <div>
                <Text fw={600}>{locale === 'hr' ? department.nameHr : department.nameEn}</Text>
                <Text size="sm" c="dimmed">
                  {locale === 'hr' ? department.descriptionHr : department.descriptionEn}
                </Text>
              </div>
            </Group>
          </Radio.Card>
        ))}
      </SimpleGrid>
    </Radio.Group>
  );
}
