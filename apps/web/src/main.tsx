import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dropzone/styles.css';
import './i18n';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { AppMantineProvider } from './components/AppMantineProvider';
import { queryClient } from './queryClient';
import { RealtimeProvider } from './realtime/RealtimeProvider';
import { router } from './router';

// A release replaced the chunks this tab was built with (staff pages load on first visit): load the new app. Once a
// minute at most, so a chunk that is really missing shows the error page instead of reloading forever.
window.addEventListener('vite:preloadError', (event) => {
  const last = Number(sessionStorage.getItem('centrala:reloaded-for-release') ?? 0);
  if (Date.now() - last < 60_000) return;
  sessionStorage.setItem('centrala:reloaded-for-release', String(Date.now()));
  event.preventDefault();
  window.location.reload();
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <AppMantineProvider>
      {/* At the bottom, a toast never covers the header or the page title (on a phone it spans the width). */}
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <RealtimeProvider>
          <RouterProvider router={router} />
        </RealtimeProvider>
      </QueryClientProvider>
    </AppMantineProvider>
  </StrictMode>,
);
