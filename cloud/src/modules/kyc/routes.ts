/**
 * KYC (SPEC 3.12): the holder opens a case, uploads documents, consents and submits;
 * automatic checks run; with no biometric provider configured every case goes to manual
 * review, where an admin (with the second factor) approves (ISMAIL ID + card) or rejects
 * with a reason. Documents are readable by their holder and by admins only, and each read
 * is audited. A case takes documents only while in draft and within its bounds, decided
 * under the case's row lock in the inserting transaction (a submit takes the same lock).
 */
import { randomUUID } from 'node:crypto';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, ErrorBodySchema } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { CardService } from '../cards/cards.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { activateAccount } from '../identity/accounts.js';
import { requireRecentSecondFactor } from '../operator/admin-step-up.js';
import { runBiometricCheck, type BiometricMatcher } from './biometrics.js';
import {
  checkDocument,
  kycCaseMaxBytes,
  kycContentTypes,
  kycDocumentKinds,
  kycDocumentMaxBytes,
  kycDocumentsPerCaseMax,
  type KycStore,
} from './documents.js';
import { UuidSchema as Uuid } from '@ismail/shared';

// Only the refusals are declared (the success answers have no schema), so the type provider types no success answer
// from them.
const errors: Record<string, TSchema> = { '4xx': ErrorBodySchema };
/** The consent text's version the holder agreed to; change it when the text changes. */
export const kycConsentVersion = 'kyc-consent-2026-11';

export function kycRoutes(db: Database, store: KycStore, cards: CardService, biometrics: BiometricMatcher | undefined) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    // Documents arrive as raw bytes; the limit here is the route's, above the global 1 MiB.
    app.addContentTypeParser(
      [...kycContentTypes],
      { parseAs: 'buffer', bodyLimit: kycDocumentMaxBytes },
      (_request, body, done) => done(null, body),
    );

    const ownCase = async (caseId: string, accountId: string): Promise<{ state: string }> => {
      const { rows } = await db.pool.query<{ state: string }>(
        'SELECT state FROM kyc_cases WHERE id = $1 AND account_id = $2',
        [caseId, accountId],
      );
      if (rows[0] === undefined) throw new AppError('NOT_FOUND', 'No such KYC case of yours.');
      return rows[0];
    };

    app.post(
      '/v1/kyc/cases',
      {
        config: { access: { resource: 'kyc', action: 'write', needsSecondFactor: false } },
        schema: { tags: ['kyc'], summary: 'Open your KYC case', operationId: 'openKycCase', response: errors },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        const id = randomUUID();
        const open = await db.pool.query(
          "SELECT id FROM kyc_cases WHERE account_id = $1 AND state IN ('draft', 'in_review')",
          [principal.accountId],
        );
        if (open.rowCount !== 0) throw new AppError('CONFLICT', 'You already have a KYC case open.');
        await db.pool.query("INSERT INTO kyc_cases (id, account_id, state) VALUES ($1, $2, 'draft')", [
          id,
          principal.accountId,
        ]);
        return reply.status(201).send({ caseId: id, state: 'draft' });
      },
    );

    app.put(
      '/v1/kyc/cases/:caseId/documents/:kind',
      {
        config: { access: { resource: 'kyc', action: 'write', needsSecondFactor: false } },
        schema: {
          tags: ['kyc'],
          summary: 'Upload a document (raw JPEG, PNG or PDF body), stored encrypted',
          operationId: 'uploadKycDocument',
          params: Type.Object({ caseId: Uuid, kind: Type.Union(kycDocumentKinds.map((k) => Type.Literal(k))) }),
          response: errors,
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        const { caseId, kind } = request.params;
        if ((await ownCase(caseId, principal.accountId)).state !== 'draft')
          throw new AppError('KYC_CASE_SUBMITTED', 'This case was already submitted.');
        const bytes = request.body;
        if (!Buffer.isBuffer(bytes))
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            'Send the file itself as the body (image/jpeg, image/png or application/pdf).',
          );
        const contentType = checkDocument(kind, request.headers['content-type'] ?? '', bytes);
        const documentId = randomUUID();
        let written = false;
        try {
          await withTransaction(db.pool, async (client) => {
            // The case's row lock orders this upload and a submit (which takes it too): the
            // state, the bounds and the insert are decided together, never on a stale read.
            const locked = await client.query<{ state: string }>(
              'SELECT state FROM kyc_cases WHERE id = $1 AND account_id = $2 FOR UPDATE',
              [caseId, principal.accountId],
            );
            if (locked.rows[0] === undefined) throw new AppError('NOT_FOUND', 'No such KYC case of yours.');
            if (locked.rows[0].state !== 'draft')
              throw new AppError('KYC_CASE_SUBMITTED', 'This case was already submitted.');
            const held = await client.query<{ n: number; bytes: string }>(
              'SELECT count(*)::int AS n, coalesce(sum(size_bytes), 0)::bigint AS bytes FROM kyc_documents WHERE case_id = $1',
              [caseId],
            );
            const n = Number(held.rows[0]?.n ?? 0);
            const total = Number(held.rows[0]?.bytes ?? 0);
            if (n >= kycDocumentsPerCaseMax)
              throw new AppError(
                'KYC_CASE_FULL',
                `A case holds at most ${String(kycDocumentsPerCaseMax)} documents; open a new case if these are wrong.`,
              );
            if (total + bytes.length > kycCaseMaxBytes)
              throw new AppError(
                'KYC_CASE_FULL',
                `A case holds at most ${String(kycCaseMaxBytes / 1024 / 1024)} MiB of documents.`,
              );
            await store.write(documentId, bytes, client);
            written = true;
            await client.query(
              'INSERT INTO kyc_documents (id, case_id, kind, content_type, size_bytes) VALUES ($1, $2, $3, $4, $5)',
              [documentId, caseId, kind, contentType, bytes.length],
            );
          });
        } catch (error) {
          // No record committed: no sealed file left behind either.
          if (written) await store.remove(documentId);
          throw error;
        }
        return reply.status(201).send({ documentId, kind, contentType, sizeBytes: bytes.length });
      },
    );

    app.post(
      '/v1/kyc/cases/:caseId/submit',
      {
        config: { access: { resource: 'kyc', action: 'write', needsSecondFactor: false } },
        schema: {
          tags: ['kyc'],
          summary: 'Consent and submit: automatic checks, then manual review',
          operationId: 'submitKycCase',
          params: Type.Object({ caseId: Uuid }),
          body: Type.Object(
            { consent: Type.Literal(true), consentVersion: Type.Literal(kycConsentVersion) },
            { additionalProperties: false },
          ),
          response: errors,
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const { caseId } = request.params;
        if ((await ownCase(caseId, principal.accountId)).state !== 'draft')
          throw new AppError('KYC_CASE_SUBMITTED', 'This case was already submitted.');
        // The latest document of each kind is the one under review.
        const latestDocuments = async (q: Pick<typeof db.pool, 'query'>): Promise<Map<string, string>> => {
          const { rows } = await q.query<{ id: string; kind: string }>(
            'SELECT DISTINCT ON (kind) id, kind FROM kyc_documents WHERE case_id = $1 ORDER BY kind, created_at DESC, id',
            [caseId],
          );
          return new Map(rows.map((r) => [r.kind, r.id]));
        };
        const latest = await latestDocuments(db.pool);
        const photoId = latest.get('photo');
        const idDocumentId = latest.get('id_document');
        if (photoId === undefined || idDocumentId === undefined)
          throw new AppError('VALIDATION_FAILED', 'Upload an identity document and a photo before submitting.');
        // The biometric provider is called without holding the case's lock; what it compared is checked again under it.
        const checks = {
          hasIdDocument: true,
          hasPhoto: true,
          biometric: await runBiometricCheck(biometrics, await store.read(photoId), await store.read(idDocumentId)),
        };
        const documents = await withTransaction(db.pool, async (client) => {
          const locked = await client.query<{ state: string }>(
            'SELECT state FROM kyc_cases WHERE id = $1 AND account_id = $2 FOR UPDATE',
            [caseId, principal.accountId],
          );
          if (locked.rows[0]?.state !== 'draft')
            throw new AppError('KYC_CASE_SUBMITTED', 'This case was already submitted.');
          const now = await latestDocuments(client);
          if (now.get('photo') !== photoId || now.get('id_document') !== idDocumentId)
            throw new AppError('CONFLICT', 'A document changed while the case was being checked: submit again.');
          const count = await client.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM kyc_documents WHERE case_id = $1',
            [caseId],
          );
          // clock_timestamp(): the moment the lock was held, after every document that came before it.
          await client.query(
            "UPDATE kyc_cases SET state = 'in_review', consent_version = $2, consent_at = clock_timestamp(), submitted_at = clock_timestamp(), checks = $3 WHERE id = $1",
            [caseId, kycConsentVersion, JSON.stringify(checks)],
          );
          const n = Number(count.rows[0]?.n ?? 0);
          await appendAudit(client, {
            actor: { accountId: principal.accountId, label: 'self' },
            action: 'kyc.submitted',
            subject: { type: 'kyc_case', id: caseId },
            place: `ip:${request.ip}`,
            detail: { consentVersion: kycConsentVersion, checks, documents: n },
          });
          return n;
        });
        return { caseId, state: 'in_review', checks, documents };
      },
    );

    app.get(
      '/v1/kyc/cases/:caseId/documents/:documentId',
      {
        config: { access: { resource: 'kyc', action: 'read', needsSecondFactor: false } },
        schema: {
          tags: ['kyc'],
          summary: 'Read a document: its holder, or an admin (audited)',
          operationId: 'readKycDocument',
          params: Type.Object({ caseId: Uuid, documentId: Uuid }),
          response: errors,
        },
      },
      async (request, reply) => {
        const { principal, scope } = principalOf(request);
        const { caseId, documentId } = request.params;
        // KYC documents are narrower than account data: the holder and admins, not the hierarchy.
        const admin = scope === 'all' && principal.secondFactor;
        const { rows } = await db.pool.query<{ content_type: string }>(
          'SELECT d.content_type FROM kyc_documents d JOIN kyc_cases c ON c.id = d.case_id WHERE d.id = $1 AND c.id = $2 AND ($3 OR c.account_id = $4)',
          [documentId, caseId, admin, principal.accountId],
        );
        const document = rows[0];
        if (document === undefined) throw new AppError('NOT_FOUND', 'No such document you may read.');
        await withTransaction(db.pool, (c) =>
          appendAudit(c, {
            actor: { accountId: principal.accountId, label: principal.profile },
            action: 'kyc.document_read',
            subject: { type: 'kyc_document', id: documentId },
            place: `ip:${request.ip}`,
            detail: { caseId },
          }),
        );
        return reply
          .type(document.content_type)
          .header('cache-control', 'no-store')
          .send(await store.read(documentId));
      },
    );

    app.get(
      '/v1/admin/kyc/queue',
      {
        config: { access: { resource: 'kyc_review', action: 'read', needsSecondFactor: true } },
        schema: {
          tags: ['kyc'],
          summary: 'Cases waiting for manual review',
          operationId: 'kycQueue',
          response: errors,
        },
      },
      async () => {
        const { rows } = await db.pool.query(
          `SELECT c.id AS "caseId", c.account_id AS "accountId", a.display_name AS "displayName", a.profile, c.submitted_at AS "submittedAt", c.checks,
                  (SELECT json_agg(json_build_object('documentId', d.id, 'kind', d.kind, 'contentType', d.content_type)) FROM kyc_documents d WHERE d.case_id = c.id) AS documents
           FROM kyc_cases c JOIN accounts a ON a.id = c.account_id WHERE c.state = 'in_review' ORDER BY c.submitted_at LIMIT 200`,
        );
        return { cases: rows };
      },
    );

    app.post(
      '/v1/admin/kyc/cases/:caseId/decision',
      {
        config: { access: { resource: 'kyc_review', action: 'administer', needsSecondFactor: true } },
        schema: {
          tags: ['kyc'],
          summary: 'Approve (ISMAIL ID and card) or reject with a reason',
          operationId: 'decideKycCase',
          params: Type.Object({ caseId: Uuid }),
          body: Type.Object(
            { approve: Type.Boolean(), reason: Type.String({ minLength: 3, maxLength: 500 }) },
            { additionalProperties: false },
          ),
          response: errors,
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const { caseId } = request.params;
        const { approve, reason } = request.body;
        await requireRecentSecondFactor(db.pool, request);
        const actor = { accountId: principal.accountId, label: principal.profile, place: `ip:${request.ip}` };
        return withTransaction(db.pool, async (client) => {
          const { rows } = await client.query<{ account_id: string; state: string }>(
            'SELECT account_id, state FROM kyc_cases WHERE id = $1 FOR UPDATE',
            [caseId],
          );
          const kycCase = rows[0];
          if (kycCase === undefined) throw new AppError('NOT_FOUND', 'No such KYC case.');
          if (kycCase.state !== 'in_review')
            throw new AppError('CONFLICT', `This case is ${kycCase.state}, not waiting for review.`);
          await client.query(
            'UPDATE kyc_cases SET state = $2, reviewer_id = $3, decided_at = now(), decision_reason = $4 WHERE id = $1',
            [caseId, approve ? 'approved' : 'rejected', principal.accountId, reason],
          );
          await appendAudit(client, {
            actor,
            action: approve ? 'kyc.approved' : 'kyc.rejected',
            subject: { type: 'kyc_case', id: caseId },
            place: actor.place,
            detail: { reason, accountId: kycCase.account_id },
          });
          if (!approve) return { caseId, state: 'rejected' };
          const ismailId = await activateAccount(client, kycCase.account_id, actor);
          const card = await cards.issue(client, kycCase.account_id, actor);
          return { caseId, state: 'approved', ismailId, cardId: card.cardId };
        });
      },
    );
  };
}
