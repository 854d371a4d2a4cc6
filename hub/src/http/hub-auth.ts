/**
 * Who is calling the hub's local API, and whether they may (deny by default).
 *
 * - The hub admin token (a 0600 file on this machine) is the machine's administrator: it may
 *   do everything, and it alone pairs the hub, configures printers and scanners, exports,
 *   unpairs and wipes.
 * - A staff session (signed in at this counter) may do what its role allows: a cashier sells,
 *   takes cash for credits, checks cards and runs a cash session; a manager also issues credit
 *   notes and handles other people's sessions.
 * - A request from a paired terminal on the shop LAN (issue 28, lan-gate.ts) is valid only with a
 *   session opened on that terminal; the admin token is this machine's and is refused there.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError, hubRoleAllows, type HubStaffRole } from '@ismail/shared';
import type { StaffDesk, StaffMember } from '../staff/staff-desk.js';
import { lanTerminalOf, tieToTerminal } from '../lan/request-terminal.js';

export type HubPrincipal =
  | { readonly kind: 'admin'; readonly accountId: 'hub-admin'; readonly name: string; readonly role: 'manager' }
  | ({ readonly kind: 'staff' } & StaffMember);
export type HubNeed = HubStaffRole | 'admin';

declare module 'fastify' {
  interface FastifyRequest {
    principal: HubPrincipal | null;
  }
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

export class HubAuth {
  constructor(
    private readonly adminToken: string,
    private readonly staff: StaffDesk,
  ) {}

  static bearer(authorization: string | undefined): string {
    return authorization?.startsWith('Bearer ') === true ? authorization.slice('Bearer '.length).trim() : '';
  }

  /**
   * `terminalId`: the screen asking (null: the hub's own, where the admin token is valid);
   * undefined: not checked (the live channel, behind the LAN gate already).
   */
  async principal(authorization: string | undefined, terminalId?: string | null): Promise<HubPrincipal | null> {
    const token = HubAuth.bearer(authorization);
    if (token.length === 0 || token.length > 200) return null;
    if (timingSafeEqual(digest(token), digest(this.adminToken)))
      return typeof terminalId === 'string'
        ? null
        : { kind: 'admin', accountId: 'hub-admin', name: 'Administrateur du hub', role: 'manager' };
    const member = await this.staff.session(token, terminalId);
    return member === null ? null : { kind: 'staff', ...member };
  }

  /** An onRequest hook that lets through only callers with `need`, and leaves them on `request.principal`. */
  guard(need: HubNeed): (request: FastifyRequest) => Promise<void> {
    return async (request) => {
      const terminal = lanTerminalOf(request.raw);
      // From the LAN only a paired terminal gets here (the gate); over loopback, the hub's own screen.
      if (terminal === null) throw new AppError('UNAUTHENTICATED', 'Pair this terminal with the hub first.');
      const principal = await this.principal(request.headers.authorization, terminal?.id ?? null);
      if (principal === null)
        throw new AppError('UNAUTHENTICATED', 'Sign in at this counter first (or use the hub admin token).');
      if (principal.kind === 'staff' && (need === 'admin' || !hubRoleAllows(principal.role, need))) {
        throw new AppError(
          'FORBIDDEN',
          need === 'admin' ? 'Only the hub’s administrator may do this.' : 'A manager must do this.',
        );
      }
      if (terminal !== undefined) tieToTerminal(principal, terminal);
      request.principal = principal;
    };
  }
}

/** The principal a guarded route runs for (the guard put it there). */
export function principalOf(request: FastifyRequest): HubPrincipal {
  if (request.principal === null) throw new AppError('UNAUTHENTICATED');
  return request.principal;
}
