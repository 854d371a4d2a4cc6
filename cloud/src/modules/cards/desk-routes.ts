/**
 * The ID desk (issue 23) for agency chiefs and admins: check a scanned card or dynamic code, or a typed ISMAIL ID,
 * see the holder's photo right after checking them, and read the desk's own log (what this verifier checked, newest
 * first). Rate limited per session: enough for a queue at a desk, too few to walk the ID space.
 */
import { createHash } from 'node:crypto';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, cardTokenMaxChars, ErrorBodySchema, parseIsmailId, profileKeys } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { approvedPhoto, type KycStore } from '../kyc/documents.js';
import type { CardService } from './cards.js';
import { assertDeskStaff, deskChecks, deskReasons, type DeskVerifier } from './desk-check.js';

const errors: Record<string, TSchema> = { '4xx': ErrorBodySchema };
const access = { resource: 'cards' as const, action: 'read' as const, needsSecondFactor: false };
export const deskLogMax = 50;
/** The photo of a holder is shown to a verifier only this long after they checked that holder. */
const photoWindowMinutes = 15;

const deskRateLimit = {
  max: 60,
  timeWindow: 60_000,
  keyGenerator: (request: FastifyRequest): string =>
    createHash('sha256')
      .update(request.headers.authorization ?? request.ip)
      .digest('hex'),
};

const Place = Type.String({ minLength: 1, maxLength: 120 });
const Message = Type.Object({ fr: Type.String(), en: Type.String() });
const DeskCheckSchema = Type.Object({
  outcome: Type.Union([Type.Literal('valid'), Type.Literal('refused')]),
  reason: Type.Union([...deskReasons.map((r) => Type.Literal(r)), Type.Null()]),
  message: Type.Union([Message, Type.Null()]),
  checkedAt: Type.String(),
  holder: Type.Union([
    Type.Object({
      ismailId: Type.String(),
      firstName: Type.String(),
      lastName: Type.String(),
      role: Type.Union(profileKeys.map((k) => Type.Literal(k))),
      roleLabel: Message,
      accountStatus: Type.String(),
      hasPhoto: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  card: Type.Union([Type.Object({ id: Type.String(), state: Type.String(), expiresAt: Type.String() }), Type.Null()]),
});

const DeskLogEntrySchema = Type.Object({
  at: Type.String(),
  ismailId: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([Type.Literal('valid'), Type.Literal('refused')]),
  reason: Type.Union([Type.String(), Type.Null()]),
  place: Type.String(),
});

/** Refused before the body is read: a client is told "not for you", not "your body is malformed". */
const deskStaffOnly = async (request: FastifyRequest): Promise<void> => {
  const { principal, scope } = principalOf(request);
  assertDeskStaff(principal, scope);
};

export function deskRoutes(db: Database, cards: CardService, documents: KycStore) {
  const photoOf = (accountId: string) => approvedPhoto(db.pool, documents, accountId);
  const checks = deskChecks(db.pool, cards, async (accountId) => (await photoOf(accountId)) !== undefined);
  const verifierOf = (request: FastifyRequest, place: string): DeskVerifier => {
    const { principal, scope } = principalOf(request);
    assertDeskStaff(principal, scope);
    return { principal, scope, place, ip: request.ip };
  };

  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/v1/desk/checks/token',
      {
        config: { access, rateLimit: deskRateLimit },
        preValidation: deskStaffOnly,
        schema: {
          tags: ['cards'],
          summary: 'Check a scanned card or dynamic code at the ID desk (logged and audited)',
          operationId: 'deskCheckToken',
          body: Type.Object(
            { token: Type.String({ minLength: 1, maxLength: cardTokenMaxChars }), place: Place },
            { additionalProperties: false },
          ),
          response: { 200: DeskCheckSchema, ...errors },
        },
      },
      async (request, reply) => {
        const verifier = verifierOf(request, request.body.place);
        reply.header('cache-control', 'no-store');
        return checks.byToken(request.body.token, verifier);
      },
    );

    app.post(
      '/v1/desk/checks/ismail-id',
      {
        config: { access, rateLimit: deskRateLimit },
        preValidation: deskStaffOnly,
        schema: {
          tags: ['cards'],
          summary: 'Check a typed ISMAIL ID at the ID desk (look-alikes normalised; logged and audited)',
          operationId: 'deskCheckIsmailId',
          body: Type.Object(
            { ismailId: Type.String({ minLength: 1, maxLength: 64 }), place: Place },
            { additionalProperties: false },
          ),
          response: { 200: DeskCheckSchema, ...errors },
        },
      },
      async (request, reply) => {
        const verifier = verifierOf(request, request.body.place);
        const parsed = parseIsmailId(request.body.ismailId);
        if (!parsed.ok)
          throw new AppError('VALIDATION_FAILED', "Ce n'est pas un ISMAIL ID (format CCAAMMJJ-XXXX-UL).", [
            { path: '/ismailId', problem: parsed.problem },
          ]);
        reply.header('cache-control', 'no-store');
        return checks.byIsmailId(parsed.id, verifier);
      },
    );

    app.get(
      '/v1/desk/holders/:ismailId/photo',
      {
        config: { access },
        preValidation: deskStaffOnly,
        schema: {
          tags: ['cards'],
          summary: 'The photo of a holder this verifier has just checked',
          operationId: 'deskHolderPhoto',
          params: Type.Object({ ismailId: Type.String({ minLength: 16, maxLength: 16 }) }),
          response: errors,
        },
      },
      async (request, reply) => {
        const { principal, scope } = principalOf(request);
        assertDeskStaff(principal, scope);
        // Only right after a check by this verifier: the desk cannot be used as a photo directory.
        const { rows } = await db.pool.query<{ id: string }>(
          `SELECT a.id FROM accounts a WHERE a.ismail_id = $2 AND EXISTS (
             SELECT 1 FROM card_verifications v WHERE v.verifier_account_id = $1 AND v.ismail_id = $2
               AND v.at > now() - make_interval(mins => $3))`,
          [principal.accountId, request.params.ismailId, photoWindowMinutes],
        );
        const photo = rows[0] === undefined ? undefined : await photoOf(rows[0].id);
        if (photo === undefined) throw new AppError('NOT_FOUND', 'Aucune photo pour ce titulaire vérifié.');
        const type = photo[0] === 0x89 ? 'image/png' : 'image/jpeg';
        return reply.type(type).header('cache-control', 'private, no-store').send(photo);
      },
    );

    app.get(
      '/v1/desk/checks',
      {
        config: { access },
        preValidation: deskStaffOnly,
        schema: {
          tags: ['cards'],
          summary: "The desk's log: what I checked, newest first",
          operationId: 'listDeskChecks',
          response: {
            200: Type.Object({ checks: Type.Array(DeskLogEntrySchema, { maxItems: deskLogMax }) }),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const { principal, scope } = principalOf(request);
        assertDeskStaff(principal, scope);
        const { rows } = await db.pool.query<{
          at: Date;
          ismailId: string | null;
          name: string | null;
          outcome: 'valid' | 'refused';
          reason: string | null;
          place: string;
        }>(
          `SELECT v.at, v.ismail_id AS "ismailId", NULLIF(concat_ws(' ', a.first_name, a.last_name), '') AS name,
                  v.outcome, v.reason, v.place
           FROM card_verifications v LEFT JOIN accounts a ON a.ismail_id = v.ismail_id
           WHERE v.verifier_account_id = $1 ORDER BY v.at DESC, v.id DESC LIMIT $2`,
          [principal.accountId, deskLogMax],
        );
        reply.header('cache-control', 'no-store');
        return { checks: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
      },
    );
  };
}
