/**
 * Which screen a request comes from, as the LAN gate decided it (lan-gate.ts): a request the
 * gate let through from a paired terminal carries that terminal; a request the gate never saw
 * came over the loopback listener (the hub's own screen). Kept beside the raw Node request, so
 * nothing a caller sends (a header) can claim it.
 */
import type { IncomingMessage } from 'node:http';

export interface LanTerminal {
  readonly id: string;
  readonly number: number;
  readonly label: string;
}

const byRequest = new WeakMap<IncomingMessage, LanTerminal | null>();
const byPrincipal = new WeakMap<object, LanTerminal>();

/** Set by the LAN gate: the paired terminal, or null (the pairing route, the pairing page's files). */
export function markLanRequest(raw: IncomingMessage, terminal: LanTerminal | null): void {
  byRequest.set(raw, terminal);
}

/** The terminal a request came from; null from the LAN without one; undefined over loopback. */
export function lanTerminalOf(raw: IncomingMessage): LanTerminal | null | undefined {
  return byRequest.has(raw) ? byRequest.get(raw) : undefined;
}

/** A principal made for a request from a terminal keeps it (a sale takes the terminal's register). */
export function tieToTerminal(principal: object, terminal: LanTerminal): void {
  byPrincipal.set(principal, terminal);
}

export function terminalOfPrincipal(principal: object): LanTerminal | null {
  return byPrincipal.get(principal) ?? null;
}
