/** Personal data of debt collection (issue 27: read by modules/privacy/registry.ts). */
import type { PersonalDataTable } from '../../platform/personal-data.js';

const claim = 'Créance : 5 ans après son extinction (prescription commerciale, OHADA)';
export const personalData: readonly PersonalDataTable[] = [
  {
    module: 'debt-collection',
    table: 'collection_files',
    subjectSql: '(debtor_id = $1 OR creditor_id = $1)',
    purposeFr: 'Dossiers de recouvrement (débiteur : nom, téléphone, e-mail)',
    legalBasis: 'legitimate_interest',
    retentionFr: claim,
    onErasure: 'pseudonymise',
    // Only closed files can be here: an open file refuses the erasure (privacy/obligations.ts).
    columns: { debtor_name: 'pseudonym', debtor_phone: 'null', debtor_email: 'null' },
    keptBecauseFr: 'Le dossier soldé reste une pièce comptable du créancier',
  },
  {
    module: 'debt-collection',
    table: 'collection_contact_attempts',
    // The engine keys a debtor with an account as 'a:<account id>' (0053_debt_collection.sql).
    subjectSql: "debtor_key = 'a:' || $1::text",
    purposeFr: 'Relances envoyées au débiteur (canal, destination masquée)',
    legalBasis: 'legitimate_interest',
    retentionFr: claim,
    onErasure: 'pseudonymise',
    columns: { destination_masked: 'null', detail: 'null' },
    keptBecauseFr: 'Le nombre de relances reste la preuve des diligences du créancier',
  },
  {
    module: 'debt-collection',
    table: 'collection_payments',
    subjectSql: '(payer_id = $1 OR creditor_id = $1)',
    purposeFr: 'Paiements reçus sur des dossiers de recouvrement',
    legalBasis: 'legal_obligation',
    retentionFr: '10 ans (pièce comptable)',
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: 'Pièce comptable',
  },
  {
    module: 'debt-collection',
    table: 'collection_payment_suggestions',
    subjectSql: '(payer_id = $1 OR creditor_id = $1)',
    purposeFr: 'Paiements en attente de rapprochement',
    legalBasis: 'legitimate_interest',
    retentionFr: claim,
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: 'Pièce comptable',
  },
  {
    module: 'debt-collection',
    table: 'collection_scenarios',
    subjectColumn: 'creditor_id',
    purposeFr: 'Scénarios de relance du créancier',
    legalBasis: 'contract',
    retentionFr: 'Durée de la relation',
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: 'Paramétrage du créancier, sans donnée sur une personne',
  },
  {
    module: 'debt-collection',
    table: 'collection_accounting_settings',
    subjectColumn: 'creditor_id',
    purposeFr: 'Comptes comptables du créancier',
    legalBasis: 'contract',
    retentionFr: 'Durée de la relation',
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: 'Paramétrage du créancier, sans donnée sur une personne',
  },
];
