/**
 * What the shop LAN may ask the hub (issue 28.1), decided on the raw request before Fastify
 * sees it. An unpaired browser gets the counter app's files (they show the pairing page) and
 * the pairing route, nothing else; a paired terminal's device token (its HttpOnly cookie, or
 * `x-ismail-terminal` for a program) is read from the database on every request, so a revoked
 * terminal is refused at its next request. Staff sign in on a terminal through
 * /api/v1/terminals/sign-in (their session belongs to it), not the hub screen's route.
 */
import type { IncomingMessage } from 'node:http';
import { AppError } from '@ismail/shared';
import type { LanTerminal } from './request-terminal.js';
import type { TerminalRegistry } from './terminal-registry.js';

export const terminalCookie = 'ismail_terminal';
/** Chromium keeps a cookie at most 400 days; the terminal's screen sets it again each time it starts. */
export const terminalCookieMaxAgeS = 400 * 86_400;

export type GateDecision =
  | { readonly kind: 'pass'; readonly terminal: LanTerminal | null }
  | { readonly kind: 'refuse'; readonly error: AppError };

/** The device token a LAN request carries, or ''. */
export function terminalToken(raw: IncomingMessage): string {
  const header = raw.headers['x-ismail-terminal'];
  if (typeof header === 'string' && header.length > 0) return header.trim();
  for (const part of (raw.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === terminalCookie) return value.join('=');
  }
  return '';
}

/** The counter app's own files: the pairing page for a browser not paired yet. */
function isAppFile(method: string, pathname: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  return !pathname.startsWith('/api/') && pathname !== '/health' && !pathname.startsWith('/documentation');
}

const notPaired = (): AppError =>
  new AppError(
    'UNAUTHENTICATED',
    'Ce poste n’est pas jumelé à ce hub : saisissez le code de jumelage affiché sur l’écran du hub.',
    [{ path: 'terminal', problem: 'NOT_PAIRED' }],
  );

export function decide(raw: IncomingMessage, registry: Pick<TerminalRegistry, 'check'>): GateDecision {
  const method = raw.method ?? 'GET';
  const pathname = (raw.url ?? '/').split('?')[0] ?? '/';
  const token = terminalToken(raw);
  const checked = token === '' ? null : registry.check(token);
  const terminal = checked?.kind === 'paired' ? checked.terminal : null;
  if (isAppFile(method, pathname)) return { kind: 'pass', terminal };
  if (method === 'POST' && pathname === '/api/v1/terminals/pair') return { kind: 'pass', terminal };
  if (checked?.kind === 'revoked')
    return {
      kind: 'refuse',
      error: new AppError(
        'FORBIDDEN',
        'Ce poste a été retiré du hub par un responsable : il ne peut plus rien faire. Demandez un nouveau code de jumelage.',
        [{ path: 'terminal', problem: 'REVOKED' }],
      ),
    };
  if (terminal === null) return { kind: 'refuse', error: notPaired() };
  if (pathname === '/api/v1/staff/sign-in')
    return {
      kind: 'refuse',
      error: new AppError('FORBIDDEN', 'Sur un poste jumelé, la connexion passe par /api/v1/terminals/sign-in.'),
    };
  return { kind: 'pass', terminal };
}
