/**
 * Finding whom to pay by their ISMAIL ID (the portal's transfer screen): only what a payer needs to be sure of the
 * recipient, a person's first name and last initial ("Awa K.") or a partner's trade name, never their account id,
 * email or phone. Refuses oneself, an unknown ID and an account that cannot receive (suspended, closed).
 */
import { AppError, ismailIdPattern } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';

export interface Recipient {
  readonly accountId: string;
  readonly ismailId: string;
  /** As the payer may see it (masked for a person). */
  readonly displayName: string;
}

interface RecipientRow {
  id: string;
  ismail_id: string;
  profile: string;
  status: string;
  display_name: string;
  first_name: string | null;
  last_name: string | null;
}

/** "Awa K.": enough to recognise someone you mean to pay, not enough to find them elsewhere. */
export function maskedName(row: Pick<RecipientRow, 'profile' | 'display_name' | 'first_name' | 'last_name'>): string {
  // A partner is a business: its trade name is on its shop front already.
  if (row.profile === 'partner') return row.display_name;
  const first = (row.first_name ?? row.display_name).trim().split(/\s+/)[0] ?? '';
  const last = (row.last_name ?? '').trim();
  return last.length === 0 ? first : `${first} ${last.charAt(0).toUpperCase()}.`;
}

export async function findRecipient(db: Database, payerId: string, ismailId: string): Promise<Recipient> {
  const normalised = ismailId.trim().toUpperCase();
  if (!ismailIdPattern.test(normalised)) throw new AppError('VALIDATION_FAILED', 'not an ISMAIL ID');
  const { rows } = await db.pool.query<RecipientRow>(
    `SELECT id, ismail_id, profile, status, display_name, first_name, last_name FROM accounts WHERE ismail_id = $1`,
    [normalised],
  );
  const row = rows[0];
  if (row === undefined) throw new AppError('NOT_FOUND', 'No account has this ISMAIL ID.');
  if (row.id === payerId) throw new AppError('CONFLICT', 'This ISMAIL ID is your own.');
  if (row.status !== 'active') throw new AppError('ACCOUNT_NOT_ACTIVE', 'This account cannot receive credits.');
  return { accountId: row.id, ismailId: row.ismail_id, displayName: maskedName(row) };
}
