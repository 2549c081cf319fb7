import { BillingSsoRefusal } from '@centrala/contracts';
import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { AuthCard } from '../../components/AuthCard';

/** Refusals the customer cannot undo by signing in themselves: the provider must change the contact. */
const PROVIDER_MUST_ACT = new Set<BillingSsoRefusal>(['sso.contact_disabled', 'sso.login_not_allowed']);
type Reason = BillingSsoRefusal extends `sso.${infer R}` ? R : never;
const ASK_PROVIDER = new Set<BillingSsoRefusal>([...PROVIDER_MUST_ACT, 'sso.contact_unknown', 'sso.not_enabled']);

/**
 * Where a refused billing panel link lands (GET /sso/billing answers 303 here with `?code=`): why, in the
 * customer's words, and what to do next. The code is shown for the provider's support to look up.
 */
export function SsoRefusedPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const parsed = BillingSsoRefusal.safeParse(params.get('code'));
  const code = parsed.success ? parsed.data : null;
  const reason = code && (code.slice('sso.'.length) as Reason);

  return (
    <AuthCard title={t('sso.refused.title')}>
      <Stack>
        <Alert color="orange" icon={<IconAlertTriangle />} role="alert">
          {reason ? t(`sso.refused.reasons.${reason}`) : t('sso.refused.unknown')}
        </Alert>
        {code && <Text size="sm">{t(ASK_PROVIDER.has(code) ? 'sso.refused.askProvider' : 'sso.refused.retry')}</Text>}
        {code && (
          <Text size="sm" c="dimmed">
            {t('sso.refused.code', { code })}
          </Text>
        )}
        {!(code && PROVIDER_MUST_ACT.has(code)) && (
          <>
            <Button component={Link} to="/login">
              {t('sso.refused.signIn')}
            </Button>
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t('sso.refused.forgot')}
            </Anchor>
          </>
        )}
      </Stack>
    </AuthCard>
  );
}
