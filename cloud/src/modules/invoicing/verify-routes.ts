/**
 * Public checks of a printed invoice (rate-limited): anyone holding the printed QR checks the document against the
 * archive by its id and hash, or, for a hub's ticket (which knows only its own number), by number and hash.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, type InvoiceDraft } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { InvoiceParams as Params, invoiceTags as tags } from './invoice-guards.js';

export function invoiceVerifyRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    // A hub's ticket carries its own number and hash (the hub does not know the cloud's id): the same check by number.
    app.get(
      '/v1/invoices/verify',
      {
        config: { access: 'public', rateLimit: { max: 120, timeWindow: 60_000 } },
        schema: {
          tags,
          summary: 'Check a printed invoice by its number and hash (tickets printed by hubs)',
          operationId: 'verifyInvoiceByNumber',
          querystring: Type.Object(
            {
              number: Type.String({ pattern: '^[A-Za-z0-9-]{1,80}$' }),
              hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        const query = request.query;
        const { rows } = await db.pool.query<{
          number: string;
          issued_at: Date;
          totals: { grossXof: number };
          document: InvoiceDraft;
          clearance_status: string;
        }>(
          "SELECT number, issued_at, totals, document, clearance_status FROM invoices WHERE number = $1 AND content_hash = $2 AND status = 'issued'",
          [query.number, query.hash],
        );
        const row = rows[0];
        if (row === undefined)
          throw new AppError(
            'NOT_FOUND',
            'No invoice matches this code (a hub ticket is found once the hub has synced).',
          );
        return {
          genuine: true,
          number: row.number,
          issuedAt: row.issued_at.toISOString(),
          seller: row.document.seller.legalName,
          grossXof: row.totals.grossXof,
          clearance: row.clearance_status,
        };
      },
    );

    // Anyone holding the printed QR can check the document is genuine: the hash is the key.
    app.get(
      '/v1/invoices/:invoiceId/verify',
      {
        config: { access: 'public', rateLimit: { max: 120, timeWindow: 60_000 } },
        schema: {
          tags,
          summary: 'Check a printed invoice against the archive',
          operationId: 'verifyInvoice',
          params: Params,
          querystring: Type.Object({ hash: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
        },
      },
      async (request) => {
        const { invoiceId } = request.params;
        const { rows } = await db.pool.query<{
          number: string;
          issued_at: Date;
          totals: { grossXof: number };
          document: InvoiceDraft;
          content_hash: string;
          clearance_status: string;
        }>(
          "SELECT number, issued_at, totals, document, content_hash, clearance_status FROM invoices WHERE id = $1 AND status = 'issued'",
          [invoiceId],
        );
        const row = rows[0];
        if (row === undefined || row.content_hash !== request.query.hash)
          throw new AppError('NOT_FOUND', 'No invoice matches this code.');
        return {
          genuine: true,
          number: row.number,
          issuedAt: row.issued_at.toISOString(),
          seller: row.document.seller.legalName,
          grossXof: row.totals.grossXof,
          clearance: row.clearance_status,
        };
      },
    );
  };
}
