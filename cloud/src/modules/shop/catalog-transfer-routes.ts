/**
 * /v1/shop/catalog/import and the exports (seed 3.17, issue 23): a partner (or staff with "write" delegated) sends a
 * CSV or XLSX file (base64 in JSON, at most catalogFileMaxBytes, catalogRowsMax products); `dryRun: true` lists
 * every row's problem and writes nothing; the import writes the valid rows once per file (its SHA-256), keyed by
 * SKU or barcode so a product updates instead of doubling. The catalog and the customers export as CSV or XLSX.
 */
import { PassThrough } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { withErrors } from '../../platform/http/schemas.js';
import { partnerOf } from '../identity/request-owner.js';
import { catalogColumns, catalogFileMaxBytes, checkRows, readCells } from './catalog-import.js';
import { dryRun, importRows } from './catalog-import-write.js';
import { catalogLines, customerColumns, customerLines, writeCsv, writeXlsx } from './catalog-export.js';

const access = (action: 'read' | 'write') => ({ resource: 'shop', action, needsSecondFactor: false }) as const;
const tags = ['shop'];
/** Problems listed in one answer (the count says how many there are in all). */
const problemsListedMax = 1_000;
const Format = Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]);
const base64MaxChars = Math.ceil(catalogFileMaxBytes / 3) * 4;

const ProblemSchema = Type.Object({ line: Type.Integer(), column: Type.String(), message: Type.String() });
const ImportAnswerSchema = Type.Object({
  dryRun: Type.Boolean(),
  lines: Type.Integer(),
  valid: Type.Integer(),
  problemCount: Type.Integer(),
  problems: Type.Array(ProblemSchema),
  result: Type.Optional(
    Type.Object({
      created: Type.Integer(),
      updated: Type.Integer(),
      unchanged: Type.Integer(),
      skipped: Type.Integer(),
    }),
  ),
  replayed: Type.Optional(Type.Boolean()),
});

const mime = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function catalogTransferRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const merchant = (request: FastifyRequest): Promise<string> =>
      partnerOf(db, request, 'Seuls les partenaires gèrent un catalogue.');

    app.post(
      '/v1/shop/catalog/import',
      {
        config: { access: access('write') },
        bodyLimit: base64MaxChars + 4_096,
        schema: {
          tags,
          summary: 'Import my catalog from CSV or XLSX: dry run lists every row problem; the same file writes once',
          operationId: 'importCatalog',
          body: Type.Object(
            {
              format: Format,
              fileBase64: Type.String({ minLength: 1, maxLength: base64MaxChars, pattern: '^[A-Za-z0-9+/=\\s]+$' }),
              dryRun: Type.Boolean(),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: ImportAnswerSchema }),
        },
      },
      async (request) => {
        const partnerId = await merchant(request);
        const { format, fileBase64, dryRun: onlyCheck } = request.body;
        const file = Buffer.from(fileBase64, 'base64');
        if (file.byteLength === 0) throw new AppError('VALIDATION_FAILED', 'Fichier vide.');
        const checked = checkRows(await readCells(format, file));
        const listed = (all: { line: number; column: string; message: string }[]) => ({
          problemCount: all.length,
          problems: all.slice(0, problemsListedMax),
        });
        if (onlyCheck) {
          const planned = await dryRun(db, partnerId, checked.rows);
          const all = [...checked.problems, ...planned.problems].sort((a, b) => a.line - b.line);
          return { dryRun: true, lines: checked.lines, valid: planned.writes.length, ...listed(all) };
        }
        const { principal } = principalOf(request);
        const done = await importRows(
          db,
          { accountId: principal.accountId, label: principal.profile },
          partnerId,
          file,
          checked.rows,
          checked.problems,
        );
        return {
          dryRun: false,
          lines: checked.lines,
          valid: done.result.created + done.result.updated + done.result.unchanged,
          ...listed(done.problems),
          result: done.result,
          replayed: done.replayed,
        };
      },
    );

    const exportQuery = Type.Object({ format: Format }, { additionalProperties: false });
    const exportRoute = (
      url: string,
      summary: string,
      operationId: string,
      name: string,
      header: readonly string[],
      lines: (partnerId: string) => AsyncIterable<(string | number)[]>,
    ) =>
      app.get(
        url,
        {
          config: { access: access('read') },
          schema: { tags, summary, operationId, querystring: exportQuery },
        },
        async (request, reply) => {
          const partnerId = await merchant(request);
          const { format } = request.query;
          const out = new PassThrough();
          const writing =
            format === 'csv' ? writeCsv(header, lines(partnerId), out) : writeXlsx(name, header, lines(partnerId), out);
          writing.catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
          return reply
            .type(mime[format])
            .header('content-disposition', `attachment; filename="${name}.${format}"`)
            .send(out);
        },
      );
    exportRoute(
      '/v1/shop/catalog/export',
      'My catalog as CSV or XLSX (the import columns: it imports back)',
      'exportCatalog',
      'catalogue',
      catalogColumns,
      (partnerId) => catalogLines(db, partnerId),
    );
    exportRoute(
      '/v1/shop/customers/export',
      'My customers (buyers of my orders) as CSV or XLSX',
      'exportCustomers',
      'clients',
      customerColumns,
      (partnerId) => customerLines(db, partnerId),
    );
  };
}
