import { Button, CopyButton, Group, List, Paper, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/**
 * New recovery codes, shown this once (only their hashes are kept): as a list, to copy or to download as
 * a text file. `onDone` is the user's word that they have kept them.
 */
export function RecoveryCodesList({ codes, email, onDone }: { codes: string[]; email: string; onDone: () => void }) {
  const { t } = useTranslation();
  const asText = `${t('account.recovery.fileHeader', { email })}\n\n${codes.join('\n')}\n`;

  const download = () => {
    const url = URL.createObjectURL(new Blob([asText], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = t('account.recovery.fileName');
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Stack data-testid="recovery-codes">
      <Text size="sm">{t('account.recovery.intro')}</Text>
      <Paper withBorder p="sm" bg="gray.0">
        <List
          aria-label={t('account.recovery.listLabel')}
          listStyleType="none"
          ff="monospace"
          fz="md"
          spacing={4}
          style={{ columns: '2 11rem', columnGap: 'var(--mantine-spacing-lg)' }}
        >
          {codes.map((code) => (
            <List.Item key={code} data-testid="recovery-code">
              {code}
            </List.Item>
          ))}
        </List>
      </Paper>
      <Group grow preventGrowOverflow={false} wrap="wrap">
        <CopyButton value={asText}>
          {({ copied, copy }) => (
            <Button variant="default" leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy}>
              {copied ? t('account.recovery.copied') : t('account.recovery.copy')}
            </Button>
          )}
        </CopyButton>
        <Button variant="default" leftSection={<IconDownload size={16} />} onClick={download}>
          {t('account.recovery.download')}
        </Button>
      </Group>
      <Button onClick={onDone}>{t('account.recovery.saved')}</Button>
    </Stack>
  );
}
