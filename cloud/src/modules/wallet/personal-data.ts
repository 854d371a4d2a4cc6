/** Personal data of the credits wallet (issue 27: read by modules/privacy/registry.ts). */
import type { PersonalDataTable } from '../../platform/personal-data.js';

const books = 'Pièce comptable : 10 ans (Acte uniforme OHADA, art. 24)';
const kept = 'Le grand livre doit rester équilibré et vérifiable ; le compte ne porte plus de nom une fois effacé';
export const personalData: readonly PersonalDataTable[] = [
  {
    module: 'wallet',
    table: 'ledger_accounts',
    subjectColumn: 'owner_account_id',
    purposeFr: 'Portefeuille de crédits (solde)',
    legalBasis: 'contract',
    retentionFr: books,
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: kept,
  },
  {
    module: 'wallet',
    table: 'ledger_transfers',
    subjectSql:
      'debit_account_id IN (SELECT id FROM ledger_accounts WHERE owner_account_id = $1) OR credit_account_id IN (SELECT id FROM ledger_accounts WHERE owner_account_id = $1)',
    purposeFr: 'Mouvements de crédits (recharges, paiements, remboursements)',
    legalBasis: 'legal_obligation',
    retentionFr: books,
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: kept,
  },
  {
    module: 'wallet',
    table: 'credit_consumptions',
    subjectColumn: 'consumer_account_id',
    purposeFr: 'Consommation de crédits par module (facturation du service)',
    legalBasis: 'contract',
    retentionFr: books,
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: kept,
  },
  {
    module: 'wallet',
    table: 'commission_accruals',
    subjectColumn: 'beneficiary_id',
    purposeFr: 'Commissions des commerciaux',
    legalBasis: 'contract',
    retentionFr: books,
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: kept,
  },
  {
    module: 'wallet',
    table: 'commission_statements',
    subjectColumn: 'beneficiary_id',
    purposeFr: 'Relevés de commissions des commerciaux',
    legalBasis: 'contract',
    retentionFr: books,
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: kept,
  },
  {
    module: 'wallet',
    table: 'debt_files',
    subjectSql: '(debtor_account_id = $1 OR creditor_account_id = $1)',
    purposeFr: 'Dettes de crédits (découvert hors ligne, avances)',
    legalBasis: 'contract',
    retentionFr: books,
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: 'Une dette soldée reste une pièce comptable ; une dette ouverte empêche l’effacement',
  },
];
