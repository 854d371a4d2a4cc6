/**
 * What every screen needs from the shell: the signed-in person, the hub's typed client with their
 * session, the live state, the counter's printer, and a way to say something to staff.
 */
import { createContext, useContext } from 'react';
import { cardRefusalReasons, type CardRefusalReason } from '@ismail/shared';
import type { HubError, StaffSession } from './api.js';
import type { HubClient } from './hub-client.js';
import type { LiveState } from './live.js';

export interface Notice {
  readonly tone: 'ok' | 'error' | 'info';
  /** A translation key and its values; the hub's error code when there is one. */
  readonly key: string;
  readonly values?: Record<string, string | number>;
}

export interface HubContextValue {
  readonly session: StaffSession;
  readonly live: LiveState;
  readonly printerId: string | null;
  /** One method per hub route the counter uses, typed from the route's schemas. */
  readonly client: HubClient;
  notify(notice: Notice | null): void;
}

export const HubContext = createContext<HubContextValue | null>(null);

export function useHub(): HubContextValue {
  const value = useContext(HubContext);
  if (value === null) throw new Error('useHub outside the signed-in shell');
  return value;
}

/** The translation key for a hub error code (unknown codes get the generic message). */
export function errorKey(code: string): string {
  return `errors.${code}`;
}

/** Why the hub refused a client's card (revoked, expired…), when that is what the error is; else null. */
export function cardRefusalOf(error: HubError): CardRefusalReason | null {
  if (error.code !== 'CARD_REFUSED') return null;
  const problem = error.details.find((detail) => detail.path === 'card')?.problem;
  return cardRefusalReasons.find((reason) => reason === problem) ?? null;
}
