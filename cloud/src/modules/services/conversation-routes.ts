/**
 * The conversation side of Services (issue 24 items 6 and 7): messages between a request's client and its providers,
 * and reviews with their answers and reports. Registers both route groups; the logic is in messages.ts and reviews.ts.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.js';
import type { NotificationService } from '../notifications/service.js';
import { servicesMessageRoutes } from './message-routes.js';
import { servicesReviewRoutes } from './review-routes.js';

/** `publicUrl` starts the portal links of message notifications. */
export function servicesConversationRoutes(db: Database, notifications: NotificationService, publicUrl: string) {
  return async (instance: FastifyInstance): Promise<void> => {
    await instance.register(servicesMessageRoutes(db, notifications, publicUrl.replace(/\/$/, '')));
    await instance.register(servicesReviewRoutes(db));
  };
}
