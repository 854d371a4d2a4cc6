/**
 * The counter app's client for its hub's local API: the staff session's bearer token on every
 * call, errors as values with the hub's code (the screens translate the code, not the text).
 * The token lives in this tab's sessionStorage: a reload keeps the shift, closing the window
 * signs out.
 */
export interface HubError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** The hub's details (a refused card's stable reason is `{ path: 'card', problem: 'REVOKED' }`). */
  readonly details: readonly { readonly path: string; readonly problem: string }[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: HubError };

const tokenKey = 'ismail.counter.session';

export interface StaffSession {
  readonly token: string;
  readonly staff: {
    accountId: string;
    name: string;
    role: 'cashier' | 'manager';
    mode: 'online' | 'offline';
    expiresAt: string;
  };
}

export function loadSession(): StaffSession | null {
  const raw = globalThis.sessionStorage?.getItem(tokenKey);
  if (raw === null || raw === undefined) return null;
  try {
    return JSON.parse(raw) as StaffSession;
  } catch {
    return null;
  }
}

export function saveSession(session: StaffSession | null): void {
  if (session === null) globalThis.sessionStorage?.removeItem(tokenKey);
  else globalThis.sessionStorage?.setItem(tokenKey, JSON.stringify(session));
}

/** A request that never resolves is worse than an error at a counter: every call is bounded. */
const requestTimeoutMs = 15_000;

export async function hubCall<T>(
  method: 'GET' | 'POST',
  path: string,
  options: { token?: string | undefined; body?: unknown } = {},
): Promise<Result<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      signal: AbortSignal.timeout(requestTimeoutMs),
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch (error) {
    return { ok: false, error: { status: 0, code: 'HUB_UNREACHABLE', message: (error as Error).message, details: [] } };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return { ok: true, value: body as T };
  const error = (body as { error?: { code?: string; message?: string; details?: HubError['details'] } } | null)?.error;
  return {
    ok: false,
    error: {
      status: response.status,
      code: error?.code ?? `HTTP_${String(response.status)}`,
      message: error?.message ?? '',
      details: Array.isArray(error?.details) ? error.details : [],
    },
  };
}

/** A binary answer (a card photo) as an object URL for an <img>, or null. */
export async function hubImage(path: string, token: string): Promise<string | null> {
  try {
    const response = await fetch(path, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    if (!response.ok) return null;
    return URL.createObjectURL(await response.blob());
  } catch {
    return null;
  }
}
