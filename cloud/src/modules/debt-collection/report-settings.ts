/**
 * The accounts a creditor's collection journal is written to (migration 0058): SYSCOHADA defaults until the creditor
 * sets its own. Read by the exports, changed by the creditor only (audited). Numbers are 2 to 10 digits, the journal
 * code 1 to 6 capital letters or digits; refused in French before anything is written.
 */
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';

export interface AccountingSettings {
  readonly receivableAccount: string;
  readonly cashAccount: string;
  readonly walletAccount: string;
  readonly bankAccount: string;
  readonly revenueAccount: string;
  readonly feesAccount: string;
  readonly lossAccount: string;
  readonly journalCode: string;
}

/** SYSCOHADA révisé: 411 clients, 571 caisse, 521 banques, 706 services vendus, 708 produits annexes, 654 pertes. */
export const defaultAccountingSettings: AccountingSettings = {
  receivableAccount: '411',
  cashAccount: '571',
  walletAccount: '521',
  bankAccount: '521',
  revenueAccount: '706',
  feesAccount: '708',
  lossAccount: '654',
  journalCode: 'REC',
};

const accountFields = [
  ['receivableAccount', 'receivable_account', 'clients'],
  ['cashAccount', 'cash_account', 'caisse'],
  ['walletAccount', 'wallet_account', 'portefeuille ISMAIL'],
  ['bankAccount', 'bank_account', 'banque et mobile money'],
  ['revenueAccount', 'revenue_account', 'produits'],
  ['feesAccount', 'fees_account', 'frais de recouvrement'],
  ['lossAccount', 'loss_account', 'pertes'],
] as const;

type SettingsRow = Record<(typeof accountFields)[number][1] | 'journal_code', string>;

const fromRow = (r: SettingsRow): AccountingSettings => ({
  receivableAccount: r.receivable_account,
  cashAccount: r.cash_account,
  walletAccount: r.wallet_account,
  bankAccount: r.bank_account,
  revenueAccount: r.revenue_account,
  feesAccount: r.fees_account,
  lossAccount: r.loss_account,
  journalCode: r.journal_code,
});

const select = `SELECT receivable_account, cash_account, wallet_account, bank_account, revenue_account, fees_account,
  loss_account, journal_code FROM collection_accounting_settings WHERE creditor_id = $1`;

export async function accountingSettingsOf(
  db: Database | pg.PoolClient,
  creditorId: string,
): Promise<AccountingSettings> {
  const queryable = 'pool' in db ? db.pool : db;
  const { rows } = await queryable.query<SettingsRow>(select, [creditorId]);
  return rows[0] === undefined ? defaultAccountingSettings : fromRow(rows[0]);
}

/** What the creditor sends: the six of the contract, the bank and revenue accounts optional (kept when absent). */
export type AccountingSettingsInput = Omit<AccountingSettings, 'bankAccount' | 'revenueAccount'> &
  Partial<Pick<AccountingSettings, 'bankAccount' | 'revenueAccount'>>;

export async function saveAccountingSettings(
  db: Database,
  creditorId: string,
  actorId: string,
  input: AccountingSettingsInput,
): Promise<AccountingSettings> {
  for (const [field, , name] of accountFields) {
    const value = input[field];
    if (value !== undefined && !/^[0-9]{2,10}$/.test(value))
      throw new AppError('VALIDATION_FAILED', `Le compte ${name} doit compter de 2 à 10 chiffres (par exemple 411).`);
  }
  if (!/^[A-Z0-9]{1,6}$/.test(input.journalCode))
    throw new AppError(
      'VALIDATION_FAILED',
      'Le code journal compte de 1 à 6 lettres majuscules ou chiffres (ex. REC).',
    );
  return withTransaction(db.pool, async (client) => {
    // The row is locked by the upsert itself: two saves at once end with one of them whole, never a mix.
    const before = await accountingSettingsOf(client, creditorId);
    const next: AccountingSettings = {
      ...input,
      bankAccount: input.bankAccount ?? before.bankAccount,
      revenueAccount: input.revenueAccount ?? before.revenueAccount,
    };
    await client.query(
      `INSERT INTO collection_accounting_settings (creditor_id, receivable_account, cash_account, wallet_account,
         bank_account, revenue_account, fees_account, loss_account, journal_code, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (creditor_id) DO UPDATE SET receivable_account = EXCLUDED.receivable_account,
         cash_account = EXCLUDED.cash_account, wallet_account = EXCLUDED.wallet_account,
         bank_account = EXCLUDED.bank_account, revenue_account = EXCLUDED.revenue_account,
         fees_account = EXCLUDED.fees_account, loss_account = EXCLUDED.loss_account,
         journal_code = EXCLUDED.journal_code, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [
        creditorId,
        next.receivableAccount,
        next.cashAccount,
        next.walletAccount,
        next.bankAccount,
        next.revenueAccount,
        next.feesAccount,
        next.lossAccount,
        next.journalCode,
        actorId,
      ],
    );
    await appendAudit(client, {
      actor: { accountId: actorId, label: actorId },
      action: 'debt.accounting_settings_changed',
      subject: { type: 'account', id: creditorId },
      place: 'cloud',
      detail: { before, after: next },
    });
    return next;
  });
}
