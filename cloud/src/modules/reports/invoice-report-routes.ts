/**
 * Invoices' reports and exports over HTTP (moved from invoicing/ in issue 27, paths and operationIds unchanged): the
 * caller's monthly tax report, every line of a period as a streamed XLSX, one issued invoice as PDF, XLSX, CSV or
 * ESC/POS bytes from the archive, and its tax authority QR as modules.
 */
import { PassThrough } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { withErrors } from '../../platform/http/schemas.js';
import { qrMatrix, QrMatrixSchema } from '../identity/qr-matrix.js';
import {
  InvoiceParams as Params,
  invoiceAccess as access,
  invoiceTags as tags,
  type InvoiceGuards,
} from '../invoicing/invoice-guards.js';
import { exportInvoice, invoiceFormats } from '../invoicing/render/export.js';
import { sellerLogo } from '../invoicing/seller-identity.js';
import { monthlyTaxReport } from './tax-report.js';
import { periodLines, writeLinesXlsx } from '../invoicing/render/xlsx-stream.js';

export function invoiceReportRoutes(db: Database, publicUrl: string, { ownerOf, readable }: InvoiceGuards) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/invoices/reports/tax',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'My monthly tax report: totals per tax group, credit notes subtracted',
          operationId: 'taxReport',
          querystring: Type.Object(
            { period: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => monthlyTaxReport(db, await ownerOf(principalOf(request).principal), request.query.period),
    );

    app.get(
      '/v1/invoices/exports/lines',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'Every line of my issued documents in a period, as a streamed XLSX (credit notes negative)',
          operationId: 'exportInvoiceLines',
          querystring: Type.Object(
            { from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const q = request.query;
        const from = new Date(q.from);
        const to = new Date(q.to);
        if (!(from < to)) throw new AppError('VALIDATION_FAILED', 'from must be before to');
        const owner = await ownerOf(principalOf(request).principal);
        const out = new PassThrough();
        writeLinesXlsx(periodLines(db, owner, from, to), out).catch((error: unknown) =>
          out.destroy(error instanceof Error ? error : new Error(String(error))),
        );
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', 'attachment; filename="lignes.xlsx"')
          .send(out);
      },
    );

    app.get(
      '/v1/invoices/:invoiceId/qr',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: "The tax authority's QR of a certified invoice (mine, or addressed to me), as modules to draw",
          operationId: 'getInvoiceQr',
          params: Params,
          response: withErrors({ 200: QrMatrixSchema }),
        },
      },
      async (request) => {
        const record = await readable(request, request.params.invoiceId);
        if (record.qrData === null || record.qrData === '')
          throw new AppError('NOT_FOUND', 'This invoice has no tax authority QR (not certified yet).');
        return qrMatrix(record.qrData);
      },
    );

    app.get(
      '/v1/invoices/:invoiceId/export',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'An issued invoice (mine, or addressed to me) as PDF (A4 or ticket), XLSX, CSV or ESC/POS bytes',
          operationId: 'exportInvoice',
          params: Params,
          querystring: Type.Object(
            { format: Type.Union(invoiceFormats.map((f) => Type.Literal(f))) },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        // Its recipient downloads it too (the buyer's copy).
        const record = await readable(request, request.params.invoiceId);
        if (record.status !== 'issued') throw new AppError('CONFLICT', 'Only an issued invoice can be exported.');
        const exported = await exportInvoice(
          record,
          request.query.format,
          publicUrl,
          await sellerLogo(db.pool, record.issuerAccountId),
        );
        return reply
          .type(exported.contentType)
          .header('content-disposition', `attachment; filename="${record.number ?? record.id}.${exported.extension}"`)
          .send(exported.bytes);
      },
    );
  };
}
