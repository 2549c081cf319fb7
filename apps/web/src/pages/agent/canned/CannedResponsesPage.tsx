import type { CannedResponse } from '@centrala/contracts';
import { ActionIcon, Badge, Button, Group, Modal, Paper, SegmentedControl, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { apiSend } from '../../../api';
import { ErrorAlert, QueryState } from '../../../components/QueryState';
import { wholeBadgeLabel } from '../../../tickets/badges';
import { cannedQueryKeys, useCannedResponses, useSignature } from './api';
import { CannedResponseModal } from './CannedResponseModal';
import { matchesQuery } from './matches';
import { SignatureCard } from './SignatureCard';

/** The response stays set while a modal animates closed, so its content does not flip. */
interface Target {
  opened: boolean;
  response: CannedResponse | null;
}
const closed: Target = { opened: false, response: null };

/** An agent's canned responses (their own and the shared ones) and their signature. */
export function CannedResponsesPage() {
  const { t } = useTranslation();
  const responses = useCannedResponses();
  const signature = useSignature();
  const [editing, setEditing] = useState<Target>(closed);
  const [deleting, setDeleting] = useState<Target>(closed);
  const [search, setSearch] = useState('');
  const [language, setLanguage] = useState('all');
  useScrollToHash(signature.data !== undefined);

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {t('canned.page.title')}
          </Title>
          <Text size="sm" c="gray.7" maw={720}>
            {t('canned.page.intro')}
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ opened: true, response: null })}>
          {t('canned.page.add')}
        </Button>
      </Group>
      <QueryState query={signature}>{(text) => <SignatureCard signature={text} />}</QueryState>
      <Group gap="sm" align="flex-end">
        <TextInput
          label={t('canned.page.search')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          style={{ flex: '1 1 240px' }}
          type="search"
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="canned-filter-language">
            {t('canned.page.languageFilter')}
          </Text>
          <SegmentedControl
            aria-labelledby="canned-filter-language"
            value={language}
            onChange={setLanguage}
            data={[
              { value: 'all', label: t('canned.page.allLanguages') },
              { value: 'hr', label: t('language.hr') },
              { value: 'en', label: t('language.en') },
            ]}
          />
        </Stack>
      </Group>
      <QueryState query={responses}>
        {(list) => {
          const shown = list.filter(
            (response) => (language === 'all' || response.locale === language) && matchesQuery(search, response.title, response.body),
          );
          if (list.length === 0) return <Text c="gray.7">{t('canned.page.empty')}</Text>;
          if (shown.length === 0) return <Text c="gray.7">{t('canned.page.noMatch')}</Text>;
          return (
            <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="canned-list">
              {shown.map((response) => (
                <CannedResponseItem
                  key={response.id}
                  response={response}
                  onEdit={() => setEditing({ opened: true, response })}
                  onDelete={() => setDeleting({ opened: true, response })}
                />
              ))}
            </Stack>
          );
        }}
      </QueryState>
      <CannedResponseModal
        opened={editing.opened}
        response={editing.response}
        onClose={() => setEditing((now) => ({ ...now, opened: false }))}
      />
      <DeleteModal
        opened={deleting.opened}
        response={deleting.response}
        onClose={() => setDeleting((now) => ({ ...now, opened: false }))}
      />
    </Stack>
  );
}

function CannedResponseItem({ response, onEdit, onDelete }: { response: CannedResponse; onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  const author = response.authorName ? t('canned.list.by', { name: response.authorName }) : t('canned.list.installed');
  return (
    <Paper component="li" withBorder p="sm" radius="md" data-testid="canned-item" data-title={response.title}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {response.title}
          </Text>
          <Group gap={6}>
            <Badge styles={wholeBadgeLabel} variant="light" color="gray">
              {t(`language.${response.locale}`)}
            </Badge>
            <Badge styles={wholeBadgeLabel} variant="light" color={response.shared ? 'teal' : 'blue'}>
              {response.shared ? t('canned.list.shared') : t('canned.list.personal')}
            </Badge>
            <Text size="xs" c="gray.7">
              {author}
            </Text>
          </Group>
        </Stack>
        {response.canEdit && (
          <Group gap={4} wrap="nowrap">
            <Tooltip label={t('canned.list.edit')} withArrow>
              <ActionIcon variant="subtle" aria-label={t('canned.list.editFor', { title: response.title })} onClick={onEdit}>
                <IconPencil size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t('canned.list.delete')} withArrow>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('canned.list.deleteFor', { title: response.title })}
                onClick={onDelete}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        )}
      </Group>
      <Text size="sm" mt="xs" c="gray.8" lineClamp={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {response.body}
      </Text>
      {!response.canEdit && (
        <Text size="xs" c="gray.7" mt={6}>
          {t('canned.list.readOnly')}
        </Text>
      )}
    </Paper>
  );
}

function DeleteModal({ opened, response, onClose }: Target & { onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (target: CannedResponse) => apiSend('DELETE', `/api/agent/canned-responses/${encodeURIComponent(target.id)}`),
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('canned.list.deleted') });
      await queryClient.invalidateQueries({ queryKey: cannedQueryKeys.all });
      close();
    },
  });
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('canned.list.deleteTitle')}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack>
        {remove.isError && <ErrorAlert error={remove.error} />}
        <Text size="sm">{t('canned.list.deleteText', { title: response?.title ?? '' })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => response && remove.mutate(response)}>
            {t('canned.list.delete')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Scrolls to the part the address names (`#signature`, from the reply box) once it is on the page. */
function useScrollToHash(ready: boolean) {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || hash === '') return;
    const target = document.getElementById(hash.slice(1));
    target?.scrollIntoView({ block: 'start' });
    target?.querySelector<HTMLElement>('textarea, input')?.focus({ preventScroll: true });
  }, [ready, hash]);
}
