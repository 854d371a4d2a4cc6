// Proves the first-day bug stays fixed: a Z report whose invoice range is wider than the
// ticket ("F-H9A0F015F-2026-000001 à F-H9A0F015F-2026-000002", 49 characters on 48 columns)
// is laid out on two lines instead of throwing and jamming the print queue.
import { describe, expect, it } from 'vitest';
import { zReport, zReportTicket } from '../sync/z-report.js';
import { invoiceEscPos } from './escpos.js';
import { layoutTicket } from './ticket-layout.js';

const session = {
  id: '11111111-1111-4111-8111-111111111111',
  number: 1,
  openedAt: '2026-11-24T07:00:00.000Z',
  openedBy: { id: 'a', name: 'Mariam' },
  floatXof: 20_000,
};
const sale = (n: number) => ({
  number: `F-H9A0F015F-2026-00000${String(n)}`,
  method: 'cash' as const,
  netXof: 10_593,
  taxXof: 1_907,
  grossXof: 12_500,
  walletCentiCredits: 0,
});

describe('Z report with a long register id', () => {
  it('prints on 80 mm without throwing', () => {
    const report = zReport({
      session,
      closedAt: '2026-11-24T19:00:00.000Z',
      closedBy: { id: 'b', name: 'Adjoua' },
      countedXof: 45_000,
      sales: [sale(1), sale(2)],
      creditNotes: [],
      cashTopUps: [],
    });
    expect(() => invoiceEscPos(zReportTicket(report, 'Boutique Awa'), '80mm')).not.toThrow();
    const lines = layoutTicket(zReportTicket(report, 'Boutique Awa'), { columns: 48, codePage: 'wpc1252' }).flatMap(
      (l) => (l.kind === 'text' ? [l.text] : []),
    );
    // The label on its line, the range wrapped and right-aligned below it: nothing lost.
    const at = lines.indexOf('Factures :');
    expect(lines.slice(at, at + 3)).toEqual([
      'Factures :',
      `${' '.repeat(23)}F-H9A0F015F-2026-000001 à`,
      `${' '.repeat(25)}F-H9A0F015F-2026-000002`,
    ]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(48);
  });
});
