/**
 * /v1/debt-collection/tasks and the formal notices (issue 26): the creditor and its agents list the tasks the
 * scenarios left (a call, a letter, a hand-off to legal) and mark them done with a note; the file's creditor and
 * debtor download a formal notice as PDF. Partners only for the tasks, refused before the body is read.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ownerOf, partnerOf } from '../identity/request-owner.js';
import type { LifecycleContext } from './lifecycle-context.js';
import { actorOf, creditorsOnly, debtAccess, debtTags } from './lifecycle-routes.js';
import { TaskSchema } from './lifecycle-view.js';
import { letterPdf, markTaskDone, tasksOfCreditor } from './tasks.js';

export function taskRoutes(ctx: LifecycleContext) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/debt-files/:fileId/letters/:taskId',
      {
        config: { access: debtAccess('read') },
        schema: {
          tags: debtTags,
          summary: 'The formal notice (mise en demeure) of a letter task, as PDF (the file’s creditor or debtor)',
          operationId: 'debtFormalNoticePdf',
          params: Type.Object({ fileId: Uuid, taskId: Uuid }),
          response: withErrors({
            200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'application/pdf' }),
          }),
        },
      },
      async (request, reply) => {
        const me = await ownerOf(ctx.db, request);
        const pdf = await letterPdf(ctx.db, me, request.params.fileId, request.params.taskId);
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="mise-en-demeure-${request.params.taskId}.pdf"`)
          .header('cache-control', 'private, no-store')
          .send(pdf);
      },
    );

    await app.register(async (scoped) => {
      const creditor = scoped.withTypeProvider<TypeBoxTypeProvider>();
      creditor.addHook('preValidation', async (request) => {
        await partnerOf(ctx.db, request, creditorsOnly);
      });
      creditor.get(
        '/v1/debt-collection/tasks',
        {
          config: { access: debtAccess('read') },
          schema: {
            tags: debtTags,
            summary: 'The tasks the reminder scenarios left for me and my agents (calls, letters, legal)',
            operationId: 'debtTasks',
            querystring: Type.Object(
              {
                status: Type.Optional(
                  Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('cancelled')]),
                ),
              },
              { additionalProperties: false },
            ),
            response: withErrors({ 200: Type.Object({ tasks: Type.Array(TaskSchema) }) }),
          },
        },
        async (request) => ({
          tasks: await tasksOfCreditor(ctx.db, await ownerOf(ctx.db, request), request.query.status),
        }),
      );
      creditor.post(
        '/v1/debt-collection/tasks/:taskId/done',
        {
          config: { access: debtAccess('modify') },
          schema: {
            tags: debtTags,
            summary: 'Mark a task done, with a note (a call’s outcome, the letter’s sending)',
            operationId: 'completeDebtTask',
            params: Type.Object({ taskId: Uuid }),
            body: Type.Optional(
              Type.Object(
                { note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })) },
                { additionalProperties: false },
              ),
            ),
            response: withErrors({ 200: Type.Object({ task: TaskSchema }) }),
          },
        },
        async (request) => ({
          task: await markTaskDone(
            ctx.db,
            await actorOf(ctx, request),
            request.params.taskId,
            request.body?.note,
            ctx.now(),
          ),
        }),
      );
    });
  };
}
