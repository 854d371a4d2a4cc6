/**
 * GET /v1/debt-files/:fileId/reminders (issue 26): the consolidated reminders that covered a file, with every contact
 * attempt (channel, status, masked destination). The file's creditor (or its staff) and its debtor only; anyone else
 * gets 404. An attempt handed to the notification outbox shows its delivery's latest status (sent, delivered, failed).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { Uuid, withErrors } from '../../platform/http/schemas.js';
import { ownerOf } from '../identity/request-owner.js';

const access = { resource: 'debt_collection', action: 'read', needsSecondFactor: false } as const;
/** A file is reminded at most once a day: a year of reminders is enough for a screen. */
const remindersMax = 366;

const ReminderSchema = Type.Object({
  id: Uuid,
  day: Type.String(),
  channels: Type.Array(Type.String()),
  status: Type.String(),
  totalDueXof: Type.Integer(),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  attempts: Type.Array(
    Type.Object({
      channel: Type.String(),
      status: Type.String(),
      destinationMasked: Type.Union([Type.String(), Type.Null()]),
      at: Type.String({ format: 'date-time' }),
    }),
  ),
});

interface Row {
  id: string;
  day: string;
  channels: string[];
  status: string;
  total_due_xof: string;
  sent_at: Date | null;
  attempts: { channel: string; status: string; destinationMasked: string | null; at: string }[];
}

export function reminderRoutes(db: Database) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/v1/debt-files/:fileId/reminders',
      {
        config: { access },
        schema: {
          tags: ['debt-collection'],
          summary: 'The reminders that covered a debt file, with each contact attempt (its creditor or debtor only)',
          operationId: 'debtFileReminders',
          params: Type.Object({ fileId: Uuid }),
          response: withErrors({ 200: Type.Object({ reminders: Type.Array(ReminderSchema) }) }),
        },
      },
      async (request) => {
        const me = await ownerOf(db, request);
        const { rows: files } = await db.pool.query(
          'SELECT 1 FROM collection_files WHERE id = $1 AND (creditor_id = $2 OR debtor_id = $2)',
          [request.params.fileId, me],
        );
        if (files.length === 0) throw new AppError('NOT_FOUND', 'Dossier introuvable.');
        const { rows } = await db.pool.query<Row>(
          `SELECT r.id, to_char(r.day, 'YYYY-MM-DD') AS day, r.channels, r.status, r.total_due_xof, r.sent_at,
              coalesce((SELECT json_agg(json_build_object(
                  'channel', a.channel,
                  'status', CASE WHEN d.status IN ('sent', 'delivered', 'failed') THEN d.status
                                 WHEN d.status IN ('read', 'clicked') THEN 'delivered' ELSE a.status END,
                  'destinationMasked', a.destination_masked,
                  'at', a.at) ORDER BY a.id)
                FROM collection_contact_attempts a LEFT JOIN notification_deliveries d ON d.id = a.notification_delivery_id
               WHERE a.reminder_id = r.id), '[]'::json) AS attempts
             FROM collection_reminders r WHERE $1::uuid = ANY(r.file_ids)
            ORDER BY r.day DESC LIMIT $2`,
          [request.params.fileId, remindersMax],
        );
        return {
          reminders: rows.map((r) => ({
            id: r.id,
            day: r.day,
            channels: r.channels,
            status: r.status,
            totalDueXof: Number(r.total_due_xof),
            sentAt: r.sent_at?.toISOString() ?? null,
            attempts: r.attempts.map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
          })),
        };
      },
    );
  };
}
