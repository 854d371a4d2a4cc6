/** An issued invoice in any format, from the archive (the stored, hashed document). */
import { invoiceEscPos, invoiceLayout, type IssuedDocument } from '@ismail/shared';
import type { InvoiceRecord } from '../invoices.js';
import { invoiceCsv } from './csv.js';
import { invoicePdf } from './pdf.js';
import { invoiceXlsx } from './xlsx.js';

export const invoiceFormats = ['pdf', 'ticket80', 'ticket58', 'csv', 'xlsx', 'escpos80', 'escpos58'] as const;
export type InvoiceFormat = (typeof invoiceFormats)[number];

export function issuedDocument(record: InvoiceRecord, publicUrl: string): IssuedDocument {
  if (
    record.status !== 'issued' ||
    record.number === null ||
    record.totals === null ||
    record.issuedAt === null ||
    record.contentHash === null
  ) {
    throw new RangeError('only an issued invoice can be exported');
  }
  return {
    kind: record.kind,
    number: record.number,
    issuedAt: record.issuedAt,
    document: record.document,
    totals: record.totals,
    contentHash: record.contentHash,
    clearance:
      record.clearanceStatus === 'certified' && record.authorityReference !== null && record.qrData !== null
        ? {
            // The authority that certified it (FNE, e-MECeF); 'DGI' for a record that does not say.
            authority: record.authority ?? 'DGI',
            reference: record.authorityReference,
            qrData: record.qrData,
            ...(record.certifiedAt === null || record.certifiedAt === undefined
              ? {}
              : { certifiedAt: record.certifiedAt }),
          }
        : null,
    verificationUrl: `${publicUrl}/v1/invoices/${record.id}/verify?hash=${record.contentHash}`,
  };
}

/** `logo`: the issuer's logo for the PDFs (ISMAIL's mark when undefined). */
export async function exportInvoice(
  record: InvoiceRecord,
  format: InvoiceFormat,
  publicUrl: string,
  logo?: Buffer,
): Promise<{ bytes: Buffer; contentType: string; extension: string }> {
  const doc = issuedDocument(record, publicUrl);
  const blocks = invoiceLayout(doc);
  switch (format) {
    case 'pdf':
      return { bytes: await invoicePdf(blocks, 'a4', logo), contentType: 'application/pdf', extension: 'pdf' };
    case 'ticket80':
      return { bytes: await invoicePdf(blocks, '80mm', logo), contentType: 'application/pdf', extension: 'pdf' };
    case 'ticket58':
      return { bytes: await invoicePdf(blocks, '58mm', logo), contentType: 'application/pdf', extension: 'pdf' };
    case 'csv':
      return { bytes: invoiceCsv(doc), contentType: 'text/csv; charset=utf-8', extension: 'csv' };
    case 'xlsx':
      return {
        bytes: await invoiceXlsx(doc),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        extension: 'xlsx',
      };
    case 'escpos80':
      return {
        bytes: Buffer.from(invoiceEscPos(blocks, '80mm')),
        contentType: 'application/octet-stream',
        extension: 'bin',
      };
    case 'escpos58':
      return {
        bytes: Buffer.from(invoiceEscPos(blocks, '58mm')),
        contentType: 'application/octet-stream',
        extension: 'bin',
      };
  }
}
