// Proves the allocation order of issue 26: fees first then principal within a file (earlier payments covered the fees
// first), the oldest file first across files, and refusals of amounts that are not whole or exceed what is left.
import { describe, expect, it } from 'vitest';
import { allocatePayment, fileLeftXof, spreadOverFiles } from './allocation.js';

describe('debt payment allocation', () => {
  it('refuses zero, negative, fractional amounts and more than what is left', () => {
    const file = { principalXof: 10_000, feesXof: 1_000, paidXof: 0 };
    expect(() => allocatePayment(file, 0)).toThrow(RangeError);
    expect(() => allocatePayment(file, -5)).toThrow(RangeError);
    expect(() => allocatePayment(file, 1.5)).toThrow(RangeError);
    expect(() => allocatePayment(file, 11_001)).toThrow(RangeError);
    expect(() => allocatePayment({ ...file, paidXof: 11_000 }, 1)).toThrow(RangeError);
    expect(() => spreadOverFiles([], 0)).toThrow(RangeError);
  });

  it('takes the fees first, then the principal', () => {
    const file = { principalXof: 10_000, feesXof: 1_000, paidXof: 0 };
    expect(allocatePayment(file, 1_500)).toEqual({ feesPartXof: 1_000, principalPartXof: 500, leftXof: 9_500 });
    expect(allocatePayment(file, 400)).toEqual({ feesPartXof: 400, principalPartXof: 0, leftXof: 10_600 });
    // 400 paid already went to the fees: 600 of fees remain, then principal.
    expect(allocatePayment({ ...file, paidXof: 400 }, 1_000)).toEqual({
      feesPartXof: 600,
      principalPartXof: 400,
      leftXof: 9_600,
    });
    // Fees covered: all principal, and the last franc closes the file.
    expect(allocatePayment({ ...file, paidXof: 10_999 }, 1)).toEqual({
      feesPartXof: 0,
      principalPartXof: 1,
      leftXof: 0,
    });
    expect(allocatePayment({ principalXof: 5_000, feesXof: 0, paidXof: 0 }, 5_000)).toEqual({
      feesPartXof: 0,
      principalPartXof: 5_000,
      leftXof: 0,
    });
    expect(fileLeftXof({ principalXof: 10_000, feesXof: 1_000, paidXof: 2_500 })).toBe(8_500);
  });

  it('spreads a payment naming no file over the files in order, the oldest first', () => {
    const files = [
      { id: 'old', principalXof: 3_000, feesXof: 0, paidXof: 1_000 },
      { id: 'paid', principalXof: 1_000, feesXof: 0, paidXof: 1_000 },
      { id: 'new', principalXof: 5_000, feesXof: 500, paidXof: 0 },
    ];
    expect(spreadOverFiles(files, 1_500)).toEqual({ parts: [{ fileId: 'old', amountXof: 1_500 }], unallocatedXof: 0 });
    expect(spreadOverFiles(files, 4_000)).toEqual({
      parts: [
        { fileId: 'old', amountXof: 2_000 },
        { fileId: 'new', amountXof: 2_000 },
      ],
      unallocatedXof: 0,
    });
    expect(spreadOverFiles(files, 10_000)).toEqual({
      parts: [
        { fileId: 'old', amountXof: 2_000 },
        { fileId: 'new', amountXof: 5_500 },
      ],
      unallocatedXof: 2_500,
    });
  });
});
