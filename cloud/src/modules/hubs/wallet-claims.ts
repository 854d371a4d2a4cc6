/**
 * A hub's wallet payment is a claim (issue 20.1, SPEC 3.8): before any money moves, the cloud
 * checks what the hub says against what it trusts itself.
 *
 * - The payer comes from the card credential the hub verified (printed card or dynamic code):
 *   its signature against the cloud's card keys, its validity at the sale's time, and that it
 *   names the card and ISMAIL ID the payment names. Never from a bare ISMAIL ID.
 * - The card's and the account's status are judged as of what the hub could know: offline,
 *   the revocation list it held (a card revoked or an account suspended before that list was
 *   issued is refused; after it, the hub could not know and the sale stands as a fact, with
 *   an overdraft if need be); online, the balance the cloud answered it. A closed account
 *   never pays.
 * - Online: the payment names the balance answer it relied on (one payment per answer, this
 *   hub, this card) and stays within it. Offline: within the signed ceilings of the policy the
 *   hub held (per payment here; per wallet and per hub per day in `recordWalletClaim`, inside
 *   the ledger's transaction, as guarded increments).
 *
 * Every refusal before the credential is known genuine and the card known says the same
 * thing (CARD_NOT_ACCEPTED, the catalog's words), so a push is no oracle for ISMAIL IDs.
 * Owns no money movement: `WalletOperations.hubWalletPayment` moves it.
 */
import type pg from 'pg';
import {
  AppError,
  hubClockLeewayS,
  hubDay,
  hubPolicyTtlS,
  offlineRevocationListMaxAgeS,
  verifyCardToken,
  walletChargeCentiCredits,
  type HubOperation,
  type HubPayment,
  type JSONWebKeySet,
} from '@ismail/shared';
import { nodeSignatureCheck } from '../cards/node-signature.js';
import type { Database } from '../../platform/db/database.js';
import { enforceDailyCashCeiling } from '../wallet/cash-drawers.js';
import { creditRateAt } from '../wallet/rates.js';
import { ceilingsAt, type HubCeilings, type HubRecord } from './registry.js';

type WalletPayment = Extract<HubPayment, { method: 'wallet' }>;

export interface VerifiedWalletClaim {
  readonly payerId: string;
  readonly cardId: string;
  readonly amountCentiCredits: number;
  readonly at: Date;
  readonly day: string;
  /** Offline: the ceilings the hub held. Null online. */
  readonly ceilings: HubCeilings | null;
  /** Online: the balance answer it relied on. */
  readonly balanceCheckId: string | null;
  /** A dynamic code pays once: its id and end of life. */
  readonly dynamic: { jti: string; expiresAt: Date } | null;
}

/** The one answer for an unknown ISMAIL ID, a wrong card, a forged or unreadable credential. */
export const cardNotAccepted = (): AppError => new AppError('CARD_NOT_ACCEPTED');

/** A wallet payment pushed the old way (no credential): refused like any unverifiable card. */
export function isUnverifiableWalletPayment(payload: unknown): boolean {
  const payment = (payload as { payment?: { method?: unknown; credential?: unknown } } | null)?.payment;
  return payment?.method === 'wallet' && typeof payment.credential !== 'string';
}

/**
 * The time a hub dates a money operation, bounded: not ahead of the cloud, not before its
 * previous money operation (so a hub can spread operations over past days only as far back as
 * it was silent, as an honest hub offline that long could), and for a wallet payment
 * (`policyBound`) not older than a policy lives. A cash top-up has no such floor: cash taken
 * by a hub offline for weeks is still credited, within each day's ceiling.
 */
export async function hubMoneyTime(
  db: Database,
  hub: HubRecord,
  op: HubOperation,
  now: Date,
  policyBound = true,
): Promise<{ at: Date; replay: boolean }> {
  const at = new Date(op.at);
  if (Number.isNaN(at.getTime()) || at.getTime() > now.getTime() + hubClockLeewayS * 1000)
    throw new AppError('VALIDATION_FAILED', 'this operation is dated ahead of the cloud’s clock');
  // Its money already moved (a crash before its outcome was recorded): the ledger answers the first result again,
  // judged then.
  const { rows } = await db.pool.query<{ last_money_op_at: Date | null; moved: boolean }>(
    'SELECT h.last_money_op_at, EXISTS (SELECT 1 FROM ledger_operations o WHERE o.scope = $2 AND o.idempotency_key = $3) AS moved FROM hubs h WHERE h.id = $1',
    [hub.id, `hub:${hub.id}`, op.id],
  );
  if (rows[0]?.moved === true) return { at, replay: true };
  if (policyBound && at.getTime() < now.getTime() - hubPolicyTtlS * 1000)
    throw new AppError('HUB_POLICY_OUTDATED', 'this operation is dated before any policy this hub could still hold');
  const last = rows[0]?.last_money_op_at ?? null;
  if (last !== null && at.getTime() < last.getTime() - hubClockLeewayS * 1000)
    throw new AppError('VALIDATION_FAILED', 'this operation is dated before an earlier money operation of this hub');
  return { at, replay: false };
}

/**
 * `sale.grossXof` is the total of the invoice the hub issued for the sale, as the handler
 * computed it once from the validated document (hub-documents.ts `checkHubDocument`).
 */
export async function verifyWalletClaim(
  db: Database,
  keys: JSONWebKeySet,
  hub: HubRecord,
  op: HubOperation,
  sale: { payment: WalletPayment; grossXof: number },
  now: Date,
): Promise<VerifiedWalletClaim> {
  const payment = sale.payment;
  const { at, replay } = await hubMoneyTime(db, hub, op, now);
  const checked = await verifyCardToken(payment.credential, {
    keys,
    checkSignature: nodeSignatureCheck,
    nowS: Math.floor(at.getTime() / 1000),
    // Status and replay are judged below, against what the hub could know.
    listing: () => undefined,
    firstUse: () => true,
  });
  if (!checked.ok || checked.claims.sub !== payment.ismailId || checked.claims.cid !== payment.cardId)
    throw cardNotAccepted();
  const claims = checked.claims;
  const { rows } = await db.pool.query<{
    account_id: string;
    ismail_id: string;
    status: string;
    status_changed_at: Date;
    partner_country: string;
  }>(
    `SELECT c.account_id, c.ismail_id, a.status, a.status_changed_at, p.country AS partner_country
     FROM cards c JOIN accounts a ON a.id = c.account_id JOIN accounts p ON p.id = $2 WHERE c.id = $1`,
    [claims.cid, hub.partnerId],
  );
  const card = rows[0];
  if (card === undefined || card.ismail_id !== claims.sub || card.account_id === hub.partnerId) throw cardNotAccepted();
  // Applied before: the same payer makes the same ledger request, whose first result comes back.
  if (replay)
    return {
      payerId: card.account_id,
      cardId: claims.cid,
      amountCentiCredits: payment.amountCentiCredits,
      at,
      day: hubDay(at),
      ceilings: null,
      balanceCheckId: null,
      dynamic: null,
    };

  if (claims.typ === 'dyn') {
    const used = await db.pool.query<{ hub_id: string; op_id: string }>(
      'SELECT hub_id, op_id FROM hub_payment_credentials WHERE jti = $1',
      [claims.jti],
    );
    const first = used.rows[0];
    if (first !== undefined && (first.hub_id !== hub.id || first.op_id !== op.id)) throw cardNotAccepted();
  }

  // What the hub could know, and when.
  let knownAtMs: number;
  let balanceCheckId: string | null = null;
  let ceilings: HubCeilings | null = null;
  if (payment.authorisation === 'online') {
    if (payment.balanceCheckId === undefined) throw new AppError('WALLET_AUTHORISATION_INVALID');
    const check = await db.pool.query<{ available_centi_credits: string; at: Date }>(
      'SELECT available_centi_credits, at FROM hub_balance_checks WHERE id = $1 AND hub_id = $2 AND card_id = $3 AND (used_by_op IS NULL OR used_by_op = $4)',
      [payment.balanceCheckId, hub.id, claims.cid, op.id],
    );
    const answer = check.rows[0];
    if (answer === undefined || answer.at.getTime() < now.getTime() - hubPolicyTtlS * 1000)
      throw new AppError('WALLET_AUTHORISATION_INVALID');
    if (payment.amountCentiCredits > Number(answer.available_centi_credits))
      throw new AppError(
        'WALLET_AUTHORISATION_INVALID',
        'This online payment is above the balance the cloud answered for it.',
      );
    knownAtMs = answer.at.getTime();
    balanceCheckId = payment.balanceCheckId;
  } else {
    const listIatMs = payment.revocationListIat * 1000;
    if (listIatMs > now.getTime() + hubClockLeewayS * 1000)
      throw new AppError('HUB_POLICY_OUTDATED', 'the card list this hub names was never issued');
    if (listIatMs < at.getTime() - offlineRevocationListMaxAgeS * 1000)
      throw new AppError('HUB_POLICY_OUTDATED', 'the card list this hub relied on was too old to sell offline');
    knownAtMs = listIatMs;
    ceilings = await ceilingsAt(db, hub, payment.policyVersion, at, hubPolicyTtlS);
    if (ceilings === null)
      throw new AppError(
        'HUB_POLICY_OUTDATED',
        'this hub names ceilings it cannot hold (unknown, or replaced too long ago)',
      );
    if (payment.amountCentiCredits > ceilings.perTransactionCentiCredits) {
      throw new AppError(
        'OFFLINE_LIMIT_EXCEEDED',
        `Offline, one wallet payment at this hub is at most ${String(ceilings.perTransactionCentiCredits / 100)} credits.`,
      );
    }
  }

  // The card's state as the cloud had decided it before then (events in the list's own second count as unknown there).
  const lastEvent = await db.pool.query<{ event: string }>(
    'SELECT event FROM card_events WHERE card_id = $1 AND at < $2 ORDER BY at DESC, id DESC LIMIT 1',
    [claims.cid, new Date(knownAtMs)],
  );
  const state = lastEvent.rows[0]?.event;
  if (state === 'revoked' || state === 'superseded' || state === 'suspended') throw new AppError('CARD_REVOKED');
  if (card.status === 'closed' || (card.status !== 'active' && card.status_changed_at.getTime() < knownAtMs))
    throw new AppError('ACCOUNT_NOT_ACTIVE', 'The payer’s account was not active when this payment was authorised.');

  // Never more than the invoice the hub issued for this sale, at the credit rate of its day (or today's).
  const grossXof = sale.grossXof;
  const rates = await Promise.all([
    creditRateAt(db.pool, card.partner_country, at),
    creditRateAt(db.pool, card.partner_country, now),
  ]);
  const most = Math.max(...rates.map((rate) => walletChargeCentiCredits(grossXof, rate.xofPerCredit)));
  if (payment.amountCentiCredits > most)
    throw new AppError('VALIDATION_FAILED', 'This wallet payment is above the total of the invoice it pays.');

  return {
    payerId: card.account_id,
    cardId: claims.cid,
    amountCentiCredits: payment.amountCentiCredits,
    at,
    day: hubDay(at),
    ceilings,
    balanceCheckId,
    dynamic: claims.typ === 'dyn' ? { jti: claims.jti, expiresAt: new Date(claims.exp * 1000) } : null,
  };
}

/**
 * Inside the payment's ledger transaction: spends the balance answer, the dynamic code, and
 * the day's offline allowance (per wallet, per hub) with guarded increments, so two pushes
 * racing cannot both pass a ceiling; any refusal rolls the whole payment back.
 */
export async function recordWalletClaim(
  client: pg.PoolClient,
  hub: HubRecord,
  op: HubOperation,
  claim: VerifiedWalletClaim,
): Promise<void> {
  await client.query(
    'UPDATE hubs SET last_money_op_at = greatest(coalesce(last_money_op_at, $2::timestamptz), $2::timestamptz) WHERE id = $1',
    [hub.id, claim.at],
  );
  if (claim.balanceCheckId !== null) {
    const spent = await client.query(
      'UPDATE hub_balance_checks SET used_by_op = $2 WHERE id = $1 AND (used_by_op IS NULL OR used_by_op = $2)',
      [claim.balanceCheckId, op.id],
    );
    if (spent.rowCount !== 1) throw new AppError('WALLET_AUTHORISATION_INVALID');
  }
  if (claim.dynamic !== null) {
    await client.query(
      'INSERT INTO hub_payment_credentials (jti, hub_id, op_id, expires_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [claim.dynamic.jti, hub.id, op.id, claim.dynamic.expiresAt],
    );
    const owner = await client.query<{ hub_id: string; op_id: string }>(
      'SELECT hub_id, op_id FROM hub_payment_credentials WHERE jti = $1',
      [claim.dynamic.jti],
    );
    if (owner.rows[0]?.hub_id !== hub.id || owner.rows[0]?.op_id !== op.id) throw cardNotAccepted();
  }
  if (claim.ceilings === null) return;
  const wallet = await client.query(
    `INSERT INTO hub_wallet_day_totals AS t (hub_id, account_id, day, offline_centi_credits) SELECT $1, $2, $3::date, $4::bigint WHERE $4::bigint <= $5::bigint
     ON CONFLICT (hub_id, account_id, day) DO UPDATE SET offline_centi_credits = t.offline_centi_credits + excluded.offline_centi_credits
     WHERE t.offline_centi_credits + excluded.offline_centi_credits <= $5::bigint`,
    [hub.id, claim.payerId, claim.day, claim.amountCentiCredits, claim.ceilings.perWalletPerDayCentiCredits],
  );
  if (wallet.rowCount !== 1)
    throw new AppError(
      'OFFLINE_LIMIT_EXCEEDED',
      `Offline, one wallet may pay at most ${String(claim.ceilings.perWalletPerDayCentiCredits / 100)} credits a day at this hub.`,
    );
  const day = await client.query(
    `INSERT INTO hub_day_totals AS t (hub_id, day, offline_wallet_centi_credits) SELECT $1, $2::date, $3::bigint WHERE $3::bigint <= $4::bigint
     ON CONFLICT (hub_id, day) DO UPDATE SET offline_wallet_centi_credits = t.offline_wallet_centi_credits + excluded.offline_wallet_centi_credits
     WHERE t.offline_wallet_centi_credits + excluded.offline_wallet_centi_credits <= $4::bigint`,
    [hub.id, claim.day, claim.amountCentiCredits, claim.ceilings.perHubPerDayCentiCredits],
  );
  if (day.rowCount !== 1)
    throw new AppError(
      'OFFLINE_LIMIT_EXCEEDED',
      `Offline, this hub may take at most ${String(claim.ceilings.perHubPerDayCentiCredits / 100)} credits a day from wallets.`,
    );
}

/**
 * Inside a hub cash top-up's ledger transaction: the day's cash through this hub's drawer
 * (the operation's UTC day) raised only while within the signed daily cash ceiling.
 */
export async function recordCashTopUp(
  client: pg.PoolClient,
  hub: HubRecord,
  at: Date,
  amountXof: number,
  cashTopUpPerDayXof: number,
): Promise<void> {
  await client.query(
    'UPDATE hubs SET last_money_op_at = greatest(coalesce(last_money_op_at, $2::timestamptz), $2::timestamptz) WHERE id = $1',
    [hub.id, at],
  );
  // The same day's counter as cash sold from the cloud for this drawer: together under one ceiling.
  await enforceDailyCashCeiling(
    client,
    { id: hub.id, partnerId: hub.partnerId, perDayXof: cashTopUpPerDayXof },
    amountXof,
    at,
  );
}
