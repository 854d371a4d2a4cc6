/** Personal data of sign-in with Google/Apple/Facebook (issue 27: read by modules/privacy/registry.ts). */
import type { PersonalDataTable } from '../../platform/personal-data.js';

export const personalData: readonly PersonalDataTable[] = [
  {
    module: 'social',
    table: 'social_tickets',
    subjectColumn: 'account_id',
    purposeFr: 'Connexion par un fournisseur d’identité (jeton à usage unique)',
    legalBasis: 'contract',
    retentionFr: 'Quelques minutes (jeton à usage unique)',
    onErasure: 'delete',
    columns: {},
  },
  {
    module: 'social',
    table: 'social_identities',
    subjectColumn: 'account_id',
    purposeFr: 'Identités externes liées au compte (Google, Apple, Facebook)',
    legalBasis: 'consent',
    retentionFr: 'Jusqu’à la suppression du lien ou du compte',
    onErasure: 'delete',
    columns: {},
  },
];
