/**
 * CSV for accountants: UTF-8 with a BOM (so Excel reads the accents), semicolons (the
 * French Excel default), one row per line then the totals per tax group; amounts as plain
 * integers of francs so a spreadsheet can sum them.
 *
 * Text cells are shown by the shared display rule (control characters as every other output
 * shows them) and never start a formula: a cell a spreadsheet would evaluate (=, +, -, @,
 * tab or carriage return first, OWASP's list, also after leading spaces) gets a leading
 * single quote, so "=HYPERLINK(...)" in a product name stays text on the accountant's screen.
 * Numbers are ours and written as numbers (a credit note's negative amount stays summable).
 *
 * Dates are written dd/mm/yyyy (the invoice's day, UTC as every ISMAIL document): French
 * Excel and LibreOffice read that as a date, where ISO text stays text. Each line row also
 * carries the buyer's name (its B2C/B2B type apart) and the tax authority's reference and
 * certification date, empty while the invoice awaits certification.
 */
import { authorityLabel, buyerLabel, displayText, formatDate, taxGroup, type IssuedDocument } from '@ismail/shared';

const formulaStart = /^\s*[=+\-@\t\r]/;

/** A text as a CSV cell that no spreadsheet reads as a formula. */
export function neutraliseFormula(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

function cell(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : neutraliseFormula(displayText(value));
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function invoiceCsv(doc: IssuedDocument): Buffer {
  const d = doc.document;
  const clearance = doc.clearance ?? undefined;
  // New columns go after the amount: a sheet built on the first nine keeps working.
  const rows: (string | number)[][] = [
    [
      'numero',
      'date',
      'type',
      'designation',
      'quantite',
      'prix_unitaire_xof',
      'groupe_taxe',
      'taux_pct',
      'montant_xof',
      'client',
      'type_client',
      'ncc_client',
      'vendeur',
      'ncc_vendeur',
      'autorite',
      'reference_autorite',
      'date_certification',
    ],
  ];
  const parties = [buyerLabel(d.buyer), d.buyer.kind, d.buyer.taxId ?? '', d.seller.legalName, d.seller.taxId];
  const certification =
    clearance === undefined
      ? ['', '', '']
      : [
          authorityLabel(clearance.authority),
          clearance.reference,
          clearance.certifiedAt === undefined ? '' : formatDate(clearance.certifiedAt),
        ];
  d.lines.forEach((line, i) => {
    const total = doc.totals.lines[i];
    rows.push([
      doc.number,
      formatDate(doc.issuedAt),
      doc.kind,
      line.label,
      (line.quantityMilli / 1000).toString().replace('.', ','),
      line.unitPriceXof,
      line.taxGroup,
      ((total?.rateBp ?? 0) / 100).toString().replace('.', ','),
      total?.amountXof ?? 0,
      ...parties,
      ...certification,
    ]);
  });
  rows.push([]);
  rows.push(['groupe_taxe', 'libelle', 'total_ht_xof', 'tva_xof', 'total_ttc_xof']);
  for (const g of doc.totals.groups)
    rows.push([g.taxGroup, taxGroup(g.taxGroup)?.label.fr ?? g.taxGroup, g.netXof, g.taxXof, g.grossXof]);
  rows.push(['TOTAL', '', doc.totals.netXof, doc.totals.taxXof, doc.totals.grossXof]);
  const text = rows.map((r) => r.map(cell).join(';')).join('\r\n');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, 'utf8')]);
}
