/**
 * /v1/support/tickets…: customers open claims about their own records and follow them; the partner concerned reads,
 * replies, notes internally and closes; admins do all of it. A ticket the caller has no place in answers 404. Writes
 * are refused to read-only staff by the access matrix; the ids and roles come from the session and the records.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import { principalOf } from '../../platform/http/access-plugin.js';
import { IdempotencyHeaders, Uuid, withErrors } from '../../platform/http/schemas.js';
import { idempotencyKeyOf, ownerOf } from '../identity/request-owner.js';
import { checkAttachments } from './attachments.js';
import type { SupportContext } from './context.js';
import { aboutTypes, messageMaxChars, ticketCategories, ticketStatuses } from './model.js';
import { listTickets } from './search.js';
import { addMessage, closeTicket, rateTicket } from './thread.js';
import { openTicket } from './tickets.js';
import { MessageSchema, TicketSchema, TicketSummarySchema, ticketFor, ticketThread, type Viewer } from './views.js';

const access = (action: 'read' | 'write') => ({ resource: 'support', action, needsSecondFactor: false }) as const;
const tags = ['support'];
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const TicketParams = Type.Object({ ticketId: Uuid });
const Attachments = Type.Array(Uuid, { maxItems: 5 });
const Body = Type.String({ minLength: 1, maxLength: messageMaxChars });
export const adminProfiles: readonly string[] = ['hyper_admin', 'super_admin', 'admin'];

export async function viewerOf(context: SupportContext, request: FastifyRequest): Promise<Viewer> {
  const { principal } = principalOf(request);
  return {
    accountId: principal.accountId,
    ownerId: await ownerOf(context.db, request),
    // As on the admin routes: an admin session without its second factor sees only its own claims.
    isAdmin: adminProfiles.includes(principal.profile) && principal.secondFactor,
  };
}

export function supportRoutes(context: SupportContext) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/v1/support/tickets',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Open a claim (about one of my orders, bookings, services, invoices, debt files or cards)',
          operationId: 'openSupportTicket',
          headers: IdempotencyHeaders,
          body: Type.Object(
            {
              category: literals(ticketCategories),
              about: Type.Optional(
                Type.Object({ type: literals(aboutTypes), id: Uuid }, { additionalProperties: false }),
              ),
              subject: Type.String({ minLength: 1, maxLength: 200 }),
              message: Body,
              attachmentIds: Type.Optional(Attachments),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: TicketSummarySchema }),
        },
      },
      async (request, reply) => {
        const viewer = await viewerOf(context, request);
        const { ticketId } = await openTicket(
          context,
          { customerId: viewer.ownerId, accountId: viewer.accountId },
          { ...request.body, idempotencyKey: idempotencyKeyOf(request) },
        );
        // A retry answers the first ticket the same way (201): the phone cannot tell it retried.
        return reply.status(201).send((await ticketThread(context, ticketId, viewer)).ticket);
      },
    );

    app.get(
      '/v1/support/tickets',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'My claims (as customer) and those concerning me (as partner), newest first, with search',
          operationId: 'listSupportTickets',
          querystring: Type.Object(
            {
              status: Type.Optional(literals(ticketStatuses)),
              q: Type.Optional(Type.String({ maxLength: 100 })),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
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
      async (request) => listTickets(context, (await viewerOf(context, request)).ownerId, request.query),
    );

    app.get(
      '/v1/support/tickets/:ticketId',
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary:
            "A claim's thread (internal notes only for the partner concerned and admins) and the customer's others",
          operationId: 'getSupportTicket',
          params: TicketParams,
          response: withErrors({
            200: Type.Object({
              ticket: TicketSchema,
              messages: Type.Array(MessageSchema),
              history: Type.Array(TicketSummarySchema),
            }),
          }),
        },
      },
      async (request) => ticketThread(context, request.params.ticketId, await viewerOf(context, request)),
    );

    app.post(
      '/v1/support/tickets/:ticketId/messages',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Reply in a claim (reopens a closed one), or add an internal note (partner concerned, admins)',
          operationId: 'replySupportTicket',
          params: TicketParams,
          body: Type.Object(
            { body: Body, internal: Type.Optional(Type.Boolean()), attachmentIds: Type.Optional(Attachments) },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: MessageSchema }),
        },
      },
      async (request, reply) => {
        const viewer = await viewerOf(context, request);
        const { role } = await ticketFor(context, request.params.ticketId, viewer);
        const attachmentIds = request.body.attachmentIds ?? [];
        await checkAttachments(context, viewer.ownerId, attachmentIds);
        const added = await addMessage(
          context,
          request.params.ticketId,
          { accountId: viewer.accountId, role },
          { body: request.body.body, internal: request.body.internal ?? false, channel: 'portal', attachmentIds },
        );
        const thread = await ticketThread(context, request.params.ticketId, viewer);
        const message = thread.messages.find((m) => m.id === added.messageId);
        if (message === undefined) throw new AppError('CONFLICT', "Le message n'a pas été enregistré, réessayez.");
        return reply.status(201).send(message);
      },
    );

    app.post(
      '/v1/support/tickets/:ticketId/close',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Close a claim with its resolution (partner concerned, admin, or the customer their own)',
          operationId: 'closeSupportTicket',
          params: TicketParams,
          body: Type.Object(
            { resolution: Type.String({ minLength: 1, maxLength: 2000 }) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: TicketSummarySchema }),
        },
      },
      async (request) => {
        const viewer = await viewerOf(context, request);
        const { role } = await ticketFor(context, request.params.ticketId, viewer);
        await closeTicket(
          context,
          request.params.ticketId,
          { accountId: viewer.accountId, role },
          request.body.resolution,
        );
        return (await ticketThread(context, request.params.ticketId, viewer)).ticket;
      },
    );

    app.post(
      '/v1/support/tickets/:ticketId/rating',
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: 'Rate the answer to my closed claim (1 to 5, once)',
          operationId: 'rateSupportTicket',
          params: TicketParams,
          body: Type.Object(
            {
              score: Type.Integer({ minimum: 1, maximum: 5 }),
              comment: Type.Optional(Type.String({ maxLength: 1000 })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: TicketSummarySchema }),
        },
      },
      async (request) => {
        const viewer = await viewerOf(context, request);
        const { ticket, role } = await ticketFor(context, request.params.ticketId, viewer);
        if (role !== 'customer') throw new AppError('FORBIDDEN', 'Seul le client qui a ouvert la réclamation la note.');
        await rateTicket(context, ticket, viewer.ownerId, request.body.score, request.body.comment);
        return (await ticketThread(context, ticket.id, viewer)).ticket;
      },
    );
  };
}
