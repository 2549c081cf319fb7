import { Anchor, Group, Text, ThemeIcon } from '@mantine/core';
import { IconHeadset } from '@tabler/icons-react';
import { Link } from 'react-router';

export function Logo() {
  return (
    <Anchor component={Link} to="/" underline="never" c="inherit">
      <Group gap={8} wrap="nowrap">
        <ThemeIcon size="md" radius="md" aria-hidden>
          <IconHeadset size={18} />
        </ThemeIcon>
        <Text fw={800} size="lg" lh={1} span>
          Centrala
        </Text>
      </Group>
    </Anchor>
  );
}
