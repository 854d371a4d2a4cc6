/**
 * /v1/real-estate/leases and /documents (issue 25): the listing's owner makes a lease (Idempotency-Key), each party
 * reads it, downloads its PDF, signs the exact bytes read, verifies a hash; the landlord states the deposit's return.
 * Landlord-only routes refuse other profiles before the body is read (the access matrix sees 403, not 400).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { IdempotencyHeaders, Uuid, withErrors } from '../../platform/http/schemas.js';
import { idempotencyKeyOf, ownerOf, partnerOf } from '../identity/request-owner.js';
import type { LeaseFlows } from './lease-flows.js';
import { leasesOf, partyOf } from './lease-read.js';
import {
  DepositReturnBody,
  LeaseListSchema,
  LeaseSchema,
  NewLeaseBody,
  SignBody,
  VerifyBody,
  VerifySchema,
} from './lease-schemas.js';

const access = (action: 'read' | 'write' | 'modify') =>
  ({ resource: 'real_estate', action, needsSecondFactor: false }) as const;
const tags = ['real-estate'];
const LeaseParams = Type.Object({ leaseId: Uuid });
const landlordsOnly = 'Réservé aux bailleurs (comptes partenaires propriétaires d’annonces).';

export function leaseRoutes(db: Database, flows: LeaseFlows) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    // Landlords are partners (they own listings): decided before the body is validated.
    await app.register(async (scoped) => {
      const landlord = scoped.withTypeProvider<TypeBoxTypeProvider>();
      landlord.addHook('preValidation', async (request) => {
        await partnerOf(db, request, landlordsOnly);
      });
      landlord.post(
        '/v1/real-estate/leases',
        {
          config: { access: access('write') },
          schema: {
            tags,
            summary: 'Make a lease from my listing for a tenant known by ISMAIL ID (checked against law 2018-575)',
            operationId: 'createLease',
            headers: IdempotencyHeaders,
            body: NewLeaseBody,
            response: withErrors({ 201: LeaseSchema }),
          },
        },
        async (request, reply) =>
          reply
            .status(201)
            .send(await flows.create(await ownerOf(db, request), request.body, idempotencyKeyOf(request))),
      );
      landlord.post(
        '/v1/real-estate/leases/:leaseId/deposit-return',
        {
          config: { access: access('modify') },
          schema: {
            tags,
            summary: 'State the return of the deposit (all or part), with its PDF statement',
            operationId: 'returnLeaseDeposit',
            params: LeaseParams,
            body: DepositReturnBody,
            response: withErrors({ 200: LeaseSchema }),
          },
        },
        async (request) => flows.returnDeposit(await ownerOf(db, request), request.params.leaseId, request.body),
      );
    });

    app.get(
      '/v1/real-estate/leases',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'My leases as landlord or as tenant (default), newest first',
          operationId: 'myLeases',
          querystring: Type.Object(
            { role: Type.Optional(Type.Union([Type.Literal('landlord'), Type.Literal('tenant')])) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: LeaseListSchema }),
        },
      },
      async (request) => ({
        leases: await leasesOf(db.pool, await ownerOf(db, request), request.query.role ?? 'tenant', flows.now()),
      }),
    );
    app.get(
      '/v1/real-estate/leases/:leaseId',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'A lease of mine with its signatures, rent schedule and documents',
          operationId: 'getLease',
          params: LeaseParams,
          response: withErrors({ 200: LeaseSchema }),
        },
      },
      async (request) => flows.view(request.params.leaseId, await ownerOf(db, request)),
    );
    app.post(
      '/v1/real-estate/leases/:leaseId/sign',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Sign the lease: typed name, drawn signature (PNG) and the SHA-256 of the document read',
          operationId: 'signLease',
          params: LeaseParams,
          body: SignBody,
          response: withErrors({ 200: LeaseSchema }),
        },
      },
      async (request) => flows.sign(await ownerOf(db, request), request.params.leaseId, request.body, request.ip),
    );
    app.post(
      '/v1/real-estate/leases/:leaseId/verify',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'Whether a SHA-256 is this lease’s document, and who signed those bytes',
          operationId: 'verifyLease',
          params: LeaseParams,
          body: VerifyBody,
          response: withErrors({ 200: VerifySchema }),
        },
      },
      async (request) => flows.verify(await ownerOf(db, request), request.params.leaseId, request.body.sha256),
    );
    app.get(
      '/v1/real-estate/documents/:documentId',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'A document of my lease (contract, receipt, deposit return) as PDF, bytes as issued',
          operationId: 'getLeaseDocument',
          params: Type.Object({ documentId: Uuid }),
          response: withErrors({
            200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'application/pdf' }),
          }),
        },
      },
      async (request, reply) => {
        const { rows } = await db.pool.query<{ lease_id: string; file_name: string; content: Buffer; sha256: string }>(
          'SELECT lease_id, file_name, content, sha256 FROM real_estate_documents WHERE id = $1',
          [request.params.documentId],
        );
        const doc = rows[0];
        if (doc === undefined) throw new AppError('NOT_FOUND', 'Document introuvable.');
        // Only a party of its lease: anyone else is told the document does not exist.
        await partyOf(db.pool, doc.lease_id, await ownerOf(db, request)).catch((error: unknown) => {
          throw error instanceof AppError && error.code === 'NOT_FOUND'
            ? new AppError('NOT_FOUND', 'Document introuvable.')
            : error;
        });
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${doc.file_name}"`)
          .header('x-content-sha256', doc.sha256)
          .header('cache-control', 'private, no-store')
          .send(doc.content);
      },
    );
  };
}
