import {
  formatBytes,
  IMPORT_COLUMNS,
  IMPORT_MAX_BYTES,
  ImportKind,
  ImportSummary,
  type ImportRowError,
  type ImportKind as Kind,
} from '@centrala/contracts';
import {
  Alert,
  Anchor,
  Button,
  FileInput,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconDownload, IconFileImport, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiSend, apiSendForm } from '../../api';
import { ErrorAlert } from '../../components/QueryState';
import { useLocalize } from '../../i18n';

/**
 * Import of accounts, contacts or services from a file (issue 13 point 3): choose the kind and the file, check it
 * (the dry run: each bad row listed, nothing written), fix and check again, then import it and watch its progress.
 */
export function ImportPage() {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<Kind>('services');
  const [file, setFile] = useState<File | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const queryKey = ['admin', 'imports', importId];

  const check = useMutation({
    mutationFn: (chosen: File) => {
      const form = new FormData();
      form.append('kind', kind);
      form.append('file', chosen);
      return apiSendForm('POST', '/api/admin/imports', form, ImportSummary);
    },
    onSuccess: (summary) => setImportId(summary.id),
  });
  const start = useMutation({
    mutationFn: (id: string) => apiSend('POST', `/api/admin/imports/${id}/start`, undefined, ImportSummary),
    // Running now: the polling below takes it from here.
    onSuccess: (summary) => queryClient.setQueryData(['admin', 'imports', summary.id], summary),
  });
  // The import as the server has it now: polled while its job runs, for the progress bar.
  const current = useQuery({
    queryKey,
    queryFn: () => apiGet(`/api/admin/imports/${importId}`, ImportSummary),
    enabled: importId !== null,
    refetchInterval: (query) => (query.state.data?.state === 'running' ? 1000 : false),
  });
  const summary = importId === null ? undefined : current.data;

  const chooseAgain = () => {
    setImportId(null);
    setFile(null);
    check.reset();
    start.reset();
  };
  const maxSize = formatBytes(IMPORT_MAX_BYTES, i18n.language === 'en' ? 'en-GB' : 'hr-HR');

  return (
    <Stack maw={960}>
      <div>
        <Title order={1} size="h2">
          {t('imports.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('imports.intro')}
        </Text>
      </div>
      <Paper withBorder p="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (file) {
              setImportId(null);
              start.reset();
              check.mutate(file);
            }
          }}
        >
          <Stack>
            <Stack gap={4}>
              <Text fw={500} size="sm" id="import-kind-label">
                {t('imports.kind')}
              </Text>
              <SegmentedControl
                aria-labelledby="import-kind-label"
                value={kind}
                onChange={(value) => {
                  setKind(ImportKind.parse(value));
                  setImportId(null);
                  check.reset();
                }}
                data={ImportKind.options.map((k) => ({ value: k, label: t(`imports.kinds.${k}`) }))}
                data-testid="import-kind"
                style={{ alignSelf: 'flex-start' }}
              />
              <Text size="sm" c="dimmed">
                {t('imports.columns', { columns: IMPORT_COLUMNS[kind].join(', ') })}
              </Text>
              <Anchor href={`/api/admin/imports/examples/${kind}`} download={`${kind}-example.csv`} size="sm" data-testid="import-example">
                <Group gap={4} component="span">
                  <IconDownload size={16} aria-hidden />
                  {t('imports.example')}
                </Group>
              </Anchor>
            </Stack>
            <FileInput
              label={t('imports.file')}
              description={t('imports.fileHint', { size: maxSize })}
              placeholder={t('imports.filePlaceholder')}
              accept=".csv,.json,.txt,text/csv,application/json"
              value={file}
              onChange={(chosen) => {
                setFile(chosen);
                setImportId(null);
                check.reset();
              }}
              leftSection={<IconUpload size={16} aria-hidden />}
              clearable
              clearButtonProps={{ 'aria-label': t('imports.clearFile') }}
              data-testid="import-file"
            />
            <Group>
              <Button type="submit" disabled={!file} loading={check.isPending} data-testid="import-check">
                {t('imports.check')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {check.isError && <ErrorAlert error={check.error} data-testid="import-upload-error" />}
      {start.isError && <ErrorAlert error={start.error} />}
      {summary && (
        <ImportState summary={summary} onStart={() => start.mutate(summary.id)} starting={start.isPending} onAgain={chooseAgain} />
      )}
    </Stack>
  );
}

function ImportState({
  summary,
  onStart,
  starting,
  onAgain,
}: {
  summary: ImportSummary;
  onStart: () => void;
  starting: boolean;
  onAgain: () => void;
}) {
  const { t } = useTranslation();
  const localize = useLocalize();
  const number = useNumber();
  switch (summary.state) {
    case 'invalid':
      return (
        <Stack data-testid="import-invalid">
          <Alert
            color="red"
            icon={<IconAlertTriangle />}
            title={t('imports.invalidTitle', { count: summary.errorCount, rows: number.format(summary.errorCount) })}
          >
            {t('imports.invalidHelp')}
            {summary.errorCount > summary.errors.length &&
              ` ${t('imports.shownFirst', { shown: summary.errors.length, count: summary.errorCount })}`}
          </Alert>
          <RowErrors errors={summary.errors} />
        </Stack>
      );
    case 'ready':
      return (
        <Alert
          color="green"
          icon={<IconCircleCheck />}
          title={t('imports.readyTitle', { count: summary.totalRows, rows: number.format(summary.totalRows) })}
          data-testid="import-ready"
        >
          <Stack align="flex-start">
            <Text size="sm">{t('imports.readyHelp', { file: summary.fileName })}</Text>
            <Button leftSection={<IconFileImport size={16} />} onClick={onStart} loading={starting} data-testid="import-start">
              {t('imports.start', { count: summary.totalRows, rows: number.format(summary.totalRows) })}
            </Button>
          </Stack>
        </Alert>
      );
    case 'running':
      return (
        <Paper withBorder p="md" data-testid="import-running">
          <Stack gap="xs">
            <Text fw={600}>{t('imports.runningTitle', { file: summary.fileName })}</Text>
            <ImportProgress summary={summary} />
          </Stack>
        </Paper>
      );
    case 'done':
    case 'failed':
      return (
        <Stack data-testid={`import-${summary.state}`}>
          <Alert
            color={summary.state === 'done' ? 'green' : 'red'}
            icon={summary.state === 'done' ? <IconCircleCheck /> : <IconAlertTriangle />}
            title={t(summary.state === 'done' ? 'imports.doneTitle' : 'imports.failedTitle')}
          >
            <Stack gap="sm">
              {summary.failure && <Text size="sm">{localize(summary.failure)}</Text>}
              {summary.state === 'failed' && <Text size="sm">{t('imports.failedHelp')}</Text>}
              <ImportProgress summary={summary} />
              <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="import-result">
                <Figure label={t('imports.resultCreated')} value={summary.created} />
                <Figure label={t('imports.resultUpdated')} value={summary.updated} />
                <Figure label={t('imports.resultUnchanged')} value={summary.unchanged} />
                <Figure label={t('imports.resultFailed')} value={summary.failed} />
              </SimpleGrid>
            </Stack>
          </Alert>
          {summary.errors.length > 0 && (
            <>
              <Text size="sm">{t('imports.refusedHelp')}</Text>
              <RowErrors errors={summary.errors} />
            </>
          )}
          <Button variant="default" onClick={onAgain} style={{ alignSelf: 'flex-start' }}>
            {t('imports.another')}
          </Button>
        </Stack>
      );
  }
}

function ImportProgress({ summary }: { summary: ImportSummary }) {
  const { t } = useTranslation();
  const number = useNumber();
  const percent = summary.totalRows ? Math.round((summary.processed / summary.totalRows) * 100) : 100;
  const said = t('imports.progress', { processed: number.format(summary.processed), total: number.format(summary.totalRows) });
  return (
    <Stack gap={4}>
      <Progress.Root size="lg">
        {/* Mantine's own aria says only the percentage; the rows are what the admin counts. */}
        <Progress.Section
          value={percent}
          withAria={false}
          role="progressbar"
          aria-label={t('imports.progressLabel')}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={said}
          data-testid="import-progress"
        />
      </Progress.Root>
      <Text size="sm">{said}</Text>
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  const number = useNumber();
  return (
    <div>
      <Text size="xs">{label}</Text>
      <Text fw={700} size="lg">
        {number.format(value)}
      </Text>
    </div>
  );
}

function RowErrors({ errors }: { errors: ImportRowError[] }) {
  const { t } = useTranslation();
  const localize = useLocalize();
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table striped withTableBorder data-testid="import-errors">
        <Table.Caption>{t('imports.table.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('imports.table.row')}</Table.Th>
            <Table.Th scope="col">{t('imports.table.column')}</Table.Th>
            <Table.Th scope="col">{t('imports.table.reason')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {errors.map((e, i) => (
            <Table.Tr key={`${e.row}-${e.column}-${i}`}>
              <Table.Td>{e.row}</Table.Td>
              <Table.Td>
                <code>{e.column ?? t('imports.table.wholeRow')}</code>
              </Table.Td>
              <Table.Td>{localize(e.message)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Counts as the reader's language writes them (2.500 in Croatian, 2,500 in English). */
function useNumber(): Intl.NumberFormat {
  const { i18n } = useTranslation();
  return new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'hr-HR');
}
