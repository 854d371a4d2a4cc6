/** Every report kind, by name. */
import type { ReportDefinition, ReportKind } from '../definition.js';
import { activityReport } from './activity.js';
import { commissions } from './commissions.js';
import { debtRecovery } from './debt-recovery.js';
import { invoicesTaxes } from './invoices-taxes.js';
import { moneyFlows } from './money-flows.js';
import { sales } from './sales.js';
import { walletBalances } from './wallet-balances.js';

export const reportDefinitions: Readonly<Record<ReportKind, ReportDefinition>> = {
  sales,
  money_flows: moneyFlows,
  commissions,
  wallet_balances: walletBalances,
  activity: activityReport,
  invoices_taxes: invoicesTaxes,
  debt_recovery: debtRecovery,
};
