/** The ledger's account names (SPEC 3.5): one helper per kind so codes are never spelled twice. */
import type { AccountRef } from './ledger-types.js';

export const ledgerAccount = {
  wallet: (accountId: string): AccountRef => ({
    code: `wallet:${accountId}`,
    kind: 'wallet',
    ownerAccountId: accountId,
  }),
  revenue: (module: string): AccountRef => ({ code: `revenue:${module}`, kind: 'revenue' }),
  cashDrawer: (hubId: string): AccountRef => ({ code: `cash_drawer:${hubId}`, kind: 'cash_drawer' }),
  mobileMoneyClearing: (provider: string): AccountRef => ({ code: `mm_clearing:${provider}`, kind: 'mm_clearing' }),
  commissionsPayable: (accountId: string): AccountRef => ({
    code: `commissions_payable:${accountId}`,
    kind: 'commissions_payable',
    ownerAccountId: accountId,
  }),
  bonusPool: (): AccountRef => ({ code: 'bonus_pool', kind: 'bonus_pool' }),
  taxPayable: (country: string): AccountRef => ({ code: `tax_payable:${country}`, kind: 'tax_payable' }),
  expiredCredits: (): AccountRef => ({ code: 'expired_credits', kind: 'expired_credits' }),
  overdraftReceivable: (accountId: string): AccountRef => ({
    code: `overdraft_receivable:${accountId}`,
    kind: 'overdraft_receivable',
    ownerAccountId: accountId,
  }),
  withdrawalsPayable: (): AccountRef => ({ code: 'withdrawals_payable', kind: 'withdrawals_payable' }),
} as const;

/** Hub ids and provider names become part of account codes: keep them to a safe alphabet. */
export const codeSuffixPattern = /^[A-Za-z0-9_.-]{1,64}$/;
