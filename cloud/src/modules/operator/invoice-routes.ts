/**
 * /v1/operator/invoices: an invoice exported in a chosen format, and the monthly sealed archives (make, verify, read
 * one invoice back) for the operator's CLI.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { MasterKey } from '../../platform/crypto/sealed.js';
import { archiveMonth, openArchive, verifyArchive, type ArchivePlace } from '../invoicing/archive.js';
import { toRecord, type InvoiceRecord } from '../invoicing/invoices.js';
import { exportInvoice, invoiceFormats } from '../invoicing/render/export.js';
import type { Database } from '../../platform/db/database.js';

export function operatorInvoiceRoutes(db: Database, archive: { masterKey: MasterKey; dir: ArchivePlace }) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/operator/invoices/by-number/:number/export',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: 'Export an issued invoice by its number (for the CLI)',
          operationId: 'operatorExportInvoice',
          params: Type.Object({ number: Type.String({ maxLength: 80 }) }),
          querystring: Type.Object({
            format: Type.Union(invoiceFormats.map((f) => Type.Literal(f))),
            issuer: Type.Optional(Type.String({ maxLength: 40 })),
          }),
        },
      },
      async (request, reply) => {
        const { number } = request.params;
        const { format, issuer } = request.query;
        const { rows } = await db.pool.query(
          "SELECT * FROM invoices WHERE number = $1 AND status = 'issued' AND ($2::text IS NULL OR issuer_account_id::text = $2)",
          [number, issuer ?? null],
        );
        if (rows.length === 0) throw new AppError('NOT_FOUND', `No issued invoice ${number}.`);
        if (rows.length > 1)
          throw new AppError('CONFLICT', `Several issuers have an invoice ${number}: give --issuer <account id>.`);
        const exported = await exportInvoice(
          toRecord(rows[0] as Parameters<typeof toRecord>[0]),
          format,
          'http://127.0.0.1:8080',
        );
        return reply.type(exported.contentType).send(exported.bytes);
      },
    );

    const Period = Type.Object({ period: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' }) });
    app.post(
      '/v1/operator/invoices/archives',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: "Seal a finished month's issued invoices into the archive (once)",
          operationId: 'operatorArchiveInvoices',
          body: Period,
        },
      },
      async (request) => {
        const { period } = request.body;
        const result = await archiveMonth(db, archive.masterKey, archive.dir, period);
        return { manifest: result.manifest, written: result.written };
      },
    );
    app.get(
      '/v1/operator/invoices/archives/:period',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: "Open a month's archive and compare it with the database",
          operationId: 'operatorVerifyInvoiceArchive',
          params: Period,
        },
      },
      async (request) => verifyArchive(db, archive.masterKey, archive.dir, request.params.period),
    );
    app.get(
      '/v1/operator/invoices/archives/:period/invoices/:number',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['operator'],
          summary: 'Re-export an invoice from the archive',
          operationId: 'operatorExportArchivedInvoice',
          params: Type.Object({ period: Period.properties.period, number: Type.String({ maxLength: 80 }) }),
          querystring: Type.Object({
            format: Type.Union(invoiceFormats.map((f) => Type.Literal(f))),
            issuer: Type.Optional(Type.String({ maxLength: 40 })),
          }),
        },
      },
      async (request, reply) => {
        const { period, number } = request.params;
        const { format, issuer } = request.query;
        const matches = (await openArchive(archive.masterKey, archive.dir, period)).records.filter(
          (r) => r.number === number && (issuer === undefined || r.issuerAccountId === issuer),
        );
        if (matches.length === 0) throw new AppError('NOT_FOUND', `No invoice ${number} in the archive of ${period}.`);
        if (matches.length > 1)
          throw new AppError('CONFLICT', `Several issuers have an invoice ${number}: give --issuer <account id>.`);
        const exported = await exportInvoice(matches[0] as InvoiceRecord, format, 'http://127.0.0.1:8080');
        return reply.type(exported.contentType).send(exported.bytes);
      },
    );
  };
}
