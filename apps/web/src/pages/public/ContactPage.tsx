import { ContactPage as ContactPageData } from '@centrala/contracts';
import { Alert, AppShell, Button, Container, Group, Stack, Text, Title } from '@mantine/core';
import { IconLogin, IconMessagePlus, IconShieldLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet } from '../../api';
import { useSession } from '../../auth/session';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Logo } from '../../components/Logo';
import { QueryState } from '../../components/QueryState';
import { ContactMethods } from './ContactMethods';

/** R16, public: how to reach support and how fast each way answers, promised and measured. */
export function ContactPage() {
  const { t } = useTranslation();
  const contact = useQuery({
    queryKey: ['public', 'contact'],
    queryFn: () => apiGet('/api/public/contact', ContactPageData),
  });

  return (
    // Its own frame rather than PublicLayout: that one is a narrow column for forms, this page is a table.
    <AppShell header={{ height: 60 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Logo />
          <LanguageSwitch />
        </Group>
      </AppShell.Header>
      <AppShell.Main bg="var(--mantine-color-gray-0)">
        <Container size="xl" py={{ base: 'md', sm: 'xl' }}>
          <Stack gap="lg">
            <div>
              <Title order={1} size="h2">
                {t('clientTickets.contact.title')}
              </Title>
              <Text c="dimmed" maw={720}>
                {t('clientTickets.contact.intro')}
              </Text>
            </div>
            <QueryState query={contact}>{(page) => <ContactMethods page={page} />}</QueryState>
            <TicketCallToAction />
          </Stack>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

/** R9: urgent requests belong in a ticket, behind a login; a logged-in customer goes straight to the form. */
function TicketCallToAction() {
  const { t } = useTranslation();
  const { data: session } = useSession();
  const isClient = session?.user.kind === 'client';
  return (
    <Alert color="indigo" variant="light" icon={<IconShieldLock />}>
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{t('clientTickets.contact.loginHint')}</Text>
        {isClient ? (
          <Button component={Link} to="/client/tickets/new" leftSection={<IconMessagePlus size={16} />}>
            {t('clientTickets.list.newTicket')}
          </Button>
        ) : (
          // Its label may wrap: on a Croatian phone it is wider than the alert (issue 10 point 9).
          <Button
            component={Link}
            to="/login"
            leftSection={<IconLogin size={16} />}
            data-testid="contact-login"
            h="auto"
            mih={36}
            py={6}
            styles={{ label: { whiteSpace: 'normal' } }}
          >
            {t('clientTickets.contact.login')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
