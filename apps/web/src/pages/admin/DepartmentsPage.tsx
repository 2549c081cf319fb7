import { Department } from '@centrala/contracts';
import { ActionIcon, Badge, Button, Group, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, unwrap } from '../../api';
import { QueryState } from '../../components/QueryState';
import { useLocale } from '../../i18n';
import { DepartmentModal } from './DepartmentModal';
import { wholeBadgeLabel } from '../../tickets/badges';
import { adminQueryKeys } from './queryKeys';

/** The department stays set while the modal animates closed, so its content does not flip to "add". */
interface Editing {
  opened: boolean;
  department: Department | null;
}

export function DepartmentsPage() {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Editing>({ opened: false, department: null });
  const departments = useQuery({
    queryKey: adminQueryKeys.departments,
    queryFn: () => apiGet('/api/admin/departments', unwrap('departments', Department.array())),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('departments.title')}
        </Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ opened: true, department: null })}>
          {t('departments.add')}
        </Button>
      </Group>
      <QueryState query={departments}>
        {(list) =>
          list.length === 0 ? (
            <Text c="dimmed">{t('departments.empty')}</Text>
          ) : (
            <DepartmentsTable departments={list} onEdit={(department) => setEditing({ opened: true, department })} />
          )
        }
      </QueryState>
      <DepartmentModal
        opened={editing.opened}
        department={editing.department}
        onClose={() => setEditing((current) => ({ ...current, opened: false }))}
      />
    </Stack>
  );
}

function DepartmentsTable({ departments, onEdit }: { departments: Department[]; onEdit: (department: Department) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();

  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" withTableBorder highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('departments.name')}</Table.Th>
            <Table.Th>{t('departments.slug')}</Table.Th>
            <Table.Th>{t('departments.description')}</Table.Th>
            <Table.Th>{t('departments.status')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('departments.edit')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {departments.map((department) => {
            const name = locale === 'hr' ? department.nameHr : department.nameEn;
            const description = locale === 'hr' ? department.descriptionHr : department.descriptionEn;
            return (
              <Table.Tr key={department.id}>
                <Table.Td fw={600}>{name}</Table.Td>
                <Table.Td ff="monospace">{department.slug}</Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed" lineClamp={2}>
                    {description}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge styles={wholeBadgeLabel} color={department.active ? 'green' : 'gray'} variant="light">
                    {department.active ? t('departments.active') : t('departments.inactive')}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">
                  <Tooltip label={t('departments.edit')} withArrow>
                    <ActionIcon variant="subtle" aria-label={t('departments.editFor', { name })} onClick={() => onEdit(department)}>
                      <IconPencil size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
