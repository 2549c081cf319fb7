import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconHeadset } from '@tabler/icons-react';
import { Link } from 'react-router';

export function Logo() {
  return (
    <Group gap={8} wrap="nowrap" component={Link} to="/" style={{ textDecoration: 'none', color: 'inherit' }}>
      <ThemeIcon size="md" radius="md" aria-hidden>
        <IconHeadset size={18} />
      </ThemeIcon>
      <Text fw={800} size="lg" lh={1}>
        Centrala
      </Text>
    </Group>
  );
}
