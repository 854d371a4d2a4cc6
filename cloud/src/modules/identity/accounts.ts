/**
 * Account activation: the moment an account gets its ISMAIL ID (SPEC 3.2: only after KYC
 * approval). The ID, the status change and the audit entry commit together.
 */
import type pg from 'pg';
import { AppError, type ProfileKey } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { allocateIsmailId } from './ismail-id-allocator.js';

/** Country settings the identity module needs; the full country table arrives with the wallet. */
const timeZoneByCountry: Readonly<Record<string, string>> = {
  CI: 'Africa/Abidjan',
  SN: 'Africa/Dakar',
  BJ: 'Africa/Porto-Novo',
  TG: 'Africa/Lome',
  BF: 'Africa/Ouagadougou',
  ML: 'Africa/Bamako',
  NE: 'Africa/Niamey',
  GW: 'Africa/Bissau',
  GH: 'Africa/Accra',
  NG: 'Africa/Lagos',
};

export interface Actor {
  readonly accountId?: string | undefined;
  readonly label: string;
  readonly place: string;
}

export async function activateAccount(
  client: pg.PoolClient,
  accountId: string,
  actor: Actor,
  at = new Date(),
): Promise<string> {
  const { rows } = await client.query<{
    profile: ProfileKey;
    country: string;
    status: string;
    ismail_id: string | null;
  }>('SELECT profile, country, status, ismail_id FROM accounts WHERE id = $1 FOR UPDATE', [accountId]);
  const account = rows[0];
  if (account === undefined) throw new AppError('NOT_FOUND', 'No such account.');
  if (account.ismail_id !== null) return account.ismail_id;
  const timeZone = timeZoneByCountry[account.country];
  if (timeZone === undefined) throw new AppError('VALIDATION_FAILED', `Country ${account.country} is not configured.`);
  const ismailId = await allocateIsmailId(client, {
    accountId,
    country: account.country,
    timeZone,
    profile: account.profile,
    at,
  });
  await client.query("UPDATE accounts SET ismail_id = $2, status = 'active' WHERE id = $1", [accountId, ismailId]);
  await appendAudit(client, {
    actor: { accountId: actor.accountId, label: actor.label },
    action: 'account.activated',
    subject: { type: 'account', id: accountId },
    place: actor.place,
    detail: { ismailId, before: { status: account.status }, after: { status: 'active' } },
  });
  return ismailId;
}
