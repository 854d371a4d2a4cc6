/**
 * What the counter app keeps of its hub's local API between calls: the staff session and the
 * shape of a call's outcome, an answer or the hub's error with its stable code and message (the
 * screens translate the code, not the text). The calls themselves: hub-client.ts.
 * The token lives in this tab's sessionStorage: a reload keeps the shift, closing the window
 * signs out.
 */
import type { HubSignInResponse } from '@ismail/shared';

export interface HubError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** The hub's details (a refused card's stable reason is `{ path: 'card', problem: 'REVOKED' }`). */
  readonly details: readonly { readonly path: string; readonly problem: string }[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: HubError };

const tokenKey = 'ismail.counter.session';

/** The hub's sign-in answer, kept as it came. */
export type StaffSession = HubSignInResponse;

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
