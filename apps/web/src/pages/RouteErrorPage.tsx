import { Alert, Button, Container, Stack } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** Shown instead of a blank screen when rendering a page throws. */
export function RouteErrorPage() {
  const { t } = useTranslation();
  return (
    <Container size="sm" py="xl">
      <Alert color="red" icon={<IconAlertTriangle />} title={t('common.errorTitle')}>
        <Stack gap="sm" align="flex-start">
          {t('errors.crashed')}
          <Button size="xs" color="red" variant="white" onClick={() => window.location.reload()}>
            {t('errors.reload')}
          </Button>
        </Stack>
      </Alert>
    </Container>
  );
}
