/**
 * An admin suspends or reinstates an account (issue 23, SPEC 3.15): with a reason, audited, in one transaction. A
 * suspension ends every session of the account (its tokens stop at the session gate, its refresh tokens are revoked)
 * and suspends its card in force, so counters and the online verifier answer SUSPENDED; reinstating gives back the
 * status it had and reinstates that card only (never a card suspended on its own before). Nobody suspends themselves
 * or an account of their own level or above (an admin cannot lock out a super admin, nor two admins each other).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError, profileByKey, type ProfileKey } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { CardService } from '../cards/cards.js';

export interface AdminActor {
  readonly accountId: string;
  readonly label: string;
  readonly place: string;
  readonly profile: ProfileKey;
}

async function lockTarget(client: pg.PoolClient, accountId: string, actor: AdminActor) {
  const { rows } = await client.query<{ profile: ProfileKey; status: string }>(
    'SELECT profile, status FROM accounts WHERE id = $1 FOR UPDATE',
    [accountId],
  );
  const target = rows[0];
  if (target === undefined) throw new AppError('NOT_FOUND', 'Compte introuvable.');
  if (accountId === actor.accountId)
    throw new AppError('FORBIDDEN', 'Vous ne pouvez pas suspendre votre propre compte.');
  if (profileByKey(target.profile).level <= profileByKey(actor.profile).level)
    throw new AppError('FORBIDDEN', 'Ce compte est d’un niveau égal ou supérieur au vôtre.');
  return target;
}

export async function suspendAccount(
  client: pg.PoolClient,
  cards: CardService,
  accountId: string,
  actor: AdminActor,
  reason: string,
): Promise<void> {
  const target = await lockTarget(client, accountId, actor);
  if (target.status === 'suspended' || target.status === 'closed')
    throw new AppError('CONFLICT', 'Ce compte est déjà suspendu ou fermé.');
  await client.query("UPDATE accounts SET status = 'suspended' WHERE id = $1", [accountId]);
  await client.query(
    "UPDATE sessions SET revoked_at = now(), revoke_reason = 'account suspended' WHERE account_id = $1 AND revoked_at IS NULL",
    [accountId],
  );
  const card = await client.query<{ id: string }>(
    "SELECT id FROM cards WHERE account_id = $1 AND state = 'active' FOR UPDATE",
    [accountId],
  );
  const cardId = card.rows[0]?.id ?? null;
  if (cardId !== null) await cards.changeState(client, cardId, 'suspend', actor, reason);
  await client.query(
    `INSERT INTO account_suspensions (id, account_id, previous_status, reason, suspended_by, card_id)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [randomUUID(), accountId, target.status, reason, actor.accountId, cardId],
  );
  await appendAudit(client, {
    actor,
    action: 'account.suspended',
    subject: { type: 'account', id: accountId },
    place: actor.place,
    detail: { before: { status: target.status }, after: { status: 'suspended' }, reason, cardId },
  });
}

export async function reinstateAccount(
  client: pg.PoolClient,
  cards: CardService,
  accountId: string,
  actor: AdminActor,
  reason: string,
): Promise<void> {
  await lockTarget(client, accountId, actor);
  const { rows } = await client.query<{ id: string; previous_status: string; card_id: string | null }>(
    'SELECT id, previous_status, card_id FROM account_suspensions WHERE account_id = $1 AND reinstated_at IS NULL FOR UPDATE',
    [accountId],
  );
  const open = rows[0];
  if (open === undefined) throw new AppError('CONFLICT', 'Ce compte n’est pas suspendu par un administrateur.');
  await client.query('UPDATE accounts SET status = $2 WHERE id = $1', [accountId, open.previous_status]);
  await client.query(
    'UPDATE account_suspensions SET reinstated_at = now(), reinstated_by = $2, reinstate_reason = $3 WHERE id = $1',
    [open.id, actor.accountId, reason],
  );
  let cardReinstated = false;
  if (open.card_id !== null) {
    const card = await client.query<{ state: string }>('SELECT state FROM cards WHERE id = $1', [open.card_id]);
    // Revoked or renewed since: nothing to give back.
    if (card.rows[0]?.state === 'suspended') {
      await cards.changeState(client, open.card_id, 'reinstate', actor, reason);
      cardReinstated = true;
    }
  }
  await appendAudit(client, {
    actor,
    action: 'account.reinstated',
    subject: { type: 'account', id: accountId },
    place: actor.place,
    detail: { before: { status: 'suspended' }, after: { status: open.previous_status }, reason, cardReinstated },
  });
}
