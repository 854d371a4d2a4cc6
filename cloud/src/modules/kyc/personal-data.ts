/** KYC personal data (issue 27: read by modules/privacy/registry.ts); documents are sealed files in the KYC store. */
import type { PersonalDataTable } from '../../platform/personal-data.js';

export const personalData: readonly PersonalDataTable[] = [
  // Before kyc_cases: a document belongs to a case. The sealed files are removed by the privacy module after commit.
  {
    module: 'kyc',
    table: 'kyc_documents',
    subjectSql: 'case_id IN (SELECT id FROM kyc_cases WHERE account_id = $1)',
    purposeFr: 'Pièces d’identité, photo et justificatif de domicile (vérification d’identité, LBC/FT)',
    legalBasis: 'legal_obligation',
    retentionFr: '5 ans après la dernière activité de la personne',
    onErasure: 'delete',
    columns: {},
  },
  {
    module: 'kyc',
    table: 'kyc_cases',
    subjectColumn: 'account_id',
    purposeFr: 'Dossiers de vérification d’identité et leurs contrôles (biométrie comprise)',
    legalBasis: 'legal_obligation',
    retentionFr: '5 ans après la dernière activité de la personne',
    onErasure: 'pseudonymise',
    columns: { checks: 'redact', decision_reason: 'null' },
    keptBecauseFr: 'La décision (approuvé ou refusé) et sa date restent la preuve du contrôle, sans ses données',
  },
];
