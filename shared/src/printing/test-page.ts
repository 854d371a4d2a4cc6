/**
 * The test page a manager prints to check a printer: French with accents and a dash, the
 * printer's own settings, a QR. Drawn here (not in a route) so the layout property test
 * lays it out with any printer name.
 */
import type { LayoutBlock } from '../invoicing/layout.js';

export interface TestPageInput {
  readonly printerName: string;
  readonly transport: string;
  readonly widthMm: number;
  /** ISO instant the page was asked for. */
  readonly at: string;
}

export function testPageTicket(input: TestPageInput): LayoutBlock[] {
  return [
    { type: 'title', text: 'ISMAIL : page de test' },
    { type: 'text', text: 'Crème brûlée — 12 500 FCFA' },
    {
      type: 'pairs',
      pairs: [
        ['Imprimante', input.printerName],
        ['Liaison', input.transport],
        ['Largeur', `${String(input.widthMm)} mm`],
        ['Date', input.at],
      ],
    },
    { type: 'qr', data: 'https://ismail.ci/test', caption: 'QR de test' },
  ];
}
