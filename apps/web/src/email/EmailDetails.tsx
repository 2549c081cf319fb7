import type { AttachmentMeta, EmailMeta, FeedbackReport, MailAddress, MailVerification } from '@centrala/contracts';
import { Alert, Anchor, Badge, Button, Code, Group, Loader, Modal, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconFileCode, IconPhoto, IconShieldCheck, IconShieldQuestion, IconShieldX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n';
import { inlineUrl } from '../tickets/attachments';
import { attachmentForCid, contentIdsIn, headerBlock, mailSrcdoc } from './mailFrame';

/**
 * What an agent sees of a message that came by email (issue 12 points 3–4), under its card's header: the sender
 * verification with its reasons and flags, the addresses, any reading problem, the shown text (full text one click
 * away) and the HTML version in a sandboxed frame, and the headers and raw source.
 */
export function EmailDetails({ email, body, attachments }: { email: EmailMeta; body: string; attachments: AttachmentMeta[] }) {
  const { t } = useTranslation();
  const [full, setFull] = useState(false);
  const [rawOpen, setRawOpen] = useState(false);
  const trimmed = email.fullText.trim() !== body.trim();
  const text = (
    <Stack gap={4}>
      {/* Plain text only: React escapes it. */}
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="email-text">
        {full ? email.fullText : body}
      </Text>
      {trimmed && (
        <Group gap="xs">
          {!full && (
            <Text size="xs" c="dimmed">
              {t('email.message.trimmedNote')}
            </Text>
          )}
          <Button size="compact-xs" variant="subtle" onClick={() => setFull((v) => !v)} aria-expanded={full}>
            {full ? t('email.message.showShown') : t('email.message.showFull')}
          </Button>
        </Group>
      )}
    </Stack>
  );
  return (
    <Stack gap="xs" data-testid="email-details">
      <FlagAlerts verification={email.verification} />
      <Addresses email={email} />
      <Group gap="xs">
        {email.autoKind !== 'human' && (
          <Badge color="grape" variant="light" tt="none" data-testid="email-auto-kind">
            {t(`email.message.autoKind.${email.autoKind}`)}
          </Badge>
        )}
      </Group>
      {email.feedback && <FeedbackPanel report={email.feedback} />}
      {email.warnings.length > 0 && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={16} aria-hidden />} p="xs" data-testid="email-warnings">
          <Stack gap={2}>
            {[...new Set(email.warnings)].map((w) => (
              <Text size="sm" key={w}>
                {isKnownWarning(w) ? t(`email.warnings.${w}`) : t('email.warnings.other', { code: w })}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {email.html ? (
        <Tabs defaultValue="text" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="text">{t('email.message.text')}</Tabs.Tab>
            <Tabs.Tab value="html" data-testid="email-html-tab">
              {t('email.message.html')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="text" pt="xs">
            {text}
          </Tabs.Panel>
          <Tabs.Panel value="html" pt="xs">
            <HtmlFrame email={email} html={email.html} attachments={attachments} />
          </Tabs.Panel>
        </Tabs>
      ) : (
        text
      )}
      <VerificationPanel verification={email.verification} />
      <Group gap="xs">
        <Button
          size="compact-sm"
          variant="default"
          leftSection={<IconFileCode size={14} aria-hidden />}
          onClick={() => setRawOpen(true)}
          data-testid="email-raw-open"
        >
          {t('email.message.headers')}
        </Button>
      </Group>
      {rawOpen && <RawSource inboundId={email.inboundId} onClose={() => setRawOpen(false)} />}
    </Stack>
  );
}

function addressText(a: MailAddress) {
  return a.name ? `${a.name} <${a.address}>` : a.address;
}

function Addresses({ email }: { email: EmailMeta }) {
  const { t } = useTranslation();
  const rows: [string, MailAddress[]][] = [
    [t('email.message.from'), email.from ? [email.from] : []],
    [t('email.message.to'), email.to],
  ];
  if (email.cc.length) rows.push([t('email.message.cc'), email.cc]);
  return (
    <Stack gap={0} component="dl" m={0} aria-label={t('email.message.label')} data-testid="email-addresses">
      {rows.map(([label, list]) => (
        <Group key={label} gap={6} wrap="nowrap" align="baseline">
          <Text component="dt" size="xs" c="dimmed" w={40} style={{ flex: 'none' }}>
            {label}
          </Text>
          <Text component="dd" size="xs" m={0} style={{ overflowWrap: 'anywhere' }}>
            {list.length ? list.map(addressText).join(', ') : t('email.message.noAddress')}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/**
 * An ARF report's fields (issue 12 point 1), as a list of terms rather than the report's raw text: what was reported,
 * from which IP address and domain, and the reported message's own From, Subject, Message-ID and date.
 */
function FeedbackPanel({ report }: { report: FeedbackReport }) {
  const { t } = useTranslation();
  const rows: { key: string; value: string | null; mono?: boolean }[] = [
    { key: 'type', value: report.feedbackType },
    { key: 'sourceIp', value: report.sourceIp, mono: true },
    { key: 'reportedDomain', value: report.reportedDomain },
    { key: 'reportedUris', value: report.reportedUris.join(', ') || null },
    { key: 'originalMailFrom', value: report.originalMailFrom },
    { key: 'originalRcptTo', value: report.originalRcptTo.join(', ') || null },
    { key: 'arrivalDate', value: report.arrivalDate },
    { key: 'incidents', value: report.incidents === null ? null : String(report.incidents) },
    { key: 'userAgent', value: report.userAgent },
    { key: 'originalFrom', value: report.original?.from ?? null },
    { key: 'originalSubject', value: report.original?.subject ?? null },
    { key: 'originalMessageId', value: report.original?.messageId ?? null, mono: true },
    { key: 'originalDate', value: report.original?.date ?? null },
  ];
  return (
    <Stack gap={2} role="group" aria-label={t('email.feedback.title')} data-testid="email-feedback">
      <Text size="sm" fw={600}>
        {t('email.feedback.title')}
      </Text>
      <Stack gap={0} component="dl" m={0}>
        {rows
          .filter((row) => row.value)
          .map((row) => (
            <Group key={row.key} gap={6} wrap="nowrap" align="baseline" data-field={row.key}>
              <Text component="dt" size="xs" c="dimmed" w={180} style={{ flex: 'none' }}>
                {t(`email.feedback.${row.key}` as 'email.feedback.type')}
              </Text>
              <Text component="dd" size="xs" m={0} ff={row.mono ? 'monospace' : undefined} style={{ overflowWrap: 'anywhere' }}>
                {row.value}
              </Text>
            </Group>
          ))}
      </Stack>
    </Stack>
  );
}

/** The flags are the loudest: a forged display name or a look-alike domain is what an agent must not miss. */
function FlagAlerts({ verification }: { verification: MailVerification | null }) {
  const { t } = useTranslation();
  if (!verification?.flags.length) return null;
  return (
    <Stack gap={4}>
      {verification.flags.map((flag) => (
        <Alert
          key={flag}
          color="red"
          variant="filled"
          p="xs"
          icon={<IconAlertTriangle size={16} aria-hidden />}
          data-testid={`email-flag-${flag}`}
        >
          <Text size="sm" fw={600}>
            {t(`email.verification.flags.${flag}`)}
          </Text>
        </Alert>
      ))}
    </Stack>
  );
}

/** The reading problems parse and intake report (email/parse's MailParsed.warnings); others are shown by their code. */
const KNOWN_WARNINGS = [
  'unparseable',
  'charset_unknown',
  'truncated',
  'text_truncated',
  'html_truncated',
  'html_too_deep',
  'tnef_not_unpacked',
  'no_body',
  'attachment_empty',
  'attachment_too_large',
  'attachments_dropped',
  'multipart_without_parts',
] as const;
const isKnownWarning = (w: string): w is (typeof KNOWN_WARNINGS)[number] => (KNOWN_WARNINGS as readonly string[]).includes(w);

const PASSING = new Set(['pass']);
const NEUTRAL = new Set(['none', 'neutral', 'skipped', 'policy']);
const resultColor = (result: string) => (PASSING.has(result) ? 'green' : NEUTRAL.has(result) ? 'gray' : 'red');

/**
 * The one line an agent reads first. A domain without a DMARC policy (result `none`) proves nothing either way, which
 * is not the same as a failed check: only `fail` says the address is likely forged.
 */
function dmarcVerdict(verification: MailVerification) {
  if (verification.dmarcPass) return { key: 'dmarcPass', color: 'green', text: 'green.9', Icon: IconShieldCheck } as const;
  if (verification.dmarc.result === 'fail') return { key: 'dmarcFail', color: 'red', text: 'red.9', Icon: IconShieldX } as const;
  // Orange text on the panel's grey is below AA contrast: the icon carries the colour.
  return { key: 'dmarcUnverified', color: 'orange', text: 'dark.7', Icon: IconShieldQuestion } as const;
}

function VerificationPanel({ verification }: { verification: MailVerification | null }) {
  const { t } = useTranslation();
  if (!verification) {
    return (
      <Text size="xs" c="dimmed" data-testid="email-verification">
        {t('email.verification.none')}
      </Text>
    );
  }
  const rows: { name: string; result: string; reason: string; extra?: string }[] = [
    { name: 'SPF', ...verification.spf },
    ...(verification.dkim.length
      ? verification.dkim.map((d) => ({ name: 'DKIM', result: d.result, reason: d.reason, extra: d.domain }))
      : [{ name: 'DKIM', result: 'none', reason: t('email.verification.dkimNone') }]),
    {
      name: 'DMARC',
      result: verification.dmarc.result,
      reason: verification.dmarc.reason,
      extra: verification.dmarc.policy ? t('email.verification.policy', { policy: verification.dmarc.policy }) : undefined,
    },
    { name: 'ARC', ...verification.arc },
  ];
  const verdict = dmarcVerdict(verification);
  return (
    <Stack
      gap={4}
      // A group, not a region: each message of a thread has one, and landmarks must be told apart.
      role="group"
      aria-label={t('email.verification.title')}
      p="xs"
      bg="gray.0"
      style={{ borderRadius: 'var(--mantine-radius-sm)' }}
      data-testid="email-verification"
    >
      <Group gap={6}>
        <verdict.Icon size={16} color={`var(--mantine-color-${verdict.color}-8)`} aria-hidden />
        <Title order={3} size="sm">
          {t('email.verification.title')}
        </Title>
      </Group>
      <Text size="xs" fw={600} c={verdict.text} data-verdict={verdict.key}>
        {t(`email.verification.${verdict.key}`)}
      </Text>
      {rows.map((r, i) => (
        <Group key={i} gap={6} wrap="nowrap" align="flex-start" data-testid="email-check">
          <Text size="xs" fw={600} w={48} style={{ flex: 'none' }}>
            {r.name}
          </Text>
          <Badge size="xs" color={resultColor(r.result)} variant="light" tt="none" style={{ flex: 'none' }}>
            {r.result}
          </Badge>
          <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
            {[r.extra, r.reason || t('email.verification.noReason')].filter(Boolean).join(' · ')}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/** The message's inline (cid:) images as data: URLs, fetched with the agent's session: the frame may load nothing else. */
function useInlineImages(html: string, cids: Record<string, string> | undefined, attachments: AttachmentMeta[]) {
  const wanted = useMemo(
    () =>
      contentIdsIn(html)
        .map(
          (cid) =>
            [
              cid,
              attachmentForCid(
                cid,
                cids,
                attachments.filter((a) => a.isImage),
              ),
            ] as const,
        )
        .filter((e): e is readonly [string, AttachmentMeta] => e[1] !== undefined),
    [html, cids, attachments],
  );
  const [inline, setInline] = useState<Record<string, string>>({});
  useEffect(() => {
    let cancelled = false;
    void Promise.all(
      wanted.map(async ([cid, file]) => {
        const res = await fetch(inlineUrl(file.url), { credentials: 'same-origin' });
        if (!res.ok) return null;
        const blob = await res.blob();
        if (!/^image\//.test(blob.type)) return null;
        return [cid, await dataUrl(blob)] as const;
      }),
    ).then((found) => {
      if (!cancelled) setInline(Object.fromEntries(found.filter((e) => e !== null)));
    });
    return () => {
      cancelled = true;
    };
  }, [wanted]);
  return inline;
}

const dataUrl = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });

function HtmlFrame({ email, html, attachments }: { email: EmailMeta; html: string; attachments: AttachmentMeta[] }) {
  const { t } = useTranslation();
  const lang = useLocale();
  const [remoteImages, setRemoteImages] = useState(false);
  const inline = useInlineImages(html, email.cids, attachments);
  const srcdoc = useMemo(() => mailSrcdoc(html, { remoteImages, inline, lang }), [html, remoteImages, inline, lang]);
  return (
    <Stack gap={6}>
      {email.hasRemoteImages && (
        <Group gap="xs" justify="space-between">
          <Text size="xs" c="dimmed">
            {remoteImages ? t('email.message.remoteImagesShown') : t('email.message.remoteImagesBlocked')}
          </Text>
          {!remoteImages && (
            <Button
              size="compact-xs"
              variant="default"
              leftSection={<IconPhoto size={14} aria-hidden />}
              onClick={() => setRemoteImages(true)}
              data-testid="email-remote-images"
            >
              {t('email.message.showRemoteImages')}
            </Button>
          )}
        </Group>
      )}
      <iframe
        title={t('email.message.frameTitle')}
        // No allow-scripts, allow-same-origin, allow-popups, allow-forms or allow-top-navigation: nothing in it runs,
        // reaches this page, opens a window or navigates anything.
        sandbox=""
        srcDoc={srcdoc}
        referrerPolicy="no-referrer"
        data-testid="email-html-frame"
        style={{
          width: '100%',
          height: 360,
          border: '1px solid var(--mantine-color-gray-3)',
          borderRadius: 4,
          background: '#fff',
          resize: 'vertical',
        }}
      />
    </Stack>
  );
}

function RawSource({ inboundId, onClose }: { inboundId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [whole, setWhole] = useState(false);
  const url = `/api/agent/inbound/${encodeURIComponent(inboundId)}/raw`;
  const raw = useQuery({
    queryKey: ['email', 'raw', inboundId],
    queryFn: async () => {
      const res = await fetch(url, { credentials: 'same-origin' });
      if (!res.ok) throw new Error(String(res.status));
      return res.text();
    },
    staleTime: Infinity,
  });
  return (
    <Modal opened onClose={onClose} title={t('email.raw.title')} size="xl" data-testid="email-raw">
      <Stack gap="xs">
        {raw.isPending && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">{t('email.raw.loading')}</Text>
          </Group>
        )}
        {raw.isError && <Alert color="red">{t('errors.unexpected', { status: raw.error.message })}</Alert>}
        {raw.data !== undefined && (
          <>
            <Title order={3} size="sm">
              {whole ? t('email.raw.source') : t('email.raw.headers')}
            </Title>
            <Code
              block
              style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: '60vh', overflow: 'auto' }}
              data-testid="email-raw-text"
            >
              {whole ? raw.data : headerBlock(raw.data)}
            </Code>
            <Group gap="xs">
              {!whole && (
                <Button size="compact-sm" variant="default" onClick={() => setWhole(true)}>
                  {t('email.raw.showSource')}
                </Button>
              )}
              <Anchor href={`${url}?download`} size="sm" download={`${inboundId}.eml`}>
                {t('email.raw.download')}
              </Anchor>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}
