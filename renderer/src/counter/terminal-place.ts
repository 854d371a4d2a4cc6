/**
 * Where this counter app runs (issue 28.1): the hub's own screen, or a paired terminal on the
 * shop LAN. The shell asks the hub once at start; screens read it (only the hub's own screen
 * pairs and revokes terminals).
 */
import { createContext, useContext } from 'react';
import type { HubThisTerminal } from '@ismail/shared';
import type { HubError } from './api.js';

export type Place = HubThisTerminal;

export const PlaceContext = createContext<Place>({ kind: 'hub', terminal: null });

export function usePlace(): Place {
  return useContext(PlaceContext);
}

/** Why the hub refused this browser as a terminal (its details say), or null when the error is something else. */
export function terminalRefusal(error: HubError): 'notPaired' | 'revoked' | null {
  const problem = error.details.find((detail) => detail.path === 'terminal')?.problem;
  return problem === 'NOT_PAIRED' ? 'notPaired' : problem === 'REVOKED' ? 'revoked' : null;
}
