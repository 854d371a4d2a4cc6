/** What every part of the support module works with: the database, the business clock, links, mail and notices. */
import type pg from 'pg';
import type { Database } from '../../platform/db/database.js';
import type { Documents } from '../../platform/documents/types.js';
import type { NotificationService } from '../notifications/service.js';

export interface SupportContext {
  readonly db: Database;
  /** The test clock when there is one: deadlines, escalation and the reference's year follow it. */
  readonly now: () => Date;
  readonly publicUrl: string;
  /** The domain of support+<token>@… reply addresses. */
  readonly mailDomain: string;
  readonly notifications: NotificationService;
  readonly documents: () => Documents;
}

/** The ticket row as the module reads it. */
export interface TicketRow {
  id: string;
  reference: string;
  customer_id: string;
  category: string;
  about_type: string | null;
  about_id: string | null;
  partner_id: string | null;
  assignee_id: string | null;
  subject: string;
  status: 'open' | 'waiting_customer' | 'closed';
  level: 'support' | 'admin' | 'super_admin';
  sla_hours: number;
  sla_due_at: Date;
  first_response_at: Date | null;
  closed_at: Date | null;
  resolution: string | null;
  rating: number | null;
  rating_comment: string | null;
  reply_token: string;
  created_at: Date;
  updated_at: Date;
}

/** Locks the ticket for the rest of the transaction (replies, closes and the job serialise on it). */
export async function lockTicket(client: pg.PoolClient, ticketId: string): Promise<TicketRow | undefined> {
  const { rows } = await client.query<TicketRow>('SELECT * FROM support_tickets WHERE id = $1 FOR UPDATE', [ticketId]);
  return rows[0];
}

export async function firstNameOf(client: pg.PoolClient, accountId: string): Promise<string> {
  const { rows } = await client.query<{ name: string | null }>(
    'SELECT coalesce(first_name, display_name) AS name FROM accounts WHERE id = $1',
    [accountId],
  );
  return (rows[0]?.name ?? 'client').slice(0, 100);
}
