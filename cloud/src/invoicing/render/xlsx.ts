/**
 * XLSX for accountants (exceljs): the lines and the totals per tax group as real numbers
 * (no formulas: the values are the invoice's own, and a spreadsheet can sum them), amounts in
 * whole francs with a French thousands format. Text goes through the shared display rule, as
 * in every other output; text cells are string cells, which a spreadsheet never evaluates.
 */
import ExcelJS from 'exceljs';
import { displayText, taxGroup, type IssuedDocument } from '@ismail/shared';

const xofFormat = '#,##0 "FCFA"';

export async function invoiceXlsx(doc: IssuedDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ISMAIL';
  const sheet = workbook.addWorksheet(doc.kind === 'invoice' ? 'Facture' : 'Avoir');
  sheet.columns = [{ width: 44 }, { width: 10 }, { width: 16 }, { width: 14 }, { width: 10 }, { width: 16 }];
  sheet.addRow([doc.kind === 'invoice' ? 'Facture' : 'Avoir', displayText(doc.number)]).font = { bold: true };
  sheet.addRow(['Date', doc.issuedAt]);
  sheet.addRow(['Vendeur', displayText(doc.document.seller.legalName), 'NCC', displayText(doc.document.seller.taxId)]);
  sheet.addRow(['Client', displayText(doc.document.buyer.name ?? doc.document.buyer.kind)]);
  sheet.addRow([]);
  sheet.addRow(['Désignation', 'Quantité', 'Prix unitaire', 'Groupe', 'Taux %', 'Montant']).font = { bold: true };
  doc.document.lines.forEach((line, i) => {
    const total = doc.totals.lines[i];
    const row = sheet.addRow([displayText(line.label), line.quantityMilli / 1000, line.unitPriceXof, displayText(line.taxGroup), (total?.rateBp ?? 0) / 100, total?.amountXof ?? 0]);
    row.getCell(3).numFmt = xofFormat;
    row.getCell(6).numFmt = xofFormat;
  });
  sheet.addRow([]);
  sheet.addRow(['Groupe de taxe', 'Taux %', 'Total HT', 'TVA', '', 'Total TTC']).font = { bold: true };
  for (const g of doc.totals.groups) {
    const row = sheet.addRow([taxGroup(g.taxGroup)?.label.fr ?? g.taxGroup, g.rateBp / 100, g.netXof, g.taxXof, '', g.grossXof]);
    for (const c of [3, 4, 6]) row.getCell(c).numFmt = xofFormat;
  }
  const total = sheet.addRow(['TOTAL', '', doc.totals.netXof, doc.totals.taxXof, '', doc.totals.grossXof]);
  total.font = { bold: true };
  for (const c of [3, 4, 6]) total.getCell(c).numFmt = xofFormat;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
