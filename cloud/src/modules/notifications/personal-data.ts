/** Personal data of notifications (issue 27: read by modules/privacy/registry.ts). */
import type { PersonalDataTable } from '../../platform/personal-data.js';

export const personalData: readonly PersonalDataTable[] = [
  // Children first: an event belongs to a delivery, a delivery to a notification.
  {
    module: 'notifications',
    table: 'notification_delivery_events',
    subjectSql:
      'delivery_id IN (SELECT d.id FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.recipient_id = $1)',
    purposeFr: 'Suivi des envois (accusés du fournisseur)',
    legalBasis: 'contract',
    retentionFr: 'Durée de vie de l’envoi (journal en ajout seul)',
    // Append-only by trigger (0005): kept; it holds statuses and the provider's words, not the destination.
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: 'Journal des envois en ajout seul (preuve de remise), sans adresse',
  },
  {
    module: 'notifications',
    table: 'notification_deliveries',
    subjectSql: 'notification_id IN (SELECT id FROM notifications WHERE recipient_id = $1)',
    purposeFr: 'Envois par SMS, e-mail et push (adresse de destination)',
    legalBasis: 'contract',
    retentionFr: 'Contenu effacé après 90 jours (réglable)',
    // Rows stay (their events reference them): the destination goes.
    onErasure: 'pseudonymise',
    columns: { destination: 'null' },
    keptBecauseFr: 'Le journal des envois les cite ; l’adresse de destination est retirée',
  },
  {
    module: 'notifications',
    table: 'notifications',
    subjectColumn: 'recipient_id',
    purposeFr: 'Notifications reçues (titre, texte, données)',
    legalBasis: 'contract',
    retentionFr: 'Contenu effacé après 90 jours (réglable)',
    onErasure: 'pseudonymise',
    columns: { title: 'redact', body: 'redact', data: 'redact' },
    keptBecauseFr: 'Les envois les citent ; titre, texte et données sont effacés',
  },
  {
    module: 'notifications',
    table: 'notification_preferences',
    subjectColumn: 'account_id',
    purposeFr: 'Préférences de notification',
    legalBasis: 'consent',
    retentionFr: 'Durée de la relation',
    onErasure: 'delete',
    columns: {},
  },
  {
    module: 'notifications',
    table: 'push_subscriptions',
    subjectColumn: 'account_id',
    purposeFr: 'Abonnements aux notifications push du navigateur',
    legalBasis: 'consent',
    retentionFr: 'Jusqu’au désabonnement',
    onErasure: 'delete',
    columns: {},
  },
  {
    module: 'notifications',
    table: 'in_app_screens',
    subjectColumn: 'account_id',
    purposeFr: 'Écrans ouverts sur les notifications en direct (limite de 10 par compte)',
    legalBasis: 'contract',
    retentionFr: 'Une minute après la fermeture de l’écran',
    onErasure: 'delete',
    columns: {},
  },
  {
    module: 'notifications',
    table: 'marketing_consents',
    subjectColumn: 'account_id',
    purposeFr: 'Consentements aux messages commerciaux (preuve)',
    legalBasis: 'consent',
    retentionFr: '3 ans après le retrait du consentement',
    // Append-only by trigger (0005): the proof of what the person consented to, and when.
    onErasure: 'keep',
    columns: {},
    keptBecauseFr:
      'Preuve légale du consentement (journal en ajout seul) ; ne contient que oui/non, la source et la date',
  },
];
