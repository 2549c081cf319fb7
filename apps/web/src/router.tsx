import { createBrowserRouter, Navigate } from 'react-router';
import { HomeRedirect, RequireAuth } from './auth/RequireAuth';
import { AdminLayout } from './layouts/AdminLayout';
import { AgentLayout } from './layouts/AgentLayout';
import { ClientLayout } from './layouts/ClientLayout';
import { PublicLayout } from './layouts/PublicLayout';
import { ApiTokensPage } from './pages/admin/ApiTokensPage';
import { DepartmentsPage } from './pages/admin/DepartmentsPage';
import { OutboxPage } from './pages/admin/OutboxPage';
import { SlaDashboardPage } from './pages/admin/sla/SlaDashboardPage';
import { UsersPage } from './pages/admin/UsersPage';
import { CustomersPage } from './pages/agent/CustomersPage';
import { QueuePage } from './pages/agent/tickets/QueuePage';
import { TicketPage as AgentTicketPage } from './pages/agent/tickets/TicketPage';
import { ForgotPasswordPage } from './pages/auth/ForgotPasswordPage';
import { LoginPage } from './pages/auth/LoginPage';
import { ResetPasswordPage } from './pages/auth/ResetPasswordPage';
import { TotpSetupPage } from './pages/auth/TotpSetupPage';
import { ServicesPage } from './pages/client/ServicesPage';
import { NewTicketPage } from './pages/client/tickets/NewTicketPage';
import { TicketPage } from './pages/client/tickets/TicketPage';
import { TicketsPage } from './pages/client/tickets/TicketsPage';
import { ContactPage } from './pages/public/ContactPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RouteErrorPage } from './pages/RouteErrorPage';

export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
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
          {
            element: <RequireAuth audience="any" />,
            children: [{ path: 'totp-setup', element: <TotpSetupPage /> }],
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
            element: <AgentLayout />,
            children: [
              { index: true, element: <QueuePage /> },
              { path: 'customers', element: <CustomersPage /> },
              { path: 'tickets/:reference', element: <AgentTicketPage /> },
            ],
          },
        ],
      },
      {
        element: <RequireAuth audience="admin" />,
        children: [
          {
            path: 'admin',
            element: <AdminLayout />,
            children: [
              { index: true, element: <Navigate to="users" replace /> },
              { path: 'users', element: <UsersPage /> },
              { path: 'departments', element: <DepartmentsPage /> },
              { path: 'api-tokens', element: <ApiTokensPage /> },
              { path: 'outbox', element: <OutboxPage /> },
              { path: 'sla', element: <SlaDashboardPage /> },
            ],
          },
        ],
      },
    ],
  },
]);
