import { Anchor, Box, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSignature } from './api';

/** Shows, under a reply being written, the signature the server will add to it: the agent sees what goes out. */
export function SignaturePreview() {
  const { t } = useTranslation();
  const signature = useSignature();
  if (signature.data === undefined) return null;
  const text = signature.data;

  return (
    <Box data-testid="signature-preview" pl="sm" style={{ borderLeft: '3px solid var(--mantine-color-gray-4)' }}>
      <Group gap="xs" justify="space-between" wrap="nowrap" align="flex-start">
        <Text size="xs" c="gray.7">
          {text ? t('canned.preview.label') : t('canned.preview.none')}
        </Text>
        <Anchor component={Link} to="/agent/canned-responses#signature" size="xs">
          {text ? t('canned.preview.edit') : t('canned.preview.add')}
        </Anchor>
      </Group>
      {text && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="signature-text">
          {text}
        </Text>
      )}
    </Box>
  );
}
