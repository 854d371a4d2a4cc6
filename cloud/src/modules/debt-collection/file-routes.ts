/**
 * /v1/debt-files writes and /v1/debt-collection/agents (API.md §Files): a partner opens a file (by hand or from one
 * of its issued invoices), changes it, and its staff list; the creditor or the file's agent adds notes. Partner-only
 * routes refuse other profiles before the body is validated (the access matrix sees 403, not 400).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ownerOf, partnerOf } from '../identity/request-owner.js';
import { creditorAgents } from './agents.js';
import { DebtEventSchema, DebtFileSchema } from './file-view.js';
import type { DebtFileWrites } from './file-writes.js';
import { readableFile } from './routes.js';

const access = (action: 'read' | 'write' | 'modify') =>
  ({ resource: 'debt_collection', action, needsSecondFactor: false }) as const;
const tags = ['debt-collection'];
const partnersOnly = 'Réservé aux créanciers (comptes partenaires).';
const FileParams = Type.Object({ fileId: Uuid });
/** Whole FCFA, bounded well above any real debt of a shop or a landlord. */
const Xof = Type.Integer({ minimum: 1, maximum: 10_000_000_000 });
const Fees = Type.Integer({ minimum: 0, maximum: 10_000_000_000 });

const ManualBody = Type.Object(
  {
    debtor: Type.Union([
      Type.Object({ ismailId: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 160 }),
          phone: Type.Optional(Type.String({ maxLength: 30 })),
          email: Type.Optional(Type.String({ maxLength: 254 })),
        },
        { additionalProperties: false },
      ),
    ]),
    label: Type.String({ minLength: 1, maxLength: 200 }),
    principalXof: Xof,
    feesXof: Type.Optional(Fees),
    dueOn: Type.String({ minLength: 10, maxLength: 10 }),
    reference: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }),
    scenarioId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
const InvoiceBody = Type.Object(
  { invoiceId: Uuid, feesXof: Type.Optional(Fees), scenarioId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
const PatchBody = Type.Object(
  {
    assignedAgentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    feesXof: Type.Optional(Fees),
    scenarioId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    status: Type.Optional(Type.Union([Type.Literal('written_off'), Type.Literal('legal')])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export function debtFileWriteRoutes(db: Database, writes: DebtFileWrites) {
  return async (instance: FastifyInstance): Promise<void> => {
    await instance.register(async (scoped) => {
      const partner = scoped.withTypeProvider<TypeBoxTypeProvider>();
      // Creditors are partners: decided before the body is validated.
      partner.addHook('preValidation', async (request) => {
        await partnerOf(db, request, partnersOnly);
      });
      partner.post(
        '/v1/debt-files',
        {
          config: { access: access('write') },
          schema: {
            tags,
            summary:
              'Open a debt file against a debtor (ISMAIL ID, or name with phone/e-mail), idempotent by my reference; or from one of my issued invoices ({ invoiceId }: amount and debtor from the invoice)',
            operationId: 'createDebtFile',
            body: Type.Union([ManualBody, InvoiceBody]),
            response: withErrors({ 201: Type.Object({ file: DebtFileSchema, created: Type.Boolean() }) }),
          },
        },
        async (request, reply) => {
          const actor = { owner: await ownerOf(db, request), self: principalOf(request).principal.accountId };
          const { id, created } = await writes.create(actor, request.body);
          return reply.status(201).send({ file: await readableFile(db, id, actor.owner, actor.self), created });
        },
      );
      partner.patch(
        '/v1/debt-files/:fileId',
        {
          config: { access: access('modify') },
          schema: {
            tags,
            summary: 'Change my debt file: assign one of my staff, fees, my scenario, write it off or hand it to legal',
            operationId: 'updateDebtFile',
            params: FileParams,
            body: PatchBody,
            response: withErrors({ 200: Type.Object({ file: DebtFileSchema }) }),
          },
        },
        async (request) => {
          const actor = { owner: await ownerOf(db, request), self: principalOf(request).principal.accountId };
          await writes.patch(actor, request.params.fileId, request.body);
          return { file: await readableFile(db, request.params.fileId, actor.owner, actor.self) };
        },
      );
      partner.get(
        '/v1/debt-collection/agents',
        {
          config: { access: access('read') },
          schema: {
            tags,
            summary: 'My staff, who may be assigned my debt files',
            operationId: 'debtCollectionAgents',
            response: withErrors({
              200: Type.Object({ agents: Type.Array(Type.Object({ id: Uuid, name: Type.String() })) }),
            }),
          },
        },
        async (request) => ({ agents: await creditorAgents(db, await ownerOf(db, request)) }),
      );
    });
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/debt-files/:fileId/notes',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Add a note to a debt file (its creditor or assigned agent)',
          operationId: 'noteDebtFile',
          params: FileParams,
          body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
          response: withErrors({ 201: Type.Object({ event: DebtEventSchema }) }),
        },
      },
      async (request, reply) => {
        const actor = { owner: await ownerOf(db, request), self: principalOf(request).principal.accountId };
        return reply.status(201).send({ event: await writes.note(actor, request.params.fileId, request.body.text) });
      },
    );
  };
}
