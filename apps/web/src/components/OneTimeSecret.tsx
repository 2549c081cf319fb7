import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { CopyableCode } from './CopyableCode';

interface OneTimeSecretProps {
  title: string;
  warning: string;
  secret: string;
  dismissLabel: string;
  onDismiss: () => void;
  'data-testid'?: string;
}

/**
 * A secret the server shows once (an API token, a webhook's signing secret): the browser holds it only here, with a
 * copy button, until the admin says it is stored.
 */
export function OneTimeSecret({ title, warning, secret, dismissLabel, onDismiss, ...rest }: OneTimeSecretProps) {
  return (
    <Alert color="yellow" icon={<IconAlertTriangle />} title={title} data-testid={rest['data-testid']}>
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          {warning}
        </Text>
        <CopyableCode value={secret} color="yellow" />
        <Group>
          <Button size="xs" variant="white" color="dark" onClick={onDismiss}>
            {dismissLabel}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
