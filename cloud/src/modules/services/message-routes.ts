/**
 * /v1/services/requests/:requestId/threads/:providerId: the messages between a request's client and one provider it
 * was sent to (read, send, mark read). Only those two (a provider's staff act for it); anyone else finds nothing.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../platform/db/database.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ownerOf } from '../identity/request-owner.js';
import type { NotificationService } from '../notifications/service.js';
import { listMessages, markThreadRead, messagePageMax, sendMessage } from './messages.js';

const access = (action: 'read' | 'write') => ({ resource: 'services', action, needsSecondFactor: false }) as const;
const tags = ['services'];

const MessageSchema = Type.Object({
  id: Type.String(),
  senderId: Type.String(),
  mine: Type.Boolean(),
  body: Type.String({ description: 'Masked for the reader while no appointment exists between them on this request' }),
  photoId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  readAt: Type.Union([Type.String(), Type.Null()]),
});
const ThreadParams = Type.Object({ requestId: Uuid, providerId: Uuid });

export function servicesMessageRoutes(db: Database, notifications: NotificationService, publicUrl: string) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const base = '/v1/services/requests/:requestId/threads/:providerId';

    app.get(
      `${base}/messages`,
      {
        config: { access: access('read') },
        schema: {
          tags,
          summary: 'The messages of my thread with a provider (or a client) about a request, oldest first',
          description:
            "Contact details written by the other side are masked (`masked: true`) until an appointment exists between the two on this request. Poll with `after` = the last message's id.",
          operationId: 'listServiceMessages',
          params: ThreadParams,
          querystring: Type.Object(
            {
              after: Type.Optional(
                Type.String({
                  minLength: 1,
                  maxLength: 40,
                  description: 'A message id of this thread, or an ISO time',
                }),
              ),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: messagePageMax, default: messagePageMax })),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Type.Object({ messages: Type.Array(MessageSchema), masked: Type.Boolean() }) }),
        },
      },
      async (request) =>
        listMessages(db, await ownerOf(db, request), request.params.requestId, request.params.providerId, {
          after: request.query.after,
          limit: request.query.limit ?? messagePageMax,
        }),
    );

    app.post(
      `${base}/messages`,
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary:
            'Send a message (text up to 2000 characters, a photo I uploaded, or both); pushed live to the other side',
          operationId: 'sendServiceMessage',
          params: ThreadParams,
          body: Type.Object(
            { body: Type.Optional(Type.String({ maxLength: 2000 })), photoId: Type.Optional(Uuid) },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: MessageSchema }),
        },
      },
      async (request, reply) => {
        const message = await sendMessage(
          db,
          notifications,
          publicUrl,
          await ownerOf(db, request),
          request.params.requestId,
          request.params.providerId,
          request.body,
        );
        return reply.status(201).send(message);
      },
    );

    app.post(
      `${base}/read`,
      {
        config: { access: access('write') },
        schema: {
          tags,
          summary: "Mark the other side's messages of this thread read (they see it as readAt)",
          operationId: 'markServiceThreadRead',
          params: ThreadParams,
          response: withErrors({ 200: Type.Object({ read: Type.Integer() }) }),
        },
      },
      async (request) => ({
        read: await markThreadRead(db, await ownerOf(db, request), request.params.requestId, request.params.providerId),
      }),
    );
  };
}
