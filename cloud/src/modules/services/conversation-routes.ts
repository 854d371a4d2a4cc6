/** Placeholder while the conversation routes (messages, reviews) are written; replaced by their author. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.js';
import type { NotificationService } from '../notifications/service.js';

export function servicesConversationRoutes(db: Database, notifications: NotificationService) {
  return async (instance: FastifyInstance): Promise<void> => {
    void db;
    void notifications;
    void instance;
  };
}
