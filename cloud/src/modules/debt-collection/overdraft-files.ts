/**
 * ISMAIL's own collection files for offline overdrafts (issue 26 item 6): the wallet's overdraft file (`debt_files`,
 * centi-credits) gets its collection file (creditor NULL = ISMAIL, source `overdraft`, source_ref the debt file's id)
 * in the ledger operation that lent, and each repayment from the wallet is recorded on it in the repayment's
 * operation. The amount in FCFA is fixed at the rate of the opening day (the debtor's country), rounded up; what is
 * left in FCFA follows what is left in centi-credits proportionally, rounded up, so the last repayment closes the
 * file exactly. Runs only inside the caller's transaction; never moves money.
 */
import type pg from 'pg';
import { openDebtFile } from './files.js';
import { recordDebtSourcePayment } from './payments-apply.js';

const actor = 'system:debt';

/** FCFA still owed when `outstanding` of `amount` centi-credits are, for a file of `principalXof` (rounded up). */
export function overdraftLeftXof(outstanding: number, amount: number, principalXof: number): number {
  if (outstanding <= 0) return 0;
  const numerator = BigInt(outstanding) * BigInt(principalXof);
  const whole = numerator / BigInt(amount);
  return Number(numerator % BigInt(amount) === 0n ? whole : whole + 1n);
}

/** The collection file of a wallet overdraft file, opened once (in the lending operation's transaction). */
export async function openOverdraftCollectionFile(client: pg.PoolClient, debtFileId: string): Promise<string> {
  const { rows } = await client.query<{
    debtor_account_id: string;
    display_name: string;
    phone_e164: string | null;
    email: string;
    amount_centi_credits: string;
    xof_per_credit: number | null;
    due_on: string;
    source: string;
    source_ref: string;
  }>(
    `SELECT d.debtor_account_id, a.display_name, a.phone_e164, a.email, d.amount_centi_credits,
       (SELECT r.xof_per_credit FROM credit_rates r WHERE r.country = a.country AND r.effective_from <= d.opened_at
         ORDER BY r.effective_from DESC LIMIT 1) AS xof_per_credit,
       to_char(d.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS due_on, d.source, d.source_ref
     FROM debt_files d JOIN accounts a ON a.id = d.debtor_account_id WHERE d.id = $1`,
    [debtFileId],
  );
  const debt = rows[0];
  if (debt === undefined) throw new Error(`overdraft file ${debtFileId} is not in this transaction`);
  // A country without a rate could not have lent credits: the wallet refuses before. 50 FCFA a credit is CI's.
  const xofPerCredit = debt.xof_per_credit ?? 50;
  const principalXof = Math.ceil((Number(debt.amount_centi_credits) * xofPerCredit) / 100);
  const file = await openDebtFile(client, {
    creditorId: null,
    debtorId: debt.debtor_account_id,
    debtorName: debt.display_name,
    debtorPhone: debt.phone_e164,
    debtorEmail: debt.email,
    source: 'overdraft',
    sourceRef: debtFileId,
    label: 'Découvert hors ligne ISMAIL',
    principalXof,
    dueOn: debt.due_on,
    actor,
  });
  return file.id;
}

/**
 * A repayment on the overdraft file, recorded in FCFA on its collection file: the file is brought to what the
 * overdraft file says is left (`after` centi-credits), so a payment recorded twice or rounded differently cannot drift.
 */
export async function recordOverdraftRepayment(
  client: pg.PoolClient,
  input: { debtFileId: string; amountCentiCredits: number; after: number; operationId: string },
): Promise<void> {
  const { rows } = await client.query<{ principal_xof: string; paid_xof: string; lent: string }>(
    `SELECT f.principal_xof, f.paid_xof, d.amount_centi_credits AS lent FROM collection_files f
      JOIN debt_files d ON d.id::text = f.source_ref WHERE f.source = 'overdraft' AND f.source_ref = $1`,
    [input.debtFileId],
  );
  const file = rows[0];
  if (file === undefined) return;
  const principalXof = Number(file.principal_xof);
  const owedXof = overdraftLeftXof(input.after, Number(file.lent), principalXof);
  const amountXof = principalXof - owedXof - Number(file.paid_xof);
  if (amountXof <= 0) return;
  await recordDebtSourcePayment(client, {
    source: 'overdraft',
    sourceRef: input.debtFileId,
    amountXof,
    actor,
    // Repaid from the debtor's wallet, by this ledger operation (its id is the payment's reference).
    detail: { method: 'wallet', paymentId: input.operationId, centiCredits: input.amountCentiCredits },
  });
}
