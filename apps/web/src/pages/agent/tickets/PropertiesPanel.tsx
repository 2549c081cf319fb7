import { TicketPriority, TicketStatus, type TicketDetail } from '@centrala/contracts';
import { Paper, Select, SimpleGrid, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../../i18n';
import { useTicketLabels } from '../../../tickets/labels';
import { useDepartments, useStaff } from './lookups';
import { usePatchTicket } from './usePatchTicket';

const fullRow = { gridColumn: '1 / -1' } as const;

/** Department, priority, status and assignee; each select saves as soon as it changes. */
export function PropertiesPanel({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const labels = useTicketLabels('agent');
  const departments = useDepartments();
  const staff = useStaff();
  const patch = usePatchTicket(ticket.reference);

  const departmentOptions = (departments.data ?? [])
    .filter((department) => department.active || department.id === ticket.departmentId)
    .map((department) => ({ value: department.id, label: locale === 'hr' ? department.nameHr : department.nameEn }));

  return (
    <Paper withBorder p="sm" radius="md" data-testid="ticket-properties">
      <Title order={2} size="h5" mb="xs">
        {t('agentTickets.properties.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 1, lg: 2 }} spacing="xs">
        <Select
          label={t('agentTickets.properties.department')}
          size="xs"
          data={departmentOptions}
          value={ticket.departmentId}
          allowDeselect={false}
          onChange={(value) => value && value !== ticket.departmentId && patch.mutate({ departmentId: value })}
          // A whole row: names such as "Technical problems" do not fit half of the side column.
          style={fullRow}
          data-testid="property-department"
        />
        <Select
          label={t('agentTickets.properties.priority')}
          size="xs"
          data={labels.priorityOptions}
          value={ticket.priority}
          allowDeselect={false}
          onChange={(value) => {
            const parsed = TicketPriority.safeParse(value);
            if (parsed.success && parsed.data !== ticket.priority) patch.mutate({ priority: parsed.data });
          }}
          data-testid="property-priority"
        />
        <Select
          label={t('agentTickets.properties.status')}
          size="xs"
          data={labels.statusOptions}
          value={ticket.status}
          allowDeselect={false}
          onChange={(value) => {
            const parsed = TicketStatus.safeParse(value);
            if (parsed.success && parsed.data !== ticket.status) patch.mutate({ status: parsed.data });
          }}
          data-testid="property-status"
        />
        <Select
          label={t('agentTickets.properties.assignee')}
          size="xs"
          placeholder={t('agentTickets.properties.unassigned')}
          data={(staff.data ?? []).map((member) => ({ value: member.id, label: member.name }))}
          value={ticket.assigneeId}
          clearable
          searchable
          style={fullRow}
          onChange={(value) => value !== ticket.assigneeId && patch.mutate({ assigneeId: value })}
          data-testid="property-assignee"
        />
      </SimpleGrid>
    </Paper>
  );
}
