/** What support tickets hold about people (issue 27's registry; `platform/personal-data.ts`). */
import type { PersonalDataTable } from '../../platform/personal-data.js';

const purposeFr = 'Traitement des réclamations des clients (suivi, réponses, escalade, satisfaction)';
const retentionFr = '5 ans après la clôture de la réclamation (preuve en cas de litige commercial)';
const keptBecauseFr =
  'Une réclamation peut servir de preuve dans un litige sur une commande ou une facture : le fil est conservé, sans le nom ni les textes de la personne.';

export const personalData: readonly PersonalDataTable[] = [
  {
    module: 'support',
    table: 'support_tickets',
    subjectColumn: 'customer_id',
    purposeFr,
    legalBasis: 'contract',
    retentionFr,
    onErasure: 'pseudonymise',
    columns: { subject: 'redact', rating_comment: 'null', resolution: 'redact' },
    keptBecauseFr,
  },
  {
    module: 'support',
    table: 'support_messages',
    subjectSql: 'ticket_id IN (SELECT id FROM support_tickets WHERE customer_id = $1)',
    purposeFr,
    legalBasis: 'contract',
    retentionFr,
    onErasure: 'pseudonymise',
    columns: { body: 'redact', email_message_id: 'null' },
    keptBecauseFr,
  },
  {
    module: 'support',
    table: 'support_ticket_events',
    subjectSql: 'ticket_id IN (SELECT id FROM support_tickets WHERE customer_id = $1)',
    purposeFr,
    legalBasis: 'contract',
    retentionFr,
    onErasure: 'keep',
    columns: {},
    keptBecauseFr:
      "L'historique ne contient que des dates, des niveaux et des identifiants, aucun texte de la personne.",
  },
];
