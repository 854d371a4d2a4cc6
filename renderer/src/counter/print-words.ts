/**
 * A print job in staff's words (issue 19): its document by a person's name ("Ticket de la
 * facture F-…", "Rapport Z n° 3") and why it was set aside, as translation keys and values.
 * The raw document key and the hub's technical reason stay for support, never as the message.
 * Keys are checked in both languages by print-words.test.ts (this is not a .tsx file).
 */
import type { PrintFailure } from '@ismail/shared';

export interface Words {
  readonly key: string;
  readonly values: Record<string, string | number>;
}

/**
 * The document a job prints, from its key as the hub and the counter write it (`invoice:<number>`, `z-report:<n>`…).
 */
export function documentWords(documentKey: string): Words {
  const colon = documentKey.indexOf(':');
  const kind = colon < 0 ? documentKey : documentKey.slice(0, colon);
  const reference = colon < 0 ? '' : documentKey.slice(colon + 1);
  switch (kind) {
    case 'invoice':
      return { key: 'printDocument.invoice', values: { reference } };
    case 'z-report':
      return { key: 'printDocument.zReport', values: { reference } };
    case 'top-up':
      return { key: 'printDocument.topUp', values: {} };
    case 'test':
      return { key: 'printDocument.testPage', values: {} };
    default:
      return { key: 'printDocument.other', values: { reference: documentKey } };
  }
}

/** What happened and what to do, from the hub's codes; an unknown link code reads as a generic repeated failure. */
export function failureWords(failure: PrintFailure): Words {
  if (failure.code === 'ENCODING_FAILED') return { key: 'printFailure.encoding', values: {} };
  const values = { times: failure.times };
  switch (failure.cause) {
    case 'PRINTER_CONNECTION_LOST':
      return { key: 'printFailure.connectionLost', values };
    case 'PRINTER_TIMEOUT':
      return { key: 'printFailure.timeout', values };
    case 'PRINTER_UNREACHABLE':
      return { key: 'printFailure.unreachable', values };
    case 'TRANSPORT_UNAVAILABLE':
      return { key: 'printFailure.transportUnavailable', values };
    case null:
    default:
      return { key: 'printFailure.repeated', values };
  }
}
