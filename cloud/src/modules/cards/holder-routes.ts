/**
 * The card as its holder sees it in the client portal (SPEC 3.3): the card in force, its photo,
 * a fresh dynamic code (signed here, never in the browser; two minutes, single use), the printed
 * card as PDF or PNG (drawn by the same renderers as the operator's export, so the download
 * looks like the printed card), and the history of the checks of the holder's cards.
 *
 * Every route answers for the caller's own account only: there is no card id to guess, so
 * nobody reads another holder's card or history.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, ErrorBodySchema, profileByKey, type ProfileKey } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import type { KycStore } from '../kyc/documents.js';
import { approvedPhoto } from '../kyc/documents.js';
import type { CardService } from './cards.js';
import { cardHistory, verificationsMax } from './holder-history.js';
import { qrMatrix, renderCardPdf, renderCardPng, type CardFace } from './render/index.js';

const errors: Record<string, TSchema> = { '4xx': ErrorBodySchema };
const own = (action: 'read' | 'write') => ({ resource: 'cards' as const, action, needsSecondFactor: false });

/**
 * The QR's modules, drawn by the portal as one SVG path: the same encoder as the printed card, and no QR library in
 * the phone's bundle. `modules` is row-major, '1' for a dark module.
 */
const QrSchema = Type.Object({ sizeModules: Type.Integer(), modules: Type.String() });
const qrOf = (text: string) => {
  const matrix = qrMatrix(text);
  return { sizeModules: matrix.sizeModules, modules: Array.from(matrix.dark, (d) => (d === 1 ? '1' : '0')).join('') };
};

const MyCardSchema = Type.Object({
  cardId: Type.String(),
  ismailId: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  profile: Type.String(),
  roleLabel: Type.Object({ fr: Type.String(), en: Type.String() }),
  state: Type.Union([Type.Literal('active'), Type.Literal('suspended')]),
  issuedAt: Type.String(),
  expiresAt: Type.String(),
  hasPhoto: Type.Boolean(),
  /** The printed card's signed code (what its QR carries): valid until the card expires. */
  token: Type.String(),
  qr: QrSchema,
});

const DynamicCodeSchema = Type.Object({
  token: Type.String(),
  qr: QrSchema,
  issuedAt: Type.String(),
  expiresAt: Type.String(),
  ttlS: Type.Integer(),
});

const VerificationSchema = Type.Object({
  at: Type.String(),
  outcome: Type.Union([Type.Literal('valid'), Type.Literal('refused')]),
  reason: Type.Union([Type.String(), Type.Null()]),
  /** Who checked: a named account, a hub (counter) or the public check. */
  by: Type.Union([Type.Literal('account'), Type.Literal('hub'), Type.Literal('public')]),
  who: Type.Union([Type.String(), Type.Null()]),
  place: Type.String(),
});

interface CardRow {
  cardId: string;
  ismailId: string;
  firstName: string;
  lastName: string;
  profile: ProfileKey;
  state: 'active' | 'suspended';
  issuedAt: Date;
  expiresAt: Date;
  token: string;
}

/** The caller's card in force, or NOT_FOUND while there is none (KYC not yet approved). */
async function cardOf(db: Database, accountId: string): Promise<CardRow> {
  const { rows } = await db.pool.query<CardRow>(
    `SELECT c.id AS "cardId", c.ismail_id AS "ismailId", a.first_name AS "firstName", a.last_name AS "lastName",
            a.profile, c.state, c.issued_at AS "issuedAt", c.expires_at AS "expiresAt", c.token
     FROM cards c JOIN accounts a ON a.id = c.account_id
     WHERE c.account_id = $1 AND c.state IN ('active', 'suspended') ORDER BY c.issued_at DESC LIMIT 1`,
    [accountId],
  );
  const row = rows[0];
  if (row === undefined) throw new AppError('NOT_FOUND', "Vous n'avez pas encore de carte (KYC en cours).");
  return row;
}

export function cardHolderRoutes(db: Database, cards: CardService, documents: KycStore) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const photoOf = async (accountId: string): Promise<Buffer | undefined> =>
      approvedPhoto(db.pool, documents, accountId);

    app.get(
      '/v1/cards/mine',
      {
        config: { access: own('read') },
        schema: {
          tags: ['cards'],
          summary: 'My card in force, as printed',
          operationId: 'getMyCard',
          response: { 200: MyCardSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        const card = await cardOf(db, principal.accountId);
        reply.header('cache-control', 'no-store');
        return {
          ...card,
          roleLabel: profileByKey(card.profile).label,
          issuedAt: card.issuedAt.toISOString(),
          expiresAt: card.expiresAt.toISOString(),
          hasPhoto: (await photoOf(principal.accountId)) !== undefined,
          qr: qrOf(card.token),
        };
      },
    );

    app.get(
      '/v1/cards/mine/photo',
      {
        config: { access: own('read') },
        schema: {
          tags: ['cards'],
          summary: 'The photo my card shows',
          operationId: 'getMyCardPhoto',
          response: errors,
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        const photo = await photoOf(principal.accountId);
        if (photo === undefined) throw new AppError('NOT_FOUND', 'Aucune photo approuvée.');
        const type = photo[0] === 0x89 ? 'image/png' : 'image/jpeg';
        return reply.type(type).header('cache-control', 'private, no-store').send(photo);
      },
    );

    app.post(
      '/v1/cards/mine/dynamic-code',
      {
        // A code every two minutes while the card screen is open; more is a loop, not a person.
        config: { access: own('read'), rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['cards'],
          summary: 'A fresh dynamic code for my card (two minutes, single use)',
          operationId: 'issueMyDynamicCode',
          response: { 200: DynamicCodeSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        const at = new Date();
        const code = await cards.dynamicCode(db.pool, principal.accountId, at);
        reply.header('cache-control', 'no-store');
        return {
          token: code.token,
          qr: qrOf(code.token),
          issuedAt: new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString(),
          expiresAt: code.expiresAt.toISOString(),
          ttlS: Math.round((code.expiresAt.getTime() - Math.floor(at.getTime() / 1000) * 1000) / 1000),
        };
      },
    );

    app.get(
      '/v1/cards/mine/export',
      {
        config: { access: own('read'), rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: ['cards'],
          summary: 'My card as printed: PDF (card size) or PNG (600 dpi)',
          operationId: 'exportMyCard',
          querystring: Type.Object(
            { format: Type.Union([Type.Literal('pdf'), Type.Literal('png')]) },
            { additionalProperties: false },
          ),
          response: errors,
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        const card = await cardOf(db, principal.accountId);
        const photo = await photoOf(principal.accountId);
        const face: CardFace = {
          ismailId: card.ismailId,
          firstName: card.firstName,
          lastName: card.lastName,
          roleLabel: profileByKey(card.profile).label.fr,
          status: card.state,
          issuedOn: card.issuedAt.toISOString().slice(0, 10),
          expiresOn: card.expiresAt.toISOString().slice(0, 10),
          qrText: card.token,
          ...(photo === undefined ? {} : { photo }),
        };
        const format = request.query.format;
        const bytes = format === 'png' ? await renderCardPng(face) : await renderCardPdf(face, 'card');
        return reply
          .type(format === 'png' ? 'image/png' : 'application/pdf')
          .header('cache-control', 'private, no-store')
          .header('content-disposition', `attachment; filename="carte-ismail-${card.ismailId}.${format}"`)
          .send(bytes);
      },
    );

    app.get(
      '/v1/cards/mine/verifications',
      {
        config: { access: own('read') },
        schema: {
          tags: ['cards'],
          summary: 'Who checked my cards, where and when (newest first)',
          operationId: 'listMyCardVerifications',
          response: {
            200: Type.Object({ verifications: Type.Array(VerificationSchema, { maxItems: verificationsMax }) }),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        reply.header('cache-control', 'no-store');
        return { verifications: await cardHistory(db, principal.accountId) };
      },
    );
  };
}
