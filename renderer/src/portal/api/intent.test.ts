// A money write's idempotency key is made once per intent and kept until the intent is settled.
import { describe, expect, it } from 'vitest';
import { idempotencyHeaders, intentKey, settleIntent } from './intent.js';

function memoryStore(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

describe('idempotency keys per intent', () => {
  it('gives the same key to every retry of one intent, and a new one after it is settled', () => {
    const store = memoryStore();
    const first = intentKey('transfer:draft-1', store);
    expect(first).toMatch(/^[A-Za-z0-9_.:-]{1,128}$/);
    expect(intentKey('transfer:draft-1', store)).toBe(first);
    expect(idempotencyHeaders('transfer:draft-1', store)).toEqual({ 'idempotency-key': first });
    expect(intentKey('transfer:draft-2', store)).not.toBe(first);
    settleIntent('transfer:draft-1', store);
    expect(intentKey('transfer:draft-1', store)).not.toBe(first);
  });
});
