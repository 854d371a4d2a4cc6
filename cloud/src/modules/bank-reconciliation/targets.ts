/**
 * What a bank line may be matched with, read from the records the cloud trusts and only in the owner's scope:
 * - a partner: its issued invoices (money in: the buyer pays by transfer), its wallet top-ups (money out of its bank)
 *   and its withdrawals paid (money in);
 * - ISMAIL (owner null, admins): every mobile-money top-up (money in) and every withdrawal paid (money out).
 * Amounts are signed as they show on the owner's statement. A withdrawal is held in centi-credits: its francs are the
 * credits at the rate of the day it was paid.
 */
import type pg from 'pg';
import type { ScoringTarget, TargetType } from './scoring.js';

export interface TargetFilter {
  /** Days (YYYY-MM-DD) around the statement; null: any day. */
  readonly from: string | null;
  readonly to: string | null;
  /** One target only (an accept checks its target is the owner's). */
  readonly only?: { readonly targetType: TargetType; readonly targetId: string };
}

type Queryable = Pick<pg.Pool, 'query'>;
const day = (column: string) => `to_char(${column} AT TIME ZONE 'Africa/Abidjan', 'YYYY-MM-DD')`;
const maxTargets = 20_000;

export async function targetsOf(db: Queryable, ownerId: string | null, filter: TargetFilter): Promise<ScoringTarget[]> {
  const onlyId = (type: TargetType) =>
    filter.only === undefined
      ? null
      : filter.only.targetType === type
        ? filter.only.targetId
        : '00000000-0000-0000-0000-000000000000';
  const window = [filter.from, filter.to];
  const targets: ScoringTarget[] = [];
  if (ownerId !== null) {
    const invoices = await db.query<{ id: string; number: string; amount: string; name: string; date: string }>(
      `SELECT id, number, (totals->>'grossXof')::bigint AS amount, coalesce(document->'buyer'->>'name', '') AS name,
              ${day('issued_at')} AS date
       FROM invoices
       WHERE issuer_account_id = $1 AND status = 'issued' AND kind = 'invoice'
         AND ($2::date IS NULL OR issued_at >= $2::date - 30) AND ($3::date IS NULL OR issued_at < $3::date + 31)
         AND ($4::uuid IS NULL OR id = $4)
       ORDER BY issued_at LIMIT ${String(maxTargets)}`,
      [ownerId, ...window, onlyId('invoice')],
    );
    for (const r of invoices.rows)
      targets.push({
        targetType: 'invoice',
        targetId: r.id,
        label: `Facture ${r.number}${r.name === '' ? '' : ` · ${r.name}`}`,
        amountXof: Number(r.amount),
        date: r.date,
        reference: r.number,
        name: r.name,
      });
  }
  const movements = await db.query<{
    id: string;
    kind: 'top_up' | 'withdrawal';
    amount: string;
    date: string;
    reference: string;
    name: string;
    owner: string;
  }>(
    `SELECT o.id, 'top_up' AS kind, (o.facts->>'amountXof')::bigint AS amount, ${day('t.created_at')} AS date,
            coalesce(o.facts->>'providerRef', '') AS reference, coalesce(acc.display_name, '') AS name,
            a.owner_account_id AS owner
     FROM ledger_transfers t
     JOIN ledger_accounts a ON a.id = t.credit_account_id AND a.kind = 'wallet'
     JOIN ledger_operations o ON o.id = t.operation_id
     LEFT JOIN accounts acc ON acc.id = a.owner_account_id
     WHERE t.leg = 'top_up' AND o.facts->>'amountXof' IS NOT NULL
       AND ($1::uuid IS NULL AND o.kind = 'buy_credits_mobile_money' OR a.owner_account_id = $1)
       AND ($2::date IS NULL OR t.created_at >= $2::date - 30) AND ($3::date IS NULL OR t.created_at < $3::date + 31)
       AND ($4::uuid IS NULL OR o.id = $4)
     UNION ALL
     SELECT r.operation_id, 'withdrawal', round(r.amount * rate.xof_per_credit / 100.0)::bigint, ${day('r.created_at')},
            '', coalesce(acc.display_name, ''), a.owner_account_id
     FROM ledger_transfers r
     JOIN ledger_transfers h ON h.id = r.pending_id AND h.hold_purpose = 'withdrawal'
     JOIN ledger_accounts a ON a.id = h.debit_account_id AND a.kind = 'wallet'
     LEFT JOIN accounts acc ON acc.id = a.owner_account_id
     CROSS JOIN LATERAL (SELECT xof_per_credit FROM credit_rates
                         WHERE country = coalesce(acc.country, 'CI') AND effective_from <= r.created_at
                         ORDER BY effective_from DESC LIMIT 1) rate
     WHERE r.phase = 'post' AND ($1::uuid IS NULL OR a.owner_account_id = $1)
       AND ($2::date IS NULL OR r.created_at >= $2::date - 30) AND ($3::date IS NULL OR r.created_at < $3::date + 31)
       AND ($4::uuid IS NULL OR r.operation_id = $4)
     LIMIT ${String(maxTargets)}`,
    [ownerId, ...window, onlyId('ledger')],
  );
  for (const r of movements.rows) {
    const amount = Number(r.amount);
    // The owner's side: a partner's top-up leaves its bank; ISMAIL receives it. A withdrawal is the other way round.
    const moneyIn = (r.kind === 'withdrawal') === (ownerId !== null);
    targets.push({
      targetType: 'ledger',
      targetId: r.id,
      label: `${r.kind === 'top_up' ? 'Achat de crédits' : 'Retrait payé'}${r.name === '' ? '' : ` · ${r.name}`}`,
      amountXof: moneyIn ? amount : -amount,
      date: r.date,
      reference: r.reference,
      name: ownerId === null ? r.name : '',
    });
  }
  return targets;
}
