import { describe, expect, it } from 'vitest';
import { batchDigest } from './ledger-digest.js';

// Batches already in the ledger are checked against digests computed when they committed:
// the bytes hashed may never change. These values came from the digest as first written
// (one hash update per line; hashing one joined text instead measured twice as slow).
const operations = [
  {
    id: '0190a000-0000-7000-8000-000000000002',
    scope: 'acc-b',
    idempotencyKey: 'k|2',
    requestHash: 'b'.repeat(64),
    kind: 'transfer',
  },
  {
    id: '0190a000-0000-7000-8000-000000000001',
    scope: 'system',
    idempotencyKey: 'fund-1',
    requestHash: 'a'.repeat(64),
    kind: 'top_up',
  },
];
const transfers = [
  {
    id: '0190a000-0000-7000-8000-000000000012',
    operationId: '0190a000-0000-7000-8000-000000000002',
    debitCode: 'wallet:b',
    creditCode: 'wallet:c',
    amount: 250,
    leg: 'transfer',
    phase: 'single',
    pendingId: null,
  },
  {
    id: '0190a000-0000-7000-8000-000000000011',
    operationId: '0190a000-0000-7000-8000-000000000001',
    debitCode: 'clearing:wave',
    creditCode: 'wallet:b',
    amount: 100000,
    leg: 'top_up',
    phase: 'post',
    pendingId: '0190a000-0000-7000-8000-000000000010',
  },
];

describe('batchDigest', () => {
  it('hashes the same bytes as the digests already stored', () => {
    expect(batchDigest(operations, transfers)).toBe('7985f623f49c17021e9f54b8590aae5c9824d3089c23d729508a8142b09187d2');
    expect(batchDigest([], [])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('does not depend on the order rows are given in, and changes with any pinned field', () => {
    const digest = batchDigest(operations, transfers);
    expect(batchDigest([...operations].reverse(), [...transfers].reverse())).toBe(digest);
    const [first, second] = transfers;
    if (first === undefined || second === undefined) throw new Error('fixture');
    expect(batchDigest(operations, [{ ...first, amount: 251 }, second])).not.toBe(digest);
    expect(batchDigest(operations, [first, { ...second, pendingId: null }])).not.toBe(digest);
  });
});
