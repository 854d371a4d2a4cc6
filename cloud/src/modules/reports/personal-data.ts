/** Personal data of reports (issue 27: read by modules/privacy/registry.ts). */
import type { PersonalDataTable } from '../../platform/personal-data.js';

export const personalData: readonly PersonalDataTable[] = [
  {
    module: 'reports',
    table: 'report_sends',
    subjectSql: 'schedule_id IN (SELECT id FROM report_schedules WHERE account_id = $1)',
    purposeFr: 'Envois des rapports programmés',
    legalBasis: 'contract',
    retentionFr: '1 an',
    onErasure: 'delete',
    columns: {},
  },
  {
    module: 'reports',
    table: 'report_schedules',
    subjectColumn: 'account_id',
    purposeFr: 'Rapports programmés (envoi par e-mail)',
    legalBasis: 'contract',
    retentionFr: 'Jusqu’à suppression par la personne',
    onErasure: 'delete',
    columns: {},
  },
];
