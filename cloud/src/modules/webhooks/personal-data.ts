/** Personal data of webhooks (issue 27: read by modules/privacy/registry.ts). */
import type { PersonalDataTable } from '../../platform/personal-data.js';

export const personalData: readonly PersonalDataTable[] = [
  {
    module: 'webhooks',
    table: 'webhook_subscriptions',
    subjectColumn: 'partner_id',
    purposeFr: 'Abonnements webhook du partenaire (adresse de son serveur)',
    legalBasis: 'contract',
    retentionFr: 'Jusqu’à la suppression de l’abonnement',
    onErasure: 'pseudonymise',
    columns: { secret_sealed: 'redact' },
    keptBecauseFr: 'Le journal des livraisons cite l’abonnement ; son secret est retiré',
  },
];
