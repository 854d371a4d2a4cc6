/**
 * /v1/admin/support/…: the admins' queue (open tickets, overdue first), assigning a ticket to an admin, and the SLA
 * hours per category. Admins only (resource support_admin, with the second factor as every admin route).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { AppError } from '@ismail/shared';
import type { SupportContext, TicketRow } from './context.js';
import { ticketCategories, ticketLevels, ticketStatuses, type TicketCategory } from './model.js';
import { adminQueue } from './search.js';
import { assignTicket } from './thread.js';
import { TicketSummarySchema, summaryOf } from './views.js';

const access = (action: 'read' | 'modify') => ({ resource: 'support_admin', action, needsSecondFactor: true }) as const;
const tags = ['support'];
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Hours = Type.Integer({ minimum: 1, maximum: 720 });
const SlaSchema = Type.Object({
  hours: Type.Object(
    Object.fromEntries(ticketCategories.map((c) => [c, Hours])) as Record<TicketCategory, typeof Hours>,
  ),
});

async function slaOf(context: SupportContext) {
  const { rows } = await context.db.pool.query<{ category: TicketCategory; hours: number }>(
    'SELECT category, hours FROM support_sla',
  );
  return { hours: Object.fromEntries(rows.map((r) => [r.category, r.hours])) as Record<TicketCategory, number> };
}

export function supportAdminRoutes(context: SupportContext) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/v1/admin/support/tickets',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'The support queue: open claims by default, the most overdue first; filters and search',
          operationId: 'adminSupportQueue',
          querystring: Type.Object(
            {
              status: Type.Optional(literals(ticketStatuses)),
              level: Type.Optional(literals(ticketLevels)),
              q: Type.Optional(Type.String({ maxLength: 100 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
              before: Type.Optional(Type.String({ maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({
              tickets: Type.Array(TicketSummarySchema),
              next: Type.Union([Type.String(), Type.Null()]),
            }),
          }),
        },
      },
      async (request) => adminQueue(context, request.query),
    );

    app.post(
      '/v1/admin/support/tickets/:ticketId/assign',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Give a claim to an admin (notified)',
          operationId: 'adminAssignSupportTicket',
          params: Type.Object({ ticketId: Uuid }),
          body: Type.Object({ accountId: Uuid }, { additionalProperties: false }),
          response: withErrors({ 200: TicketSummarySchema }),
        },
      },
      async (request) => {
        const adminId = principalOf(request).principal.accountId;
        await assignTicket(context, request.params.ticketId, adminId, request.body.accountId);
        const { rows } = await context.db.pool.query<TicketRow>('SELECT * FROM support_tickets WHERE id = $1', [
          request.params.ticketId,
        ]);
        const ticket = rows[0];
        if (ticket === undefined) throw new AppError('NOT_FOUND', 'Réclamation introuvable.');
        return summaryOf(ticket, context.now());
      },
    );

    app.get(
      '/v1/admin/support/sla',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'Hours an answer may take, per claim category',
          operationId: 'adminSupportSla',
          response: withErrors({ 200: SlaSchema }),
        },
      },
      async () => slaOf(context),
    );

    app.put(
      '/v1/admin/support/sla',
      {
        config: { access: access('modify') },
        schema: {
          tags,
          summary: 'Change the hours per category (new claims take them; open ones keep theirs)',
          operationId: 'adminSetSupportSla',
          body: Type.Object({ hours: Type.Partial(SlaSchema.properties.hours) }, { additionalProperties: false }),
          response: withErrors({ 200: SlaSchema }),
        },
      },
      async (request) => {
        const adminId = principalOf(request).principal.accountId;
        const changes = Object.entries(request.body.hours).filter(
          (entry): entry is [string, number] => typeof entry[1] === 'number',
        );
        await withTransaction(context.db.pool, async (client) => {
          for (const [category, hours] of changes)
            await client.query(
              'UPDATE support_sla SET hours = $2, updated_at = now(), updated_by = $3 WHERE category = $1',
              [category, hours, adminId],
            );
          await appendAudit(client, {
            actor: { accountId: adminId, label: adminId },
            action: 'support.sla_changed',
            subject: { type: 'support_sla', id: 'all' },
            place: 'cloud',
            detail: { hours: Object.fromEntries(changes) },
          });
        });
        return slaOf(context);
      },
    );
  };
}
