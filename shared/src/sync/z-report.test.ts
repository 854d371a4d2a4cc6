import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { hubRoleAllows, hubRoleFor } from './hub-staff.js';
import { zReport, ZReportSchema, zReportTicket } from './z-report.js';

const session = {
  id: '11111111-1111-4111-8111-111111111111',
  number: 3,
  openedAt: '2026-11-24T07:00:00.000Z',
  openedBy: { id: 'a', name: 'Mariam' },
  floatXof: 20_000,
};

describe('Z report', () => {
  it('expects float + cash sales + cash for credits − cash refunds in the drawer, and reports the difference', () => {
    const report = zReport({
      session,
      closedAt: '2026-11-24T19:00:00.000Z',
      closedBy: { id: 'b', name: 'Adjoua' },
      countedXof: 51_000,
      sales: [
        {
          number: 'F-H1-2026-000007',
          method: 'cash',
          netXof: 10_593,
          taxXof: 1_907,
          grossXof: 12_500,
          walletCentiCredits: 0,
        },
        {
          number: 'F-H1-2026-000008',
          method: 'wallet',
          netXof: 4_237,
          taxXof: 763,
          grossXof: 5_000,
          walletCentiCredits: 1_000,
        },
        {
          number: 'F-H1-2026-000009',
          method: 'cash',
          netXof: 8_475,
          taxXof: 1_525,
          grossXof: 10_000,
          walletCentiCredits: 0,
        },
      ],
      creditNotes: [
        {
          number: 'AV-H1-2026-000002',
          refund: 'cash',
          netXof: 8_475,
          taxXof: 1_525,
          grossXof: 10_000,
          walletRefundCentiCredits: 0,
        },
      ],
      cashTopUps: [{ amountXof: 15_000 }, { amountXof: 5_000 }],
    });
    expect(report.expectedCashXof).toBe(20_000 + 12_500 + 10_000 + 20_000 - 10_000);
    expect(report.differenceXof).toBe(51_000 - 52_500);
    expect(report.sales).toEqual({
      count: 3,
      grossXof: 27_500,
      cash: { count: 2, grossXof: 22_500 },
      wallet: { count: 1, grossXof: 5_000, centiCredits: 1_000 },
    });
    expect(report.tax).toEqual({ netXof: 14_830, taxXof: 2_670, grossXof: 17_500 });
    expect(report.invoiceNumbers).toEqual({ first: 'F-H1-2026-000007', last: 'F-H1-2026-000009' });
    expect(report.creditNoteNumbers.first).toBe('AV-H1-2026-000002');
    expect(Value.Check(ZReportSchema, report)).toBe(true);
  });

  it('closes an empty session with the float expected and no numbers', () => {
    const report = zReport({
      session,
      closedAt: '2026-11-24T08:00:00.000Z',
      closedBy: session.openedBy,
      countedXof: 20_000,
      sales: [],
      creditNotes: [],
      cashTopUps: [],
    });
    expect(report.differenceXof).toBe(0);
    expect(report.invoiceNumbers).toEqual({ first: null, last: null });
  });
});

describe('hub roles', () => {
  it('lets the owner manage, staff sell with "write", manage with "delete", and nobody else in', () => {
    expect(hubRoleFor({ isOwner: true, isStaff: false, delegatedActions: [] })).toBe('manager');
    expect(hubRoleFor({ isOwner: false, isStaff: true, delegatedActions: ['read', 'write'] })).toBe('cashier');
    expect(hubRoleFor({ isOwner: false, isStaff: true, delegatedActions: ['read', 'write', 'modify', 'delete'] })).toBe(
      'manager',
    );
    expect(hubRoleFor({ isOwner: false, isStaff: true, delegatedActions: ['read'] })).toBeNull();
    expect(hubRoleFor({ isOwner: false, isStaff: false, delegatedActions: ['read', 'write', 'delete'] })).toBeNull();
    expect(hubRoleAllows('cashier', 'manager')).toBe(false);
    expect(hubRoleAllows('manager', 'cashier')).toBe(true);
  });
});

describe('Z report ticket', () => {
  it('prints the count, the expected cash and a negative difference in French', () => {
    const report = zReport({
      session,
      closedAt: '2026-11-24T19:00:00.000Z',
      closedBy: session.openedBy,
      countedXof: 19_500,
      sales: [],
      creditNotes: [],
      cashTopUps: [],
    });
    const text = JSON.stringify(zReportTicket(report, 'Boutique Chez Adjoua — caisse 1'));
    expect(text).toContain('RAPPORT Z N° 3');
    expect(text).toContain('["Espèces attendues","20 000 FCFA"]');
    expect(text).toContain('["Écart","-500 FCFA"]');
    // The wallet line carries both units, credits written the French way.
    expect(text).toContain('"0 FCFA / 0,00 crédits"');
  });
});
