/**
 * A person opening their own account (client or partner, pending until KYC), by the sign-up form or
 * after a social sign-in: one insert, audited. An email already in use is never taken over: the
 * caller answers CONFLICT and the person signs in (or links) with that account's password.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { appendAudit } from '../../platform/audit/audit-log.js';

export interface SelfSignUp {
  readonly profile: 'client' | 'partner';
  readonly firstName: string;
  readonly lastName: string;
  /** Already normalised (trimmed, lower case). */
  readonly email: string;
  readonly passwordHash: string;
  readonly country: string;
}

/** The new account's id, or null when the email is already in use (nothing written). */
export async function insertSelfSignedUpAccount(
  client: pg.PoolClient,
  person: SelfSignUp,
  audit: { readonly place: string; readonly detail: Record<string, unknown> },
): Promise<string | null> {
  const id = randomUUID();
  const inserted = await client.query(
    `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, country)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (email) DO NOTHING`,
    [
      id,
      person.profile,
      `${person.firstName} ${person.lastName}`,
      person.firstName,
      person.lastName,
      person.email,
      person.passwordHash,
      person.country,
    ],
  );
  if (inserted.rowCount !== 1) return null;
  await appendAudit(client, {
    actor: { accountId: id, label: 'self' },
    action: 'account.signed_up',
    subject: { type: 'account', id },
    place: audit.place,
    detail: { profile: person.profile, ...audit.detail },
  });
  return id;
}
