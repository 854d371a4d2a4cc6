/** Personal data of the dashboard (issue 27: read by modules/privacy/registry.ts). */
import type { PersonalDataTable } from '../../platform/personal-data.js';

export const personalData: readonly PersonalDataTable[] = [
  {
    module: 'dashboard',
    table: 'dashboard_layouts',
    subjectColumn: 'account_id',
    purposeFr: 'Disposition du tableau de bord',
    legalBasis: 'contract',
    retentionFr: 'Durée de la relation',
    onErasure: 'delete',
    columns: {},
  },
  {
    module: 'dashboard',
    table: 'dashboard_sales_days',
    subjectColumn: 'issuer_account_id',
    purposeFr: 'Ventes journalières du partenaire (tableau de bord)',
    legalBasis: 'contract',
    retentionFr: '10 ans (agrégat de pièces comptables)',
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: 'Agrégat des factures émises, conservées 10 ans',
  },
];
