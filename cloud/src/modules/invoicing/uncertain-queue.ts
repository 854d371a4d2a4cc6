/**
 * The admin queue of uncertain clearances (issue 18): invoices whose authority may have
 * certified them without our knowing (a 500, a timeout) and that nothing automatic can
 * settle, since the real FNE has no lookup and e-MECeF says only "finalised". Each entry
 * says what to check on the authority's portal, in French, for the admin who resolves it
 * (clearance-resolution.ts).
 *
 * Owns: reading the parked invoices. Must never change one.
 */
import type { Database } from '../../platform/db/database.js';
import { fneCommercialMessage } from './clearance/fne-request.js';

export interface UncertainInvoice {
  readonly invoiceId: string;
  readonly number: string;
  readonly kind: 'invoice' | 'credit_note';
  readonly issuerAccountId: string;
  readonly sellerName: string;
  readonly authority: 'fne' | 'emecef';
  readonly amountXof: number;
  readonly issuedAt: string;
  /** When the uncertain answer came (the invoice was parked). */
  readonly uncertainSince: string;
  readonly reason: string;
  /** What we sent that the portal shows: FNE's commercial message, or the e-MECeF uid. */
  readonly searchFor: string | null;
  /** What to check on the authority's portal before resolving, in French. */
  readonly portalCheck: string;
}

interface ParkedRow {
  id: string;
  number: string;
  kind: 'invoice' | 'credit_note';
  issuer_account_id: string;
  seller_name: string | null;
  seller_tax_id: string | null;
  authority: 'fne' | 'emecef';
  gross_xof: string;
  issued_at: Date;
  clearance_parked_at: Date;
  clearance_detail: string | null;
  original_reference: string | null;
  emecef_uid: string | null;
}

/** "12 500 F CFA", as on a receipt. */
const francs = (amountXof: number): string => `${String(amountXof).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} F CFA`;

/** Abidjan and Cotonou dates as the portals show them (UTC+0 and UTC+1; the day rarely differs). */
const day = (at: Date): string => at.toISOString().slice(0, 10).split('-').reverse().join('/');

/** The end of each sentence: record what the portal shows, resubmit only what it lacks. */
const ifFound = (reference: string): string =>
  `si elle y figure, relevez ${reference} et enregistrez-la comme certifiée ; sinon seulement, demandez une nouvelle soumission.`;

function portalCheck(row: ParkedRow, amountXof: number, searchFor: string | null): string {
  if (row.authority === 'fne') {
    if (row.kind === 'credit_note') {
      return `Dans l'espace FNE (DGI), ouvrez la facture ${row.original_reference ?? 'd’origine'} et cherchez parmi ses avoirs celui de ${francs(amountXof)} (avoir ${row.number} du ${day(row.issued_at)}) : s'il y figure, relevez son numéro FNE (qui commence par A) et enregistrez-le comme certifié ; sinon, établissez-le dans l'espace FNE puis enregistrez son numéro.`;
    }
    return `Dans l'espace FNE (DGI), recherchez la facture par son message commercial « ${searchFor ?? row.number} » (${francs(amountXof)}, émise le ${day(row.issued_at)}) : ${ifFound('son numéro FNE')}`;
  }
  if (searchFor !== null) {
    return `Sur le portail e-MECeF (DGI Bénin), recherchez la demande ${searchFor} (facture ${row.number}, ${francs(amountXof)}) : si elle a été confirmée, relevez son code MECeF/DGI et enregistrez-la comme certifiée ; si elle a été annulée ou a expiré, demandez une nouvelle soumission.`;
  }
  return `Sur le portail e-MECeF (DGI Bénin), recherchez une facture de ${francs(amountXof)} du ${day(row.issued_at)} pour l'IFU ${row.seller_tax_id ?? '?'} (facture ${row.number}) : ${ifFound('son code MECeF/DGI')}`;
}

/** Parked invoices, oldest first; `more` says the page was full. */
export async function listUncertainInvoices(
  db: Database,
  limit: number,
): Promise<{ invoices: UncertainInvoice[]; more: boolean }> {
  const { rows } = await db.pool.query<ParkedRow>(
    `SELECT i.id, i.number, i.kind, i.issuer_account_id, i.document->'seller'->>'legalName' AS seller_name, i.document->'seller'->>'taxId' AS seller_tax_id,
            i.authority, i.totals->>'grossXof' AS gross_xof, i.issued_at, i.clearance_parked_at, i.clearance_detail,
            o.authority_reference AS original_reference, j.uid AS emecef_uid
     FROM invoices i
     LEFT JOIN invoices o ON o.id = i.original_invoice_id
     LEFT JOIN emecef_journal j ON j.invoice_id = i.id
     WHERE i.clearance_parked_at IS NOT NULL
     ORDER BY i.clearance_parked_at, i.id
     LIMIT $1`,
    [limit + 1],
  );
  const invoices = rows.slice(0, limit).map((row): UncertainInvoice => {
    const amountXof = Number(row.gross_xof);
    const searchFor =
      row.authority === 'emecef'
        ? row.emecef_uid
        : row.kind === 'invoice'
          ? fneCommercialMessage({ number: row.number, invoiceId: row.id })
          : null;
    return {
      invoiceId: row.id,
      number: row.number,
      kind: row.kind,
      issuerAccountId: row.issuer_account_id,
      sellerName: row.seller_name ?? '',
      authority: row.authority,
      amountXof,
      issuedAt: row.issued_at.toISOString(),
      uncertainSince: row.clearance_parked_at.toISOString(),
      reason: row.clearance_detail ?? '',
      searchFor,
      portalCheck: portalCheck(row, amountXof, searchFor),
    };
  });
  return { invoices, more: rows.length > limit };
}
