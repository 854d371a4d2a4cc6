/**
 * The machine administrator's maintenance of this hub: export the unsynced work to an
 * encrypted bundle, unpair or wipe (refused while unsynced work is in no bundle), and import
 * a bundle on a replacement machine. The passphrase travels in a header the logs redact.
 * Schemas: shared/src/hub-api/maintenance.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AppError,
  hubBinaryResponse,
  HubBundleExportRequestSchema,
  HubBundleImportResponseSchema,
  HubErrorResponses,
  HubUnpairRequestSchema,
  HubUnpairResponseSchema,
} from '@ismail/shared';
import { principalOf, type HubAuth } from '../http/hub-auth.js';
import { bundleMaxBytes } from '../maintenance/bundle.js';
import type { HubMaintenance } from '../maintenance/hub-maintenance.js';
import type { SyncClient } from '../sync/sync-client.js';

export const bundlePassphraseHeader = 'x-bundle-passphrase';

export function maintenanceRoutes(options: { auth: HubAuth; maintenance: HubMaintenance; sync: SyncClient }) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const errors = HubErrorResponses;
    app.addHook('onRequest', options.auth.guard('admin'));
    app.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: bundleMaxBytes },
      (_request, body, done) => done(null, body),
    );

    app.post(
      '/api/v1/maintenance/export',
      {
        schema: {
          body: HubBundleExportRequestSchema,
          response: {
            200: hubBinaryResponse(
              ['application/octet-stream'],
              'The sealed bundle (its id and operation count in x-bundle-id, x-bundle-operations)',
            ),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const bundle = options.maintenance.export(request.body.passphrase, principalOf(request).accountId);
        return reply
          .header('content-type', 'application/octet-stream')
          .header('content-disposition', `attachment; filename="hub-bundle-${bundle.id}.ismail"`)
          .header('x-bundle-id', bundle.id)
          .header('x-bundle-operations', String(bundle.operations))
          .send(bundle.bytes);
      },
    );

    app.post(
      '/api/v1/maintenance/unpair',
      { schema: { body: HubUnpairRequestSchema, response: { 200: HubUnpairResponseSchema, ...errors } } },
      async (request) => {
        const body = request.body;
        return options.maintenance.unpair(
          { confirmHubId: body.hubId, wipe: body.wipe === true },
          principalOf(request).accountId,
        );
      },
    );

    // The body is the bundle's bytes (application/octet-stream), read by the parser above, not a schema.
    app.post(
      '/api/v1/maintenance/import',
      { bodyLimit: bundleMaxBytes, schema: { response: { 200: HubBundleImportResponseSchema, ...errors } } },
      async (request) => {
        const passphrase = request.headers[bundlePassphraseHeader];
        if (typeof passphrase !== 'string' || passphrase.length === 0)
          throw new AppError(
            'VALIDATION_FAILED',
            `Send the bundle's passphrase in the ${bundlePassphraseHeader} header.`,
          );
        if (!Buffer.isBuffer(request.body))
          throw new AppError('VALIDATION_FAILED', 'Send the bundle as application/octet-stream.');
        const imported = options.maintenance.import(request.body, passphrase, principalOf(request).accountId);
        options.sync.nudge();
        return imported;
      },
    );
  };
}
