/** Personal data of bookings (issue 27: read by modules/privacy/registry.ts). */
import type { PersonalDataTable } from '../../platform/personal-data.js';

export const personalData: readonly PersonalDataTable[] = [
  {
    module: 'booking',
    table: 'booking_reservations',
    subjectSql: '(client_id = $1 OR partner_id = $1)',
    purposeFr: 'Réservations (hôtel, salle, matériel)',
    legalBasis: 'contract',
    retentionFr: '10 ans (pièce comptable, OHADA)',
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: 'La réservation payée est une pièce comptable ; elle ne porte pas d’autre donnée que le compte',
  },
  {
    module: 'booking',
    table: 'booking_units',
    subjectColumn: 'partner_id',
    purposeFr: 'Unités réservables du partenaire',
    legalBasis: 'contract',
    retentionFr: 'Durée de la relation',
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: 'Données commerciales du partenaire, citées par les réservations',
  },
  {
    module: 'booking',
    table: 'booking_policies',
    subjectColumn: 'partner_id',
    purposeFr: 'Conditions de réservation du partenaire',
    legalBasis: 'contract',
    retentionFr: 'Durée de la relation',
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: 'Données commerciales du partenaire',
  },
];
