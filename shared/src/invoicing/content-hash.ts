/**
 * The content hash of an issued invoice or credit note: SHA-256 (hex) of the canonical JSON
 * (RFC 8785) of six fields. The hub computes it for the ticket's QR, the cloud when it records
 * the document and when it verifies an archive, so both must hash the same text: this is the
 * one place that text is defined. Shared also runs in the browser, so the platform brings its
 * hasher (node:crypto at the hub and the cloud), as for the request signature.
 */
import { canonicalJson } from '../text/canonical-json.js';
import type { InvoiceDraft } from './invoice.js';
import type { InvoiceTotals } from './totals.js';

export interface InvoiceContentHashInput {
  readonly issuerAccountId: string;
  readonly kind: InvoiceDraft['kind'];
  readonly number: string;
  /** ISO 8601 with milliseconds, as `Date.prototype.toISOString` writes it. */
  readonly issuedAt: string;
  readonly document: InvoiceDraft;
  readonly totals: InvoiceTotals;
}

/** Hex SHA-256 of a UTF-8 text. */
export type Sha256Hex = (text: string) => string;

export function invoiceContentHash(input: InvoiceContentHashInput, sha256Hex: Sha256Hex): string {
  // Only the six fields are hashed, whatever else the caller's record carries.
  const { issuerAccountId, kind, number, issuedAt, document, totals } = input;
  const canonical = canonicalJson({ issuerAccountId, kind, number, issuedAt, document, totals });
  if (canonical === undefined) throw new Error('invoice cannot be canonicalised');
  return sha256Hex(canonical);
}
