import { Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder shadow="sm" p={{ base: 'lg', sm: 'xl' }} radius="md">
      <Title order={1} size="h3" mb="lg">
        {title}
      </Title>
      {children}
    </Paper>
  );
}
