/**
 * The holder's own KYC status for the client portal (SPEC 3.12): the account's state and ISMAIL
 * ID, the latest case with its documents (metadata only) and, when rejected, the reviewer's
 * reason; and the limits the cloud applies to uploads, so the phone checks a file before
 * sending it over 3G. Only the caller's own account is ever read.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, ErrorBodySchema } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { kycCaseMaxBytes, kycContentTypes, kycDocumentKinds, kycDocumentMaxBytes } from './documents.js';
import { kycConsentVersion } from './routes.js';

const errors: Record<string, TSchema> = { '4xx': ErrorBodySchema };
const str = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

const MyKycSchema = Type.Object({
  account: Type.Object({
    status: Type.String(),
    profile: Type.String(),
    firstName: Type.Union([Type.String(), Type.Null()]),
    ismailId: Type.Union([Type.String(), Type.Null()]),
  }),
  case: Type.Union([
    Type.Null(),
    Type.Object({
      caseId: Type.String(),
      state: str(['draft', 'in_review', 'approved', 'rejected']),
      createdAt: Type.String(),
      submittedAt: Type.Union([Type.String(), Type.Null()]),
      decidedAt: Type.Union([Type.String(), Type.Null()]),
      /** The reviewer's words, shown to the holder only for a rejection. */
      reason: Type.Union([Type.String(), Type.Null()]),
      documents: Type.Array(
        Type.Object({ kind: str(kycDocumentKinds), contentType: Type.String(), sizeBytes: Type.Integer() }),
        { maxItems: 20 },
      ),
    }),
  ]),
  limits: Type.Object({
    documentMaxBytes: Type.Integer(),
    caseMaxBytes: Type.Integer(),
    contentTypes: Type.Array(Type.String()),
    consentVersion: Type.String(),
  }),
});

interface CaseRow {
  caseId: string;
  state: 'draft' | 'in_review' | 'approved' | 'rejected';
  createdAt: Date;
  submittedAt: Date | null;
  decidedAt: Date | null;
  reason: string | null;
}

export function kycHolderRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/kyc/cases/mine',
      {
        config: { access: { resource: 'kyc', action: 'read', needsSecondFactor: false } },
        schema: {
          tags: ['kyc'],
          summary: 'My KYC status: my latest case, its documents, and the upload limits',
          operationId: 'getMyKyc',
          response: { 200: MyKycSchema, ...errors },
        },
      },
      async (request, reply) => {
        const { principal } = principalOf(request);
        const account = await db.pool.query<{
          status: string;
          profile: string;
          firstName: string | null;
          ismailId: string | null;
        }>('SELECT status, profile, first_name AS "firstName", ismail_id AS "ismailId" FROM accounts WHERE id = $1', [
          principal.accountId,
        ]);
        if (account.rows[0] === undefined) throw new AppError('NOT_FOUND', 'No such account.');
        const cases = await db.pool.query<CaseRow>(
          `SELECT id AS "caseId", state, created_at AS "createdAt", submitted_at AS "submittedAt",
                  decided_at AS "decidedAt", decision_reason AS reason
           FROM kyc_cases WHERE account_id = $1 ORDER BY created_at DESC, id LIMIT 1`,
          [principal.accountId],
        );
        const latest = cases.rows[0];
        const documents =
          latest === undefined
            ? []
            : (
                await db.pool.query<{ kind: string; contentType: string; sizeBytes: number }>(
                  `SELECT DISTINCT ON (kind) kind, content_type AS "contentType", size_bytes::int AS "sizeBytes"
                   FROM kyc_documents WHERE case_id = $1 ORDER BY kind, created_at DESC, id`,
                  [latest.caseId],
                )
              ).rows;
        reply.header('cache-control', 'no-store');
        return {
          account: account.rows[0],
          case:
            latest === undefined
              ? null
              : {
                  caseId: latest.caseId,
                  state: latest.state,
                  createdAt: latest.createdAt.toISOString(),
                  submittedAt: latest.submittedAt?.toISOString() ?? null,
                  decidedAt: latest.decidedAt?.toISOString() ?? null,
                  reason: latest.state === 'rejected' ? latest.reason : null,
                  documents,
                },
          limits: {
            documentMaxBytes: kycDocumentMaxBytes,
            caseMaxBytes: kycCaseMaxBytes,
            contentTypes: [...kycContentTypes],
            consentVersion: kycConsentVersion,
          },
        };
      },
    );
  };
}
