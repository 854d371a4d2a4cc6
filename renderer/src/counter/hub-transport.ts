/**
 * The hub client's transport (hub-client.ts is its only user; screens call the client): one bounded HTTP request to
 * the hub's local API with the staff session's bearer token, its JSON answer or the hub's error as a value with its
 * stable code (the screens translate the code, not the text).
 */
import type { HubError, Result } from './api.js';

export type Method = 'GET' | 'POST';

/** A request that never resolves is worse than an error at a counter: every call is bounded. */
const requestTimeoutMs = 15_000;

/** The caller (the client) names the answer's type from the route's schema. */
export async function hubCall<T>(
  method: Method,
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
