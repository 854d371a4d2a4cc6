/**
 * /v1/debt-files/:fileId/{lifecycle,promises,plans,disputes} (issue 26, API.md §Lifecycle): the file's creditor (or
 * its staff) and its debtor read the lifecycle, make promises and open disputes; the creditor alone makes plans,
 * cancels and resolves. Anyone else gets 404. Creditor-only routes refuse other profiles before the body is read.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ownerOf, partnerOf } from '../identity/request-owner.js';
import { cancelPlan, createPlan } from './plans.js';
import { cancelPromise, createPromise } from './promises.js';
import { openDispute, resolveDispute } from './disputes.js';
import type { LifecycleActor, LifecycleContext } from './lifecycle-context.js';
import { planGraceDaysDefault, planInstalmentsMax } from './lifecycle-rules.js';
import { DebtFileSchema } from './file-view.js';
import {
  DisputeSchema,
  LifecycleSchema,
  PlanSchema,
  PromiseSchema,
  creditorFileView,
  lifecycleOf,
} from './lifecycle-view.js';

export const debtAccess = (action: 'read' | 'write' | 'modify') =>
  ({ resource: 'debt_collection', action, needsSecondFactor: false }) as const;
export const debtTags = ['debt-collection'];
export const creditorsOnly = 'Réservé aux créanciers (comptes partenaires).';
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const FileParams = Type.Object({ fileId: Uuid });

export async function actorOf(ctx: LifecycleContext, request: FastifyRequest): Promise<LifecycleActor> {
  return { ownerId: await ownerOf(ctx.db, request), accountId: principalOf(request).principal.accountId };
}

export function lifecycleRoutes(ctx: LifecycleContext) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/debt-files/:fileId/lifecycle',
      {
        config: { access: debtAccess('read') },
        schema: {
          tags: debtTags,
          summary: 'A debt file’s promises, payment plans, disputes and tasks (its creditor, agent or debtor)',
          operationId: 'debtFileLifecycle',
          params: FileParams,
          response: withErrors({ 200: LifecycleSchema }),
        },
      },
      async (request) => {
        const lifecycle = await lifecycleOf(ctx.db, request.params.fileId, await ownerOf(ctx.db, request));
        if (lifecycle === null) throw new AppError('NOT_FOUND', 'Dossier introuvable.');
        return lifecycle;
      },
    );
    app.post(
      '/v1/debt-files/:fileId/promises',
      {
        config: { access: debtAccess('write') },
        schema: {
          tags: debtTags,
          summary: 'Promise to pay an amount by a date (within 60 days): reminders pause until then',
          operationId: 'createDebtPromise',
          params: FileParams,
          body: Type.Object(
            { amountXof: Type.Integer({ minimum: 1 }), promisedOn: Day },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: Type.Object({ promise: PromiseSchema }) }),
        },
      },
      async (request, reply) =>
        reply.status(201).send({
          promise: await createPromise(ctx, await actorOf(ctx, request), request.params.fileId, request.body),
        }),
    );
    app.post(
      '/v1/debt-files/:fileId/disputes',
      {
        config: { access: debtAccess('write') },
        schema: {
          tags: debtTags,
          summary: 'Contest a debt file: everything pauses until the creditor decides',
          operationId: 'openDebtDispute',
          params: FileParams,
          body: Type.Object(
            { reason: Type.String({ minLength: 1, maxLength: 1000 }) },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: Type.Object({ dispute: DisputeSchema }) }),
        },
      },
      async (request, reply) =>
        reply.status(201).send({
          dispute: await openDispute(ctx, await actorOf(ctx, request), request.params.fileId, request.body.reason),
        }),
    );

    // The creditor's decisions: partners only, decided before the body is validated.
    await app.register(async (scoped) => {
      const creditor = scoped.withTypeProvider<TypeBoxTypeProvider>();
      creditor.addHook('preValidation', async (request) => {
        await partnerOf(ctx.db, request, creditorsOnly);
      });
      creditor.post(
        '/v1/debt-files/:fileId/promises/:promiseId/cancel',
        {
          config: { access: debtAccess('modify') },
          schema: {
            tags: debtTags,
            summary: 'Cancel a pending promise: reminders resume',
            operationId: 'cancelDebtPromise',
            params: Type.Object({ fileId: Uuid, promiseId: Uuid }),
            response: withErrors({ 200: Type.Object({ promise: PromiseSchema }) }),
          },
        },
        async (request) => ({
          promise: await cancelPromise(
            ctx,
            await actorOf(ctx, request),
            request.params.fileId,
            request.params.promiseId,
          ),
        }),
      );
      creditor.post(
        '/v1/debt-files/:fileId/plans',
        {
          config: { access: debtAccess('write') },
          schema: {
            tags: debtTags,
            summary: 'Agree a payment plan: instalments summing to exactly what is left; reminders pause',
            operationId: 'createDebtPlan',
            params: FileParams,
            body: Type.Object(
              {
                instalments: Type.Array(
                  Type.Object({ dueOn: Day, amountXof: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
                  { minItems: 1, maxItems: planInstalmentsMax },
                ),
                graceDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 30, default: planGraceDaysDefault })),
              },
              { additionalProperties: false },
            ),
            response: withErrors({ 201: Type.Object({ plan: PlanSchema }) }),
          },
        },
        async (request, reply) =>
          reply.status(201).send({
            plan: await createPlan(ctx, await actorOf(ctx, request), request.params.fileId, request.body),
          }),
      );
      creditor.post(
        '/v1/debt-files/:fileId/plans/:planId/cancel',
        {
          config: { access: debtAccess('modify') },
          schema: {
            tags: debtTags,
            summary: 'Cancel an active payment plan: reminders resume',
            operationId: 'cancelDebtPlan',
            params: Type.Object({ fileId: Uuid, planId: Uuid }),
            response: withErrors({ 200: Type.Object({ plan: PlanSchema }) }),
          },
        },
        async (request) => ({
          plan: await cancelPlan(ctx, await actorOf(ctx, request), request.params.fileId, request.params.planId),
        }),
      );
      creditor.post(
        '/v1/debt-files/:fileId/disputes/:disputeId/resolve',
        {
          config: { access: debtAccess('modify') },
          schema: {
            tags: debtTags,
            summary: 'Decide a dispute: upheld writes the file off, rejected resumes it',
            operationId: 'resolveDebtDispute',
            params: Type.Object({ fileId: Uuid, disputeId: Uuid }),
            body: Type.Object(
              {
                outcome: Type.Union([Type.Literal('upheld'), Type.Literal('rejected')]),
                resolution: Type.String({ minLength: 1, maxLength: 1000 }),
              },
              { additionalProperties: false },
            ),
            response: withErrors({ 200: Type.Object({ dispute: DisputeSchema, file: DebtFileSchema }) }),
          },
        },
        async (request) => {
          const { fileId, disputeId } = request.params;
          const dispute = await resolveDispute(ctx, await actorOf(ctx, request), fileId, disputeId, request.body);
          return { dispute, file: await creditorFileView(ctx.db, fileId) };
        },
      );
    });
  };
}
