// Proves certifyOnce keeps the clearance rule with a scripted connector: final outcomes are
// returned as stored, an uncertain one is recovered before any new certify (unless known
// never to have reached the authority, which is simply sent again), a crash after
// the authority answered is reconciled instead of resent, and concurrent callers share one call.
import { describe, expect, it } from 'vitest';
import { certifyOnce, memoryClearanceStore } from './certify-once.js';
import type { ClearanceConnector, ClearanceInvoice, ClearanceOutcome } from './connector.js';

const invoice: ClearanceInvoice = {
  invoiceId: '0b9a3b7e-3c55-4f4b-8f1c-6a4e2d1c9b8a',
  kind: 'invoice',
  number: 'X-1',
  issuedAt: '2026-03-01T10:00:00Z',
  seller: { taxId: '1234567A', legalName: 'Boutique' },
  buyer: { kind: 'B2C' },
  lines: [{ label: 'Riz', quantity: 1, unitPriceXof: 1180, taxGroup: 'CI-TVA-18', taxRateBp: 1800, discountXof: 0 }],
  totals: { totalXof: 1180, taxXof: 180, netXof: 1000 },
  paymentMethod: 'cash',
};

const certified: ClearanceOutcome = {
  status: 'certified',
  authorityReference: 'R1',
  qrData: 'Q1',
  certifiedAt: '2026-03-01T10:00:00.000Z',
  raw: {},
};

function scripted(
  certifyAnswers: (ClearanceOutcome | Error)[],
  recoverAnswers: (ClearanceOutcome | { status: 'not_found' })[],
): ClearanceConnector & { calls: string[] } {
  const calls: string[] = [];
  return {
    authority: 'fne',
    calls,
    certify: async () => {
      calls.push('certify');
      const next = certifyAnswers.shift();
      if (next === undefined) throw new Error('unexpected certify');
      if (next instanceof Error) throw next;
      return next;
    },
    recover: async () => {
      calls.push('recover');
      const next = recoverAnswers.shift();
      if (next === undefined) throw new Error('unexpected recover');
      return next;
    },
    health: async () => ({ ok: true, detail: '' }),
  };
}

describe('certifyOnce', () => {
  it('certifies once and then answers from the store', async () => {
    const store = memoryClearanceStore();
    const connector = scripted([certified], []);
    expect(await certifyOnce(connector, invoice, store)).toEqual(certified);
    expect(await certifyOnce(connector, invoice, store)).toEqual(certified);
    expect(connector.calls).toEqual(['certify']);
  });

  it('keeps a rejection final', async () => {
    const store = memoryClearanceStore();
    const connector = scripted([{ status: 'rejected', code: 'FNE_BAD_REQUEST', message: 'no' }], []);
    await certifyOnce(connector, invoice, store);
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({ status: 'rejected' });
    expect(connector.calls).toEqual(['certify']);
  });

  it('recovers an uncertain outcome before any retry, and retries only when the authority has nothing', async () => {
    const store = memoryClearanceStore();
    const connector = scripted(
      [{ status: 'uncertain', reason: 'timeout', next: 'recover' }, certified],
      [{ status: 'uncertain', reason: 'still down', next: 'recover' }, { status: 'not_found' }],
    );
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({ status: 'uncertain', reason: 'timeout' });
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({ status: 'uncertain', reason: 'still down' });
    expect(await certifyOnce(connector, invoice, store)).toEqual(certified);
    expect(connector.calls).toEqual(['certify', 'recover', 'recover', 'certify']);
  });

  it('sends again without recovering when the authority certainly never got it', async () => {
    const store = memoryClearanceStore();
    const connector = scripted(
      [{ status: 'uncertain', reason: 'no answer (ECONNREFUSED)', next: 'resend' }, certified],
      [],
    );
    expect(await certifyOnce(connector, invoice, store)).toMatchObject({ status: 'uncertain', next: 'resend' });
    expect(await certifyOnce(connector, invoice, store)).toEqual(certified);
    expect(connector.calls).toEqual(['certify', 'certify']);
  });

  it('after a crash between the answer and the write, the next call recovers instead of resending', async () => {
    const store = memoryClearanceStore();
    const connector = scripted([new Error('process died')], [certified]);
    await expect(certifyOnce(connector, invoice, store)).rejects.toThrow('process died');
    expect(store.outcomes.get(invoice.invoiceId)).toMatchObject({ status: 'uncertain' });
    expect(await certifyOnce(connector, invoice, store)).toEqual(certified);
    expect(connector.calls).toEqual(['certify', 'recover']);
  });

  it('shares one attempt between concurrent callers of the same invoice', async () => {
    const store = memoryClearanceStore();
    const connector = scripted([certified], []);
    const outcomes = await Promise.all([
      certifyOnce(connector, invoice, store),
      certifyOnce(connector, invoice, store),
    ]);
    expect(outcomes).toEqual([certified, certified]);
    expect(connector.calls).toEqual(['certify']);
  });
});
