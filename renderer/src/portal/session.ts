/**
 * The signed-in session on this device: the cloud's access and refresh tokens, kept in
 * localStorage so the installed app opens signed in, offline too. Listeners hear sign-in and
 * sign-out (the router sends a signed-out person to the sign-in screen).
 */
const storageKey = 'ismail.portal.session';

export interface Session {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** When the access token stops working (ms since the epoch, this device's clock). */
  readonly accessExpiresAtMs: number;
}

const listeners = new Set<() => void>();

export function currentSession(): Session | null {
  const raw = globalThis.localStorage?.getItem(storageKey);
  if (raw === null || raw === undefined) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<Session>;
    return typeof parsed.accessToken === 'string' &&
      typeof parsed.refreshToken === 'string' &&
      typeof parsed.accessExpiresAtMs === 'number'
      ? (parsed as Session)
      : null;
  } catch {
    return null;
  }
}

export function saveSession(tokens: { accessToken: string; refreshToken: string; expiresInS: number }): void {
  const session: Session = {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    accessExpiresAtMs: Date.now() + tokens.expiresInS * 1000,
  };
  globalThis.localStorage?.setItem(storageKey, JSON.stringify(session));
  for (const listener of listeners) listener();
}

export function clearSession(): void {
  globalThis.localStorage?.removeItem(storageKey);
  for (const listener of listeners) listener();
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
