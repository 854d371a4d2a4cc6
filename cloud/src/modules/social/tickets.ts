/**
 * Verified provider identities waiting for the person (social_tickets): 'unlinked' until they
 * link an existing account (after proving it) or sign up; 'second_factor' until they give the
 * linked account's authenticator code. The ticket is shown once; only its digest is kept.
 *
 * Must never hand a ticket out twice: it is marked used (compare-and-set) in the same transaction
 * as what it opens, so a wrong password keeps it and only one success spends it.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { VerifiedIdentity } from '../identity/oidc-relying-party.js';
import { digest } from './flows.js';
import { sweepRowsMax, ticketTtlS } from './limits.js';

export type TicketKind = 'unlinked' | 'second_factor';

export interface Ticket extends VerifiedIdentity {
  readonly hash: string;
  readonly kind: TicketKind;
  readonly providerLabel: string;
  readonly accountId: string | null;
}

interface TicketRow {
  ticket_hash: string;
  kind: TicketKind;
  issuer: string;
  subject: string;
  provider_label: string;
  email: string | null;
  email_verified: boolean;
  given_name: string | null;
  family_name: string | null;
  account_id: string | null;
}

export async function issueTicket(
  db: pg.Pool | pg.PoolClient,
  kind: TicketKind,
  identity: VerifiedIdentity,
  providerLabel: string,
  accountId: string | null,
): Promise<string> {
  const ticket = randomBytes(32).toString('base64url');
  await db.query(
    `INSERT INTO social_tickets (ticket_hash, kind, issuer, subject, provider_label, email, email_verified, given_name,
       family_name, account_id, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + make_interval(secs => $11))`,
    [
      digest(ticket),
      kind,
      identity.issuer,
      identity.subject,
      providerLabel,
      identity.email,
      identity.emailVerified,
      identity.givenName,
      identity.familyName,
      accountId,
      ticketTtlS,
    ],
  );
  await db.query(
    `DELETE FROM social_tickets WHERE ticket_hash IN (
       SELECT ticket_hash FROM social_tickets WHERE expires_at < now() - interval '1 hour' LIMIT $1)`,
    [sweepRowsMax],
  );
  return ticket;
}

/** A live ticket of this kind; undefined when unknown, used or expired. Read without a lock: spendTicket decides. */
export async function findTicket(
  db: pg.Pool | pg.PoolClient,
  ticket: string,
  kind: TicketKind,
): Promise<Ticket | undefined> {
  const { rows } = await db.query<TicketRow>(
    `SELECT ticket_hash, kind, issuer, subject, provider_label, email, email_verified, given_name, family_name, account_id
     FROM social_tickets WHERE ticket_hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > now()`,
    [digest(ticket), kind],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    hash: row.ticket_hash,
    kind: row.kind,
    issuer: row.issuer,
    subject: row.subject,
    providerLabel: row.provider_label,
    email: row.email,
    emailVerified: row.email_verified,
    givenName: row.given_name,
    familyName: row.family_name,
    accountId: row.account_id,
  };
}

/** Marks the ticket used, in the transaction of what it opens: of two racing uses, one gets true. */
export async function spendTicket(client: pg.PoolClient, hash: string): Promise<boolean> {
  const spent = await client.query(
    'UPDATE social_tickets SET used_at = now() WHERE ticket_hash = $1 AND used_at IS NULL AND expires_at > now()',
    [hash],
  );
  return spent.rowCount === 1;
}
