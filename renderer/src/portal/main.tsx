/**
 * The client portal's entry: language and theme first, then the app with its server data
 * restored from this device (so the last balance shows offline), then the service worker.
 */
import { PersistQueryClientProvider } from '@tanstack/react-query-persist-client';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n.js';
import { startOnlineFromBrowser } from './online.js';
import { registerServiceWorker } from './pwa.js';
import { localStoragePersister, persistMaxAgeMs, queryClient } from './query.js';
import { router } from './router.js';
import { applyTheme, savedTheme } from './theme.js';
import './styles.css';

/** Bumped when a cached answer's shape changes, so an old copy is dropped rather than misread. */
const cacheVersion = 'portal-1';

applyTheme(savedTheme());
startOnlineFromBrowser();
const root = document.getElementById('root');
if (root === null) throw new Error('portal page has no #root element');
await initI18n();
// On a slow link the shell from index.html paints while the scripts arrive; on a fast one, let it
// paint once before the app replaces it rather than rendering into a page never shown.
await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
createRoot(root).render(
  <StrictMode>
    <PersistQueryClientProvider
      client={queryClient}
      persistOptions={{ persister: localStoragePersister, maxAge: persistMaxAgeMs, buster: cacheVersion }}
    >
      <RouterProvider router={router} />
    </PersistQueryClientProvider>
  </StrictMode>,
);
void registerServiceWorker();
