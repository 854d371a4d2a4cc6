/**
 * The terminals' routes (issue 28.1). On the hub's own screen a manager makes a pairing code
 * (with the QR of the pairing address), lists and revokes terminals, and counts a product's
 * units on the shelf. From the LAN a browser pairs with a code (the device token comes back as
 * an HttpOnly, Secure, SameSite=Strict cookie), asks which terminal it is, and signs staff in
 * on it. Schemas: shared/src/hub-api/terminals.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import QRCode from 'qrcode';
import {
  AppError,
  HubErrorResponses,
  HubPairingCodeSchema,
  HubPairRequestSchema,
  HubPairResponseSchema,
  HubSignInResponseSchema,
  HubStockCountRequestSchema,
  HubStockCountSchema,
  HubStockParamsSchema,
  HubTerminalListSchema,
  HubTerminalParamsSchema,
  HubTerminalRevokeResponseSchema,
  HubTerminalSignInRequestSchema,
  HubThisTerminalSchema,
} from '@ismail/shared';
import { principalOf, type HubAuth } from '../http/hub-auth.js';
import type { StaffDesk } from '../staff/staff-desk.js';
import type { HubDatabase } from '../store/open.js';
import { terminalCookie, terminalCookieMaxAgeS } from './lan-gate.js';
import { lanTerminalOf } from './request-terminal.js';
import type { TerminalRegistry } from './terminal-registry.js';
import { countShelf } from './shelf-stock.js';

export interface TerminalRouteSources {
  readonly auth: HubAuth;
  readonly staff: StaffDesk;
  readonly registry: TerminalRegistry;
  readonly db: HubDatabase;
  /** The address a terminal opens to pair (https://<LAN address>:<port>), or null when the LAN listener is off. */
  readonly lanUrl: () => string | null;
}

const setTerminalCookie = (reply: FastifyReply, token: string): void => {
  reply.header(
    'set-cookie',
    `${terminalCookie}=${token}; Path=/; Max-Age=${String(terminalCookieMaxAgeS)}; HttpOnly; Secure; SameSite=Strict`,
  );
};

/** Only on the hub's own screen (loopback): a terminal cannot pair more terminals or count stock for the hub. */
const hubScreenOnly = async (request: FastifyRequest): Promise<void> => {
  if (lanTerminalOf(request.raw) !== undefined)
    throw new AppError('FORBIDDEN', 'Seulement sur l’écran du hub lui-même.');
};

export function terminalRoutes(sources: TerminalRouteSources) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const errors = HubErrorResponses;
    const { auth, registry } = sources;

    app.post(
      '/api/v1/terminals/pairing-codes',
      {
        onRequest: [hubScreenOnly, auth.guard('manager')],
        schema: { response: { 201: HubPairingCodeSchema, ...errors } },
      },
      async (request, reply) => {
        const made = registry.createPairingCode(principalOf(request).accountId);
        const base = sources.lanUrl();
        const pairUrl = base === null ? null : `${base}/?pair=${made.code}`;
        const qrSvg =
          pairUrl === null
            ? null
            : await QRCode.toString(pairUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
        reply.header('cache-control', 'no-store');
        return reply.status(201).send({ ...made, pairUrl, qrSvg });
      },
    );

    app.post(
      '/api/v1/terminals/pair',
      { schema: { body: HubPairRequestSchema, response: { 200: HubPairResponseSchema, ...errors } } },
      async (request, reply) => {
        const paired = await registry.pair(request.body, request.ip);
        setTerminalCookie(reply, paired.token);
        reply.header('cache-control', 'no-store');
        return paired;
      },
    );

    app.get(
      '/api/v1/terminals/this',
      { schema: { response: { 200: HubThisTerminalSchema, ...errors } } },
      async (request) => {
        const terminal = lanTerminalOf(request.raw);
        if (terminal === undefined) return { kind: 'hub' as const, terminal: null };
        if (terminal === null)
          throw new AppError('UNAUTHENTICATED', 'Ce poste n’est pas jumelé à ce hub.', [
            { path: 'terminal', problem: 'NOT_PAIRED' },
          ]);
        return { kind: 'terminal' as const, terminal: await registry.byId(terminal.id) };
      },
    );

    app.post(
      '/api/v1/terminals/sign-in',
      { schema: { body: HubTerminalSignInRequestSchema, response: { 200: HubSignInResponseSchema, ...errors } } },
      async (request, reply) => {
        const terminal = lanTerminalOf(request.raw);
        if (terminal === null) throw new AppError('UNAUTHENTICATED', 'Ce poste n’est pas jumelé à ce hub.');
        const { token, staff } = await sources.staff.signIn(request.body, terminal?.id ?? null);
        reply.header('cache-control', 'no-store');
        return { token, staff };
      },
    );

    app.get(
      '/api/v1/terminals',
      { onRequest: auth.guard('manager'), schema: { response: { 200: HubTerminalListSchema, ...errors } } },
      async () => ({ terminals: await registry.list() }),
    );

    app.post(
      '/api/v1/terminals/:terminalId/revoke',
      {
        onRequest: [hubScreenOnly, auth.guard('manager')],
        schema: { params: HubTerminalParamsSchema, response: { 200: HubTerminalRevokeResponseSchema, ...errors } },
      },
      async (request) => {
        if (!registry.revoke(request.params.terminalId, principalOf(request).accountId))
          throw new AppError('NOT_FOUND', 'Aucun terminal actif avec cet identifiant.');
        return { revoked: true as const };
      },
    );

    app.put(
      '/api/v1/stock/:productId',
      {
        onRequest: [hubScreenOnly, auth.guard('manager')],
        schema: {
          params: HubStockParamsSchema,
          body: HubStockCountRequestSchema,
          response: { 200: HubStockCountSchema, ...errors },
        },
      },
      async (request) =>
        countShelf(sources.db, request.params.productId, request.body.onHand, principalOf(request).accountId),
    );
  };
}
