/** The privacy module's own personal data: the requests (issue 27: read by ./registry.ts). */
import type { PersonalDataTable } from '../../platform/personal-data.js';

export const personalData: readonly PersonalDataTable[] = [
  {
    module: 'privacy',
    table: 'privacy_requests',
    subjectColumn: 'account_id',
    purposeFr: 'Demandes de rectification et d’effacement (droits de la personne)',
    legalBasis: 'legal_obligation',
    retentionFr: '5 ans après la décision (preuve du traitement de la demande)',
    onErasure: 'pseudonymise',
    columns: { details: 'redact' },
    keptBecauseFr: 'La demande décidée est la preuve que l’effacement a été fait ; son texte est retiré',
  },
];
