/** Personal data of mobile-money top-ups (issue 27: read by modules/privacy/registry.ts). */
import type { PersonalDataTable } from '../../platform/personal-data.js';

export const personalData: readonly PersonalDataTable[] = [
  {
    module: 'payments',
    table: 'mobile_money_payments',
    subjectColumn: 'account_id',
    purposeFr: 'Recharges par mobile money (numéro payeur, montant)',
    legalBasis: 'legal_obligation',
    retentionFr: '10 ans (pièce comptable, LBC/FT)',
    onErasure: 'pseudonymise',
    columns: { payer_msisdn: 'null', redirect_url: 'null' },
    keptBecauseFr: 'Le paiement reste une pièce comptable ; le numéro du payeur est retiré',
  },
];
