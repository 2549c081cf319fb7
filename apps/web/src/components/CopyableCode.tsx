import { ActionIcon, Code, CopyButton, Group, Tooltip, type MantineColor } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** A value to paste elsewhere (a secret shown once, a link format, a snippet) with its copy button beside it. */
export function CopyableCode({ value, color, block = false }: { value: string; color?: MantineColor; block?: boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap" align={block ? 'flex-start' : 'center'}>
      <Code
        block={block}
        fz="sm"
        py={6}
        px="sm"
        // A one-line value wraps anywhere (a secret has no spaces); a snippet keeps its lines and scrolls sideways.
        // tabIndex: a region that scrolls must be reachable by keyboard to be scrolled.
        tabIndex={block ? 0 : undefined}
        style={block ? { flex: 1, minWidth: 0, overflowX: 'auto', whiteSpace: 'pre' } : { wordBreak: 'break-all', userSelect: 'all' }}
      >
        {value}
      </Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t('common.copied') : t('common.copy')} withArrow>
            <ActionIcon variant="light" color={color} onClick={copy} aria-label={t('common.copy')}>
              {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
