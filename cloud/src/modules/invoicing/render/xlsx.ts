/**
 * XLSX for accountants (exceljs): the lines and the totals per tax group as real numbers
 * (no formulas: the values are the invoice's own, and a spreadsheet can sum them), amounts in
 * whole francs with a French thousands format. Text goes through the shared display rule, as
 * in every other output; text cells are string cells, which a spreadsheet never evaluates.
 * The head carries the seller's identity, the buyer by name (its type apart), the tax
 * authority's reference and dates as real date cells shown the French way.
 */
import ExcelJS from 'exceljs';
import { authorityLabel, buyerLabel, displayText, taxGroup, type IssuedDocument } from '@ismail/shared';

const xofFormat = '#,##0 "FCFA"';
/**
 * French day first, whatever the reader's locale: a date cell (a serial number, so it sorts
 * and filters as a date) rather than ISO text. Times are UTC like every ISMAIL document
 * (Côte d'Ivoire's time; exceljs writes a Date's UTC value).
 */
export const frenchDateTimeFormat = 'dd/mm/yyyy hh:mm';

export async function invoiceXlsx(doc: IssuedDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ISMAIL';
  const sheet = workbook.addWorksheet(doc.kind === 'invoice' ? 'Facture' : 'Avoir');
  // The second column holds the head's values and dates ("24/11/2026 14:05" needs 17), then quantities.
  sheet.columns = [{ width: 44 }, { width: 18 }, { width: 16 }, { width: 14 }, { width: 10 }, { width: 16 }];
  const { seller, buyer } = doc.document;
  const pair = (label: string, value: string | undefined) => {
    if (value !== undefined) sheet.addRow([label, displayText(value)]);
  };
  const dateRow = (label: string, iso: string) => {
    sheet.addRow([label, new Date(iso)]).getCell(2).numFmt = frenchDateTimeFormat;
  };
  sheet.addRow([doc.kind === 'invoice' ? 'Facture' : 'Avoir', displayText(doc.number)]).font = { bold: true };
  dateRow('Date', doc.issuedAt);
  pair('Vendeur', seller.legalName);
  if (seller.tradeName !== seller.legalName) pair('Enseigne', seller.tradeName);
  pair('Adresse', seller.address);
  pair(seller.country === 'BJ' ? 'IFU' : 'NCC', seller.taxId);
  pair('RCCM', seller.rccm);
  pair('Régime', seller.taxRegime);
  pair('Centre des impôts', seller.taxOffice);
  pair('Tél.', seller.phone);
  sheet.addRow(['Client', displayText(buyerLabel(buyer)), 'Type', buyer.kind]);
  pair('NCC client', buyer.taxId);
  if (doc.document.original !== undefined) pair('Facture corrigée', doc.document.original.number);
  const clearance = doc.clearance ?? undefined;
  if (clearance === undefined) pair('Certification', 'en attente');
  else {
    pair(`Référence ${authorityLabel(clearance.authority)}`, clearance.reference);
    if (clearance.certifiedAt !== undefined) dateRow('Certifiée le', clearance.certifiedAt);
  }
  sheet.addRow([]);
  sheet.addRow(['Désignation', 'Quantité', 'Prix unitaire', 'Groupe', 'Taux %', 'Montant']).font = { bold: true };
  doc.document.lines.forEach((line, i) => {
    const total = doc.totals.lines[i];
    const row = sheet.addRow([
      displayText(line.label),
      line.quantityMilli / 1000,
      line.unitPriceXof,
      displayText(line.taxGroup),
      (total?.rateBp ?? 0) / 100,
      total?.amountXof ?? 0,
    ]);
    row.getCell(3).numFmt = xofFormat;
    row.getCell(6).numFmt = xofFormat;
  });
  sheet.addRow([]);
  sheet.addRow(['Groupe de taxe', 'Taux %', 'Total HT', 'TVA', '', 'Total TTC']).font = { bold: true };
  for (const g of doc.totals.groups) {
    const row = sheet.addRow([
      taxGroup(g.taxGroup)?.label.fr ?? g.taxGroup,
      g.rateBp / 100,
      g.netXof,
      g.taxXof,
      '',
      g.grossXof,
    ]);
    for (const c of [3, 4, 6]) row.getCell(c).numFmt = xofFormat;
  }
  const total = sheet.addRow(['TOTAL', '', doc.totals.netXof, doc.totals.taxXof, '', doc.totals.grossXof]);
  total.font = { bold: true };
  for (const c of [3, 4, 6]) total.getCell(c).numFmt = xofFormat;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
