import { Center, Loader } from '@mantine/core';
import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate, Outlet, ScrollRestoration } from 'react-router';
import { HomeRedirect, RequireAuth } from './auth/RequireAuth';
import { ClientLayout } from './layouts/ClientLayout';
import { PublicLayout } from './layouts/PublicLayout';
import { ForgotPasswordPage } from './pages/auth/ForgotPasswordPage';
import { ChangePasswordPage } from './pages/auth/ChangePasswordPage';
import { LoginPage } from './pages/auth/LoginPage';
import { ResetPasswordPage } from './pages/auth/ResetPasswordPage';
import { SecurityPage } from './pages/auth/SecurityPage';
import { TotpSetupPage } from './pages/auth/TotpSetupPage';
import { ServicesPage } from './pages/client/ServicesPage';
import { NewTicketPage } from './pages/client/tickets/NewTicketPage';
import { TicketPage } from './pages/client/tickets/TicketPage';
import { TicketsPage } from './pages/client/tickets/TicketsPage';
import { ContactPage } from './pages/public/ContactPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SsoRefusedPage } from './pages/sso/SsoRefusedPage';
import { RouteErrorPage } from './pages/RouteErrorPage';

/**
 * The staff areas load on their first visit: a customer's browser never
 * downloads the agent console, the admin pages or the SLA charts.
 */
const staffPage =
  <M,>(load: () => Promise<M>, pick: (module: M) => ComponentType) =>
  async () => ({ Component: pick(await load()) });

export const router = createBrowserRouter([
  {
    // A new page starts at its top (a sent ticket's view opened scrolled to where the form's button was); back and
    // forward return to where the user was.
    element: (
      <>
        <ScrollRestoration />
        <Outlet />
      </>
    ),
    errorElement: <RouteErrorPage />,
    // Shown while a staff page opened directly by its address loads.
    hydrateFallbackElement: (
      <Center h="100vh">
        <Loader aria-label="…" />
      </Center>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      // R16: public, with its own wide frame.
      { path: 'contact', element: <ContactPage /> },
      {
        element: <PublicLayout />,
        children: [
          { path: 'login', element: <LoginPage /> },
          { path: 'forgot-password', element: <ForgotPasswordPage /> },
          { path: 'reset-password', element: <ResetPasswordPage /> },
          // A refused billing panel sign-in link lands here (issue 13 point 4).
          { path: 'sso/refused', element: <SsoRefusedPage /> },
          {
            element: <RequireAuth audience="any" />,
            children: [
              { path: 'totp-setup', element: <TotpSetupPage /> },
              { path: 'change-password', element: <ChangePasswordPage /> },
              { path: 'security', element: <SecurityPage /> },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
      {
        element: <RequireAuth audience="client" />,
        children: [
          {
            path: 'client',
            element: <ClientLayout />,
            children: [
              { index: true, element: <ServicesPage /> },
              { path: 'tickets', element: <TicketsPage /> },
              { path: 'tickets/new', element: <NewTicketPage /> },
              { path: 'tickets/:reference', element: <TicketPage /> },
            ],
          },
        ],
      },
      {
        // Admins are staff too, so they may use the agent console.
        element: <RequireAuth audience="staff" />,
        children: [
          {
            path: 'agent',
            lazy: staffPage(
              () => import('./layouts/AgentLayout'),
              (m) => m.AgentLayout,
            ),
            children: [
              {
                index: true,
                lazy: staffPage(
                  () => import('./pages/agent/tickets/QueuePage'),
                  (m) => m.QueuePage,
                ),
              },
              {
                path: 'customers',
                lazy: staffPage(
                  () => import('./pages/agent/CustomersPage'),
                  (m) => m.CustomersPage,
                ),
              },
              {
                path: 'tickets/new-email',
                lazy: staffPage(
                  () => import('./pages/agent/tickets/NewEmailTicketPage'),
                  (m) => m.NewEmailTicketPage,
                ),
              },
              {
                // A customer's phone call: the same form, started on its phone side (issue 13 point 5).
                path: 'tickets/new-phone',
                lazy: staffPage(
                  () => import('./pages/agent/tickets/NewEmailTicketPage'),
                  (m) => m.NewPhoneTicketPage,
                ),
              },
              {
                path: 'tickets/:reference',
                lazy: staffPage(
                  () => import('./pages/agent/tickets/TicketPage'),
                  (m) => m.TicketPage,
                ),
              },
              {
                path: 'canned-responses',
                lazy: staffPage(
                  () => import('./pages/agent/canned/CannedResponsesPage'),
                  (m) => m.CannedResponsesPage,
                ),
              },
            ],
          },
        ],
      },
      {
        element: <RequireAuth audience="admin" />,
        children: [
          {
            path: 'admin',
            lazy: staffPage(
              () => import('./layouts/AdminLayout'),
              (m) => m.AdminLayout,
            ),
            children: [
              { index: true, element: <Navigate to="users" replace /> },
              {
                path: 'users',
                lazy: staffPage(
                  () => import('./pages/admin/UsersPage'),
                  (m) => m.UsersPage,
                ),
              },
              {
                path: 'departments',
                lazy: staffPage(
                  () => import('./pages/admin/DepartmentsPage'),
                  (m) => m.DepartmentsPage,
                ),
              },
              {
                path: 'api-tokens',
                lazy: staffPage(
                  () => import('./pages/admin/ApiTokensPage'),
                  (m) => m.ApiTokensPage,
                ),
              },
              {
                path: 'outbox',
                lazy: staffPage(
                  () => import('./pages/admin/OutboxPage'),
                  (m) => m.OutboxPage,
                ),
              },
              {
                path: 'mail-addresses',
                lazy: staffPage(
                  () => import('./pages/admin/email/MailAddressesPage'),
                  (m) => m.MailAddressesPage,
                ),
              },
              {
                path: 'mailboxes',
                lazy: staffPage(
                  () => import('./pages/admin/email/MailboxesPage'),
                  (m) => m.MailboxesPage,
                ),
              },
              {
                path: 'billing-sso',
                lazy: staffPage(
                  () => import('./pages/admin/BillingSsoPage'),
                  (m) => m.BillingSsoPage,
                ),
              },
              {
                path: 'webhooks',
                lazy: staffPage(
                  () => import('./pages/admin/WebhooksPage'),
                  (m) => m.WebhooksPage,
                ),
              },
              {
                path: 'sla',
                lazy: staffPage(
                  () => import('./pages/admin/sla/SlaDashboardPage'),
                  (m) => m.SlaDashboardPage,
                ),
              },
            ],
          },
        ],
      },
    ],
  },
]);
