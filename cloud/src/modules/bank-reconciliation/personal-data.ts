/** Personal data of bank reconciliation (issue 27: read by modules/privacy/registry.ts). */
import type { PersonalDataTable } from '../../platform/personal-data.js';

const books = 'Relevés bancaires et rapprochements : pièces comptables, 10 ans (OHADA)';
const kept = 'Pièce comptable du partenaire (les payeurs y sont nommés par leur banque)';
export const personalData: readonly PersonalDataTable[] = [
  {
    module: 'bank-reconciliation',
    table: 'bank_line_events',
    subjectColumn: 'actor_id',
    purposeFr: 'Historique des actions sur les lignes de relevé',
    legalBasis: 'legal_obligation',
    retentionFr: books,
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: kept,
  },
  {
    module: 'bank-reconciliation',
    table: 'bank_matches',
    subjectColumn: 'owner_id',
    purposeFr: 'Rapprochements d’une ligne de relevé avec une facture ou une opération',
    legalBasis: 'legal_obligation',
    retentionFr: books,
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: kept,
  },
  {
    module: 'bank-reconciliation',
    table: 'bank_lines',
    subjectColumn: 'owner_id',
    purposeFr: 'Lignes des relevés bancaires du partenaire (nom du payeur, libellé)',
    legalBasis: 'legal_obligation',
    retentionFr: books,
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: kept,
  },
  {
    module: 'bank-reconciliation',
    table: 'bank_statements',
    subjectColumn: 'owner_id',
    purposeFr: 'Relevés bancaires importés (IBAN du partenaire)',
    legalBasis: 'legal_obligation',
    retentionFr: books,
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: kept,
  },
  {
    module: 'bank-reconciliation',
    table: 'bank_mappings',
    subjectColumn: 'owner_id',
    purposeFr: 'Correspondance des colonnes du fichier de la banque',
    legalBasis: 'contract',
    retentionFr: 'Durée de la relation',
    onErasure: 'delete',
    columns: {},
  },
];
