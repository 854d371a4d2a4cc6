/**
 * The admin queue of uncertain clearances (issue 18): invoices a tax authority may have
 * certified without our knowing, which only a person can settle by checking its portal;
 * and their resolution, "it is there, with this reference" or "it is absent: send it
 * again". Admins with the second factor; every resolution is audited
 * (invoicing/clearance-resolution.ts).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { resolveClearance } from './clearance-resolution.js';
import { listUncertainInvoices } from './uncertain-queue.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';

// `administer`, not `read`: partners read their own invoices, but not this queue of everyone's.
const administer = { resource: 'invoices', action: 'administer', needsSecondFactor: true } as const;
const tags = ['admin', 'invoices'];
const Note = Type.String({
  minLength: 3,
  maxLength: 500,
  description: 'What was checked on the portal, for the audit log',
});

const ResolutionSchema = Type.Union([
  Type.Object(
    {
      outcome: Type.Literal('certified'),
      authorityReference: Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'As read on the portal: the FNE number or the code MECeF/DGI',
      }),
      qrData: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 2000,
          description: 'The QR content (FNE verification URL, e-MECeF QR string), when the portal shows it',
        }),
      ),
      certifiedAt: Type.Optional(
        Type.String({ format: 'date-time', description: 'When the authority certified it; default: now' }),
      ),
      note: Note,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      outcome: Type.Literal('resubmit'),
      absentFromPortal: Type.Literal(true, {
        description: 'The admin states the invoice is absent from the portal: only then is it sent again',
      }),
      note: Note,
    },
    { additionalProperties: false },
  ),
]);

const UncertainInvoiceSchema = Type.Object({
  invoiceId: Type.String(),
  number: Type.String(),
  kind: Type.Union([Type.Literal('invoice'), Type.Literal('credit_note')]),
  issuerAccountId: Type.String(),
  sellerName: Type.String(),
  authority: Type.Union([Type.Literal('fne'), Type.Literal('emecef')]),
  amountXof: Type.Integer(),
  issuedAt: Type.String(),
  uncertainSince: Type.String(),
  reason: Type.String(),
  searchFor: Type.Union([Type.String(), Type.Null()]),
  portalCheck: Type.String(),
});

export function clearanceAdminRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/admin/invoices/uncertain',
      {
        config: { access: administer },
        schema: {
          tags,
          summary:
            'Invoices whose certification is uncertain and waits for a person, oldest first, with what to check on the portal',
          operationId: 'adminListUncertainInvoices',
          querystring: Type.Object(
            { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({ invoices: Type.Array(UncertainInvoiceSchema), more: Type.Boolean() }),
          }),
        },
      },
      async (request) => listUncertainInvoices(db, request.query.limit ?? 100),
    );

    app.post(
      '/v1/admin/invoices/:invoiceId/clearance-resolution',
      {
        config: { access: administer },
        schema: {
          tags,
          summary:
            'Resolve an uncertain certification: certified (reference read on the portal) or resubmit (absent from the portal)',
          operationId: 'adminResolveClearance',
          params: Type.Object({ invoiceId: Uuid }),
          body: ResolutionSchema,
          response: withErrors({
            200: Type.Object({
              invoiceId: Type.String(),
              number: Type.String(),
              authority: Type.String(),
              clearanceStatus: Type.String(),
              authorityReference: Type.Union([Type.String(), Type.Null()]),
            }),
          }),
        },
      },
      async (request) => {
        const { principal } = principalOf(request);
        const { invoiceId } = request.params;
        return resolveClearance(db, invoiceId, request.body, {
          accountId: principal.accountId,
          label: principal.profile,
          place: `ip:${request.ip}`,
        });
      },
    );
  };
}
