/** Personal data of the document store (issue 27: read by modules/privacy/registry.ts). */
import type { PersonalDataTable } from '../../platform/personal-data.js';

export const personalData: readonly PersonalDataTable[] = [
  {
    module: 'documents',
    table: 'export_jobs',
    subjectColumn: 'account_id',
    purposeFr: 'Exports demandés (rapports, données personnelles) et leur avancement',
    legalBasis: 'contract',
    retentionFr: 'Selon la conservation du document produit',
    onErasure: 'pseudonymise',
    columns: { label: 'redact', error: 'null' },
    keptBecauseFr: 'La ligne cite le document produit, effacé avec les autres documents de la personne',
  },
  {
    module: 'documents',
    table: 'documents',
    subjectColumn: 'owner_account_id',
    purposeFr: 'Documents de la personne (exports, reçus, baux, pièces jointes)',
    legalBasis: 'contract',
    retentionFr: 'Selon le type de document (réglage de conservation par type)',
    // The bytes are erased through the store (privacy/erasure.ts) so that the chunks go too; the row stays as proof.
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: 'Les contenus sont effacés ; la ligne reste comme trace de l’effacement',
  },
];
