/**
 * The counter app's shell: sign-in first; then the screens a role may use, reachable with
 * Alt+1…6 as well as the touch targets; the offline banner (from the hub's live channel);
 * language and theme; the notices staff read after each action, in a fixed region over the
 * screen's foot (a notice never pushes the screen down under the cashier's finger).
 * On the shop LAN (issue 28.1) a browser that is not a paired terminal gets only the pairing
 * page; a paired one signs staff in on itself, and its header names the terminal.
 */
import { useCallback, useEffect, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { loadSession, saveSession, type StaffSession } from './api.js';
import { createHubClient, hubSignOut, hubThisTerminal } from './hub-client.js';
import { PlaceContext, terminalRefusal, type Place } from './terminal-place.js';
import { Pairing, type PairingReason } from './screens/Pairing.js';
import { HubContext, type HubContextValue, type Notice } from './hub-context.js';
import { setLanguage } from './i18n.js';
import { isOffline, useLive } from './live.js';
import { NoticeView } from './NoticeView.js';
import { Cards } from './screens/Cards.js';
import { Cash } from './screens/Cash.js';
import { Credits } from './screens/Credits.js';
import { Invoices } from './screens/Invoices.js';
import { Sell } from './screens/Sell.js';
import { SignIn } from './screens/SignIn.js';
import { Status } from './screens/Status.js';

const screens = ['sell', 'credits', 'cards', 'invoices', 'cash', 'status'] as const;
type Screen = (typeof screens)[number];
const views: Record<Screen, () => ReactElement> = {
  sell: Sell,
  credits: Credits,
  cards: Cards,
  invoices: Invoices,
  cash: Cash,
  status: Status,
};

type Theme = 'light' | 'dark';
const themeKey = 'ismail.counter.theme';
function initialTheme(): Theme {
  const saved = globalThis.localStorage?.getItem(themeKey);
  if (saved === 'light' || saved === 'dark') return saved;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches === true ? 'dark' : 'light';
}

export function App() {
  const { t, i18n } = useTranslation();
  const [session, setSession] = useState<StaffSession | null>(loadSession);
  const [screen, setScreen] = useState<Screen>('sell');
  const [theme, setTheme] = useState<Theme>(initialTheme);
  // Each notice has its own id, so the same message twice is announced twice.
  const [notice, setNoticeState] = useState<{ value: Notice; id: number } | null>(null);
  const setNotice = useCallback(
    (value: Notice | null): void =>
      setNoticeState((previous) => (value === null ? null : { value, id: (previous?.id ?? 0) + 1 })),
    [],
  );
  const [printerId, setPrinterId] = useState<string | null>(null);
  // Where this app runs: asked of the hub at start, and again when a session ends (the terminal may have been revoked).
  const [place, setPlace] = useState<Place | PairingReason | null>(null);
  const checkPlace = useCallback((): void => {
    void hubThisTerminal().then((result) => {
      if (result.ok) setPlace(result.value);
      else {
        const refusal = terminalRefusal(result.error);
        // A hub that does not answer this route (older, or down) is the hub's own screen, as before terminals.
        setPlace(refusal ?? { kind: 'hub', terminal: null });
        if (refusal !== null) {
          saveSession(null);
          setSession(null);
        }
      }
    });
  }, []);
  useEffect(() => checkPlace(), [checkPlace]);
  // The hub closes the live channel when the session ends (signed out elsewhere, removed by the owner): back to sign-in
  // at once.
  const sessionEnded = useCallback((): void => {
    saveSession(null);
    setSession(null);
    checkPlace();
  }, [checkPlace]);
  const live = useLive(session?.token ?? null, sessionEnded);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    globalThis.localStorage?.setItem(themeKey, theme);
  }, [theme]);

  const signOut = useCallback((): void => {
    if (session !== null) void hubSignOut(session.token);
    saveSession(null);
    setSession(null);
  }, [session]);

  // An ended session (signed out elsewhere, removed by the owner, expired) goes back to sign-in.
  const client = useMemo(
    () => (session === null ? null : createHubClient(session.token, sessionEnded)),
    [session, sessionEnded],
  );

  // The counter's printer: the first one configured on this hub.
  useEffect(() => {
    if (client === null) return;
    void client.printers().then((result) => setPrinterId(result.ok ? (result.value.printers[0]?.id ?? null) : null));
  }, [client]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!event.altKey) return;
      const index = Number(event.key) - 1;
      const target = screens[index];
      if (target !== undefined) {
        event.preventDefault();
        setScreen(target);
        setNotice(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setNotice]);

  const context = useMemo<HubContextValue | null>(
    () => (session === null || client === null ? null : { session, live, printerId, client, notify: setNotice }),
    [session, live, printerId, client, setNotice],
  );

  if (place === null) return <p className="sign-in">{t('common.wait')}</p>;
  if (place === 'notPaired' || place === 'revoked')
    return (
      <Pairing
        reason={place}
        onPaired={(paired) => {
          saveSession(null);
          setSession(null);
          setPlace({ kind: 'terminal', terminal: paired.terminal });
        }}
      />
    );
  const terminal = place.terminal;
  if (session === null || context === null) {
    return (
      <SignIn
        terminal={terminal}
        onSignedIn={(signedIn) => {
          saveSession(signedIn);
          setSession(signedIn);
          setScreen('sell');
        }}
      />
    );
  }
  const View = views[screen];
  const offline = isOffline(live);
  return (
    <PlaceContext.Provider value={place}>
      <HubContext.Provider value={context}>
        <div className="app">
          <header>
            <p className="brand">
              {t('app.name')}
              {terminal !== null && (
                <span className="terminal-name" data-testid="terminal-name">
                  {' · '}
                  {t('terminals.header', { number: terminal.number, label: terminal.label })}
                </span>
              )}
            </p>
            <nav aria-label={t('nav.label')}>
              {screens.map((s, i) => (
                <button
                  key={s}
                  type="button"
                  aria-current={screen === s ? 'page' : undefined}
                  onClick={() => setScreen(s)}
                >
                  {t(`nav.${s}`)} <kbd>{t('nav.shortcut', { key: i + 1 })}</kbd>
                </button>
              ))}
            </nav>
            <div className="who">
              <span>
                {session.staff.name} · {t(`roles.${session.staff.role}`)}
                {session.staff.mode === 'offline' ? ` · ${t('app.offlineSession')}` : ''}
              </span>
              <button
                type="button"
                onClick={() => setLanguage(i18n.language === 'fr' ? 'en' : 'fr')}
                // The accessible name starts with the visible text (WCAG 2.5.3), then says what the button does.
                aria-label={`${t('app.otherLanguage')} — ${t('app.switchLanguage')}`}
              >
                {t('app.otherLanguage')}
              </button>
              <button
                type="button"
                onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
                aria-label={`${theme === 'dark' ? t('app.light') : t('app.dark')} — ${t('app.switchTheme')}`}
              >
                {theme === 'dark' ? t('app.light') : t('app.dark')}
              </button>
              <button type="button" onClick={signOut}>
                {t('app.signOut')}
              </button>
            </div>
          </header>
          {offline && (
            <div className="banner banner-offline" role="alert" data-testid="offline-banner">
              {live.hubConnected ? t('banner.offline', { count: live.sync?.outboxDepth ?? 0 }) : t('banner.hubDown')}
            </div>
          )}
          {live.alarms.length > 0 && (
            <div className="banner banner-warning" role="alert" data-testid="alarm-banner">
              {live.alarms.map((alarm) => (
                <p key={`${alarm.at}-${alarm.deviceName}`}>
                  {t('banner.alarm', {
                    device: alarm.deviceName,
                    kind: t(`alarmKinds.${alarm.kind}`, { defaultValue: alarm.kind }),
                    at: alarm.at.slice(11, 16),
                  })}
                </p>
              ))}
              <button type="button" onClick={live.dismissAlarms}>
                {t('banner.dismiss')}
              </button>
            </div>
          )}
          {live.sync?.clockSkewAlarm === true && (
            <div className="banner banner-warning" role="alert">
              {t('status.clockSkew', { seconds: Math.round((live.sync.clockSkewMs ?? 0) / 1000) })}
            </div>
          )}
          {/* Both live regions stay in the page so each new notice is announced: errors at once, the rest politely. */}
          <div className="notice-region">
            <div aria-live="assertive" aria-atomic="true">
              {notice?.value.tone === 'error' && (
                <NoticeView key={notice.id} notice={notice.value} onDismiss={() => setNotice(null)} />
              )}
            </div>
            <div aria-live="polite" aria-atomic="true">
              {notice !== null && notice.value.tone !== 'error' && (
                <NoticeView key={notice.id} notice={notice.value} onDismiss={() => setNotice(null)} />
              )}
            </div>
          </div>
          <main>
            <View />
          </main>
        </div>
      </HubContext.Provider>
    </PlaceContext.Provider>
  );
}
