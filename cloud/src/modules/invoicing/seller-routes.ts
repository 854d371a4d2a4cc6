/**
 * The issuer's identity on its invoices over HTTP (issue 19.8): what it may say about itself
 * (trade name, street address, RCCM, tax office, phone) and its logo, a PNG or JPEG of at
 * most 256 KiB checked by magic bytes. The tax ID and regime are not here: they come with
 * KYC and admins. Drafts take all of it from the account, never from the draft's body.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, type Principal } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { actingOwner } from '../identity/owner.js';
import {
  checkLogo,
  deleteSellerLogo,
  logoContentTypes,
  logoMaxBytes,
  sellerIdentity,
  setSellerDetails,
  setSellerLogo,
} from './seller-identity.js';

const access = (action: 'read' | 'modify' | 'delete') =>
  ({ resource: 'invoices', action, needsSecondFactor: false }) as const;
const tags = ['invoices'];
/** null clears a field; a field left out keeps its value. */
const Clearable = (maxLength: number) =>
  Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength }), Type.Null()]));
const DetailsSchema = Type.Object(
  {
    tradeName: Clearable(200),
    address: Clearable(300),
    rccm: Clearable(60),
    taxOffice: Clearable(100),
    phone: Type.Optional(Type.Union([Type.String({ pattern: '^\\+?[0-9 ]{6,30}$', maxLength: 30 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export function invoiceSellerRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const ownerOf = (principal: Principal): Promise<string> => actingOwner(db, principal);
    app.addContentTypeParser(
      [...logoContentTypes],
      { parseAs: 'buffer', bodyLimit: logoMaxBytes },
      (_request, body, done) => done(null, body),
    );

    app.get(
      '/v1/invoices/seller',
      {
        config: { access: access('read') },
        schema: { tags, summary: 'The seller identity my invoices print', operationId: 'getInvoiceSeller' },
      },
      async (request) => sellerIdentity(db.pool, await ownerOf(principalOf(request).principal)),
    );

    app.put(
      '/v1/invoices/seller',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Set my address, RCCM, trade name, tax office or phone as invoices print them',
          operationId: 'setInvoiceSeller',
          body: DetailsSchema,
        },
      },
      async (request) => {
        const owner = await ownerOf(principalOf(request).principal);
        await setSellerDetails(db.pool, owner, request.body);
        return sellerIdentity(db.pool, owner);
      },
    );

    app.put(
      '/v1/invoices/seller/logo',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Set the logo on my invoices (raw PNG or JPEG body, up to 256 KiB)',
          operationId: 'setInvoiceLogo',
        },
      },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body))
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the image itself as the body (image/png or image/jpeg).');
        const contentType = checkLogo(request.headers['content-type'] ?? '', request.body);
        await setSellerLogo(db.pool, await ownerOf(principalOf(request).principal), contentType, request.body);
        return reply.status(204).send();
      },
    );

    app.delete(
      '/v1/invoices/seller/logo',
      {
        config: { access: access('delete') },
        schema: { tags, summary: "Remove my logo (invoices show ISMAIL's mark)", operationId: 'deleteInvoiceLogo' },
      },
      async (request, reply) => {
        await deleteSellerLogo(db.pool, await ownerOf(principalOf(request).principal));
        return reply.status(204).send();
      },
    );
  };
}
