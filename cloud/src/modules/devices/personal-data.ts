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
  {
    // A tracker's positions may say where its driver went (issue 28.7).
    module: 'devices',
    table: 'device_positions',
    subjectSql: 'device_id IN (SELECT device_id FROM hub_devices WHERE partner_id = $1)',
    purposeFr: 'Positions GPS des traceurs du partenaire (carte de suivi)',
    legalBasis: 'contract',
    retentionFr: '30 jours',
    onErasure: 'delete',
    columns: {},
  },
];
