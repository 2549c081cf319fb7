import { Button, Group, Paper, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';

interface SectionProps {
  /** Names the section's heading id and test id: `customer-<name>`. */
  name: string;
  title: string;
  /** The "Add …" button beside the heading, for those who may add (admins); none for the others. */
  add?: { label: string; onClick: () => void } | null;
  children: ReactNode;
}

/** One part of a customer's page: a framed section headed by its title, named by it for screen readers. */
export function Section({ name, title, add, children }: SectionProps) {
  const id = `customer-${name}`;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={id} data-testid={id}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {add && (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={add.onClick}>
            {add.label}
          </Button>
        )}
      </Group>
      {children}
    </Paper>
  );
}
