/**
 * POST /v1/debt-collection/imports (API.md §Files): a partner's CSV or XLSX of debts, checked line by line; a dry run
 * or a file with any bad line writes nothing. Partner-only, decided before the body is read.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { withErrors } from '../../platform/http/schemas.js';
import { ownerOf, partnerOf } from '../identity/request-owner.js';
import { importDebtFiles } from './import.js';
import { importFileMaxBytes } from './import-parse.js';

/** The file travels base64 (4 characters per 3 bytes) in JSON. */
const base64MaxChars = Math.ceil(importFileMaxBytes / 3) * 4;
/** The JSON around it: the file name and the flag. */
const bodyLimitBytes = base64MaxChars + 4096;

export function debtImportRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.addHook('preValidation', async (request) => {
      await partnerOf(db, request, 'Réservé aux créanciers (comptes partenaires).');
    });
    app.post(
      '/v1/debt-collection/imports',
      {
        bodyLimit: bodyLimitBytes,
        config: { access: { resource: 'debt_collection', action: 'write', needsSecondFactor: false } },
        schema: {
          tags: ['debt-collection'],
          summary:
            'Import my debt files from a CSV or XLSX (≤ 2 Mo, ≤ 5 000 lignes), columns reference, nom, telephone, email, ismail_id, libelle, montant, frais, echeance (AAAA-MM-JJ or JJ/MM/AAAA); a dry run lists the bad lines and writes nothing; re-importing creates nothing twice',
          operationId: 'importDebtFiles',
          body: Type.Object(
            {
              filename: Type.String({ minLength: 1, maxLength: 200 }),
              contentBase64: Type.String({ minLength: 1, maxLength: base64MaxChars, pattern: '^[A-Za-z0-9+/=\\s]*$' }),
              dryRun: Type.Boolean(),
            },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({
              lines: Type.Integer(),
              valid: Type.Integer(),
              errors: Type.Array(Type.Object({ line: Type.Integer(), field: Type.String(), message: Type.String() })),
              created: Type.Integer(),
              existing: Type.Integer(),
            }),
          }),
        },
      },
      async (request) => {
        const actor = { owner: await ownerOf(db, request), self: principalOf(request).principal.accountId };
        const { filename, contentBase64, dryRun } = request.body;
        return importDebtFiles(db, actor, { filename, content: Buffer.from(contentBase64, 'base64'), dryRun });
      },
    );
  };
}
