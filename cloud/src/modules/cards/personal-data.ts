/** Personal data of ISMAIL cards (issue 27: read by modules/privacy/registry.ts). */
import type { PersonalDataTable } from '../../platform/personal-data.js';

export const personalData: readonly PersonalDataTable[] = [
  {
    module: 'cards',
    table: 'cards',
    subjectColumn: 'account_id',
    purposeFr: 'Cartes ISMAIL émises (paiement, identification au point de vente)',
    legalBasis: 'contract',
    retentionFr: '5 ans après expiration (lutte contre la fraude)',
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: 'Les opérations passées citent la carte ; elle ne porte plus de nom une fois le compte effacé',
  },
  {
    module: 'cards',
    table: 'card_events',
    subjectSql: 'card_id IN (SELECT id FROM cards WHERE account_id = $1)',
    purposeFr: 'Historique des cartes (émission, blocage, remplacement)',
    legalBasis: 'legitimate_interest',
    retentionFr: '5 ans après expiration de la carte',
    onErasure: 'pseudonymise',
    columns: { reason: 'redact' },
    keptBecauseFr: 'Trace de sécurité conservée sans texte libre',
  },
  {
    module: 'cards',
    table: 'card_verifications',
    subjectSql: 'card_id IN (SELECT id FROM cards WHERE account_id = $1)',
    purposeFr: 'Vérifications de carte par un contrôleur',
    legalBasis: 'legitimate_interest',
    retentionFr: '1 an',
    onErasure: 'delete',
    columns: {},
  },
];
