/** Personal data the point-of-sale hubs' cloud side holds (issue 27: read by modules/privacy/registry.ts). */
import type { PersonalDataTable } from '../../platform/personal-data.js';

const limits = 'Plafonds hors ligne et contrôle de solde (lutte contre la fraude)';
export const personalData: readonly PersonalDataTable[] = [
  {
    module: 'hubs',
    table: 'hub_balance_checks',
    subjectColumn: 'account_id',
    purposeFr: 'Contrôles de solde d’une carte en caisse',
    legalBasis: 'legitimate_interest',
    retentionFr: '1 an',
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: limits,
  },
  {
    module: 'hubs',
    table: 'hub_wallet_day_totals',
    subjectColumn: 'account_id',
    purposeFr: 'Totaux journaliers hors ligne par portefeuille',
    legalBasis: 'legitimate_interest',
    retentionFr: '1 an',
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: limits,
  },
  {
    module: 'hubs',
    table: 'hubs',
    subjectColumn: 'partner_id',
    purposeFr: 'Caisses du partenaire',
    legalBasis: 'contract',
    retentionFr: 'Durée de la relation',
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: 'Les ventes enregistrées citent la caisse (pièces comptables)',
  },
  {
    module: 'hubs',
    table: 'hub_cash_sessions',
    subjectColumn: 'partner_id',
    purposeFr: 'Sessions de caisse du partenaire',
    legalBasis: 'legal_obligation',
    retentionFr: '10 ans (pièce comptable)',
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: 'Pièce comptable',
  },
];
