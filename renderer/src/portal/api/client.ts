/**
 * The portal's one client for the cloud API, typed by cloud-api.d.ts (generated from the
 * cloud's OpenAPI document, checked by a test). It adds the bearer token, trades the refresh
 * token for new ones shortly before the access token ends, and ends the session on this device
 * when the cloud refuses it. Offline, requests fail as network errors and the session stays.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { clearSession, currentSession, saveSession } from '../session.js';
import type { paths } from './cloud-api.js';

/** Refreshed this long before the access token ends, so a request never leaves with a token about to lapse. */
const refreshMarginMs = 60_000;

export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '' });

/** A refusal from the cloud, with its stable code (shared error body), or a failure to reach it. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
  ) {
    super(code);
  }
}

/** The stable code of the cloud's error body, or a generic one. */
export function apiError(error: unknown, status: number): ApiError {
  const code = (error as { error?: { code?: unknown } } | undefined)?.error?.code;
  return new ApiError(typeof code === 'string' ? code : 'HTTP_ERROR', status);
}

let refreshing: Promise<void> | null = null;

async function refresh(refreshToken: string): Promise<void> {
  const { data, response } = await api.POST('/v1/auth/refresh', { body: { refreshToken } });
  if (data !== undefined) saveSession(data);
  // A refresh token refused (used, ended) means the session is over; other failures are retried later.
  else if (response.status === 401 || response.status === 400) clearSession();
}

const auth: Middleware = {
  async onRequest({ request, schemaPath }) {
    if (schemaPath.startsWith('/v1/auth/sign-in') || schemaPath.startsWith('/v1/auth/refresh')) return request;
    const session = currentSession();
    if (session === null) return request;
    if (session.accessExpiresAtMs - Date.now() < refreshMarginMs) {
      refreshing ??= refresh(session.refreshToken)
        .catch(() => undefined)
        .finally(() => {
          refreshing = null;
        });
      await refreshing;
    }
    const fresh = currentSession();
    if (fresh !== null) request.headers.set('authorization', `Bearer ${fresh.accessToken}`);
    return request;
  },
  onResponse({ response, schemaPath }) {
    if (response.status === 401 && !schemaPath.startsWith('/v1/auth/')) clearSession();
    return response;
  },
};
api.use(auth);
