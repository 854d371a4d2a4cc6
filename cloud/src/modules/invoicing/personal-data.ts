/** Personal data of invoicing (issue 27: read by modules/privacy/registry.ts). */
import type { PersonalDataTable } from '../../platform/personal-data.js';

export const personalData: readonly PersonalDataTable[] = [
  {
    module: 'invoicing',
    table: 'invoice_emails',
    subjectColumn: 'issuer_account_id',
    purposeFr: 'Envoi des factures par e-mail (adresse du destinataire)',
    legalBasis: 'contract',
    retentionFr: '10 ans (preuve de remise de la facture)',
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: 'Preuve de remise d’une facture émise par le partenaire',
  },
  {
    module: 'invoicing',
    table: 'invoices',
    subjectColumn: 'recipient_account_id',
    purposeFr: 'Factures reçues (achats, réservations, prestations)',
    legalBasis: 'legal_obligation',
    retentionFr: '10 ans après l’émission (Code général des impôts, OHADA)',
    // An issued invoice is final down to its recipient link (trigger invoices_issued_are_final, 0007): the row stays
    // whole; the account it points to is pseudonymised, so the link no longer names anyone.
    onErasure: 'keep',
    columns: {},
    keptBecauseFr:
      'Une facture émise est conservée 10 ans telle quelle (loi fiscale) ; le compte auquel elle est liée est pseudonymisé',
  },
  {
    module: 'invoicing',
    table: 'account_logos',
    subjectColumn: 'account_id',
    purposeFr: 'Logo du partenaire imprimé sur ses factures',
    legalBasis: 'contract',
    retentionFr: 'Durée de la relation',
    onErasure: 'delete',
    columns: {},
  },
  {
    module: 'invoicing',
    table: 'invoice_series',
    subjectColumn: 'issuer_account_id',
    purposeFr: 'Numérotation des factures du partenaire',
    legalBasis: 'legal_obligation',
    retentionFr: '10 ans (numérotation continue exigée)',
    onErasure: 'keep',
    columns: {},
    keptBecauseFr: 'La numérotation continue des factures est exigée par la loi fiscale',
  },
];
