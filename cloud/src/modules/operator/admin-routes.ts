/**
 * What the admins' portal screens read that no other module answered yet (SPEC 3.15, 3.3): the audit log browsed
 * with filters and pages, and the card in force for an ISMAIL ID (audited read, so an admin can act on it). Both are
 * admin resources with the second factor; the access plugin denies everyone else.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, parseIsmailId } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { withErrors } from '../../platform/http/schemas.js';
import { adminActorOf } from '../identity/admin-routes.js';

const auditPageMax = 100;
const Word = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '^[A-Za-z0-9_.:@-]+$' });

const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actorAccountId: Type.Union([Type.String(), Type.Null()]),
  actorLabel: Type.String(),
  action: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  place: Type.String(),
  detail: Type.Unknown(),
});

const AdminCard = Type.Object({
  cardId: Type.String(),
  token: Type.String(),
  state: Type.String(),
  issuedAt: Type.String(),
  expiresAt: Type.String(),
  accountId: Type.String(),
  ismailId: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  profile: Type.String(),
  accountStatus: Type.String(),
});

export function adminBrowseRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/v1/admin/audit',
      {
        config: { access: { resource: 'audit', action: 'read', needsSecondFactor: true } },
        schema: {
          tags: ['admin'],
          summary: 'The audit log, newest first, filtered and paged by sequence number',
          operationId: 'adminAuditLog',
          querystring: Type.Object(
            {
              action: Type.Optional(Word(100)),
              subjectType: Type.Optional(Word(50)),
              subjectId: Type.Optional(Word(100)),
              beforeSeq: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
              limit: Type.Integer({ minimum: 1, maximum: auditPageMax, default: 25 }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({
              entries: Type.Array(AuditEntry),
              nextBeforeSeq: Type.Union([Type.Integer(), Type.Null()]),
            }),
          }),
        },
      },
      async (request) => {
        const q = request.query;
        // An action filter ending in "." is a family ("kyc." = every KYC action).
        const actionFamily = q.action?.endsWith('.') === true;
        const { rows } = await db.pool.query<{ seq: string; at: Date } & Record<string, unknown>>(
          `SELECT seq, at, actor_account_id AS "actorAccountId", actor_label AS "actorLabel", action,
                  subject_type AS "subjectType", subject_id AS "subjectId", place, detail
           FROM audit_log
           WHERE ($1::text IS NULL OR (CASE WHEN $2 THEN starts_with(action, $1) ELSE action = $1 END))
             AND ($3::text IS NULL OR subject_type = $3) AND ($4::text IS NULL OR subject_id = $4)
             AND ($5::bigint IS NULL OR seq < $5)
           ORDER BY seq DESC LIMIT $6`,
          [q.action ?? null, actionFamily, q.subjectType ?? null, q.subjectId ?? null, q.beforeSeq ?? null, q.limit],
        );
        const entries = rows.map((r) => ({ ...r, seq: Number(r.seq), at: r.at.toISOString() }));
        const last = entries.at(-1);
        return { entries, nextBeforeSeq: entries.length === q.limit && last !== undefined ? last.seq : null };
      },
    );

    app.get(
      '/v1/admin/cards/by-ismail-id/:ismailId',
      {
        config: { access: { resource: 'cards', action: 'administer', needsSecondFactor: true } },
        schema: {
          tags: ['admin'],
          summary: 'The card in force (or last issued) for an ISMAIL ID, to act on it (audited read)',
          operationId: 'adminCardByIsmailId',
          params: Type.Object({ ismailId: Type.String({ maxLength: 64 }) }),
          response: withErrors({ 200: AdminCard }),
        },
      },
      async (request) => {
        const parsed = parseIsmailId(request.params.ismailId);
        if (!parsed.ok) throw new AppError('VALIDATION_FAILED', parsed.problem);
        // In force first; otherwise the latest one, so a revoked or expired card still shows why.
        const { rows } = await db.pool.query<Record<string, unknown> & { issuedAt: Date; expiresAt: Date }>(
          `SELECT c.id AS "cardId", c.token, c.state, c.issued_at AS "issuedAt", c.expires_at AS "expiresAt",
                  a.id AS "accountId", c.ismail_id AS "ismailId", a.display_name AS "displayName", a.profile,
                  a.status AS "accountStatus"
           FROM cards c JOIN accounts a ON a.id = c.account_id
           WHERE c.ismail_id = $1
           ORDER BY (c.state IN ('active', 'suspended')) DESC, c.issued_at DESC LIMIT 1`,
          [parsed.id],
        );
        const card = rows[0];
        if (card === undefined) throw new AppError('NOT_FOUND', `Aucune carte pour ${parsed.id}.`);
        const actor = adminActorOf(request);
        await withTransaction(db.pool, (client) =>
          appendAudit(client, {
            actor,
            action: 'card.read',
            subject: { type: 'card', id: String(card.cardId) },
            place: actor.place,
            detail: { ismailId: parsed.id },
          }),
        );
        return { ...card, issuedAt: card.issuedAt.toISOString(), expiresAt: card.expiresAt.toISOString() };
      },
    );
  };
}
