import { ActionIcon, Alert, Button, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

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
  const { t } = useTranslation();
  return (
    <Alert color="yellow" icon={<IconAlertTriangle />} title={title} data-testid={rest['data-testid']}>
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          {warning}
        </Text>
        <Group gap="xs" wrap="nowrap" align="center">
          <Code fz="sm" py={6} px="sm" style={{ wordBreak: 'break-all', userSelect: 'all' }}>
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('common.copied') : t('common.copy')} withArrow>
                <ActionIcon variant="light" color="yellow" onClick={copy} aria-label={t('common.copy')}>
                  {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Group>
          <Button size="xs" variant="white" color="dark" onClick={onDismiss}>
            {dismissLabel}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
