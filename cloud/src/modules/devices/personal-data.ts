/** Personal data of paired devices (issue 27: read by modules/privacy/registry.ts). */
import type { PersonalDataTable } from '../../platform/personal-data.js';

export const personalData: readonly PersonalDataTable[] = [
  {
    module: 'devices',
    table: 'hub_devices',
    subjectColumn: 'partner_id',
    purposeFr: 'Appareils (terminaux, imprimantes) du partenaire',
    legalBasis: 'contract',
    retentionFr: 'Durée de la relation',
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: 'Équipement du partenaire, sans donnée sur une personne',
  },
];
