/**
 * The shell around every screen: skip link, the app's name, the main navigation once signed in,
 * an offline banner, and the update prompt. A session ended elsewhere (refused by the cloud)
 * sends the person back to the sign-in screen.
 */
import { Link, Navigate, Outlet, useRouterState } from '@tanstack/react-router';
import { lazy, Suspense, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useOnline } from '../online.js';
import { isPublicPath } from '../routes/public-paths.js';
import { currentSession, onSessionChange } from '../session.js';
import { UpdatePrompt } from './UpdatePrompt.js';

const signedIn = () => currentSession() !== null;
// The bell (unread badge, live socket) loads after the first paint: not part of the first screen's budget.
const NotificationsLink = lazy(() =>
  import('./notifications/NotificationsLink.js').then((m) => ({ default: m.NotificationsLink })),
);

export function Layout() {
  const { t } = useTranslation();
  const online = useOnline();
  const hasSession = useSyncExternalStore(onSessionChange, signedIn);
  const path = useRouterState({ select: (state) => state.location.pathname });
  if (!hasSession && !isPublicPath(path)) return <Navigate to="/sign-in" />;
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <p className="brand">
          <span aria-hidden="true" className="brand-mark" />
          {t('app.name')} <span className="brand-title">{t('app.title')}</span>
        </p>
        {hasSession && (
          <nav aria-label={t('app.nav')}>
            <ul>
              <li>
                <Link to="/" activeOptions={{ exact: true }}>
                  {t('nav.home')}
                </Link>
              </li>
              <li>
                <Link to="/history">{t('nav.history')}</Link>
              </li>
              <li>
                <Link to="/menu">{t('nav.more')}</Link>
              </li>
              <li>
                <Suspense fallback={null}>
                  <NotificationsLink />
                </Suspense>
              </li>
            </ul>
          </nav>
        )}
      </header>
      {!online && (
        <p className="offline-banner" role="status" data-testid="offline-banner">
          {t('offline.banner')}
        </p>
      )}
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <UpdatePrompt />
    </>
  );
}
