import { describe, expect, it } from 'vitest';
import { historySearch, topUpStatusSearch } from './wallet.js';

describe('wallet search params', () => {
  it('keeps a known kind and real days, and drops anything else', () => {
    expect(historySearch({ kind: 'topUp', from: '2026-12-01', to: '2026-12-05' })).toEqual({
      kind: 'topUp',
      from: '2026-12-01',
      to: '2026-12-05',
    });
    expect(historySearch({ kind: 'DROP', from: '2026-13-01', to: 5, extra: 'x' })).toEqual({});
  });

  it('follows a top-up only by a payment id that is a UUID, and takes the return hint from a closed list', () => {
    const paymentId = '0b6f1b8e-4c3a-4f4e-9d7e-2a1b3c4d5e6f';
    expect(topUpStatusSearch({ provider: 'wave', outcome: 'success', paymentId })).toEqual({
      provider: 'wave',
      outcome: 'success',
      paymentId,
    });
    expect(topUpStatusSearch({ provider: 'paypal', outcome: '<script>', paymentId: '../x' })).toEqual({});
  });
});
