// Proves payments against debt files (issue 26, part C1) on both databases: refusals first (another debtor's file and
// a stranger get 404, the creditor cannot pay as debtor nor a client record cash, more than left and a closed file
// get 409, ISMAIL's own and rent files are not paid here), then the fees-first allocation, the debtor paying half
// then the rest from the wallet (the file stays in reminder with the right balance, then closes; wallets move by the
// amounts exactly, less the 5 % commission; the ledger check holds; the creditor is notified), and twenty concurrent
// full payments with different keys paying once, the same key twice paying once; a source's own payments (rent, an
// overdraft repaid) recorded on its file without ever refusing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentOf } from '@ismail/shared';
import { recordDebtSourcePayment } from '../src/modules/debt-collection/payments-apply.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { testBackends } from './support/databases.js';
import { debtFile, fundXof, type PaymentResult } from './debt-collection-payments-fixtures.js';
import type { Signed } from './support/people.js';
import { makeCandidate, makeLandlord, type Landlord } from './support/real-estate-fixtures.js';
import { leaseCaller } from './support/real-estate-lease-fixtures.js';
import { availableCenti } from './support/services-fixtures.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

describe.each(testBackends)('debt file payments on $name', (backend) => {
  let cloud: TestCloud;
  let creditor: Landlord;
  let otherCreditor: Landlord;
  let debtor: Signed;
  let otherDebtor: Signed;
  let call: ReturnType<typeof leaseCaller>;
  const pay = (who: Signed, fileId: string, amountXof: number, idempotencyKey: string) =>
    call(who, 'POST', `/v1/debt-files/${fileId}/pay`, { amountXof, idempotencyKey });
  const record = (who: Signed, fileId: string, body: Record<string, unknown>) =>
    call(who, 'POST', `/v1/debt-files/${fileId}/payments`, {
      method: 'cash',
      paidOn: new Date().toISOString().slice(0, 10),
      ...body,
    });
  const fileRow = async (id: string) =>
    (
      await cloud.db.pool.query<{ status: string; paid_xof: string; closed_at: Date | null }>(
        'SELECT status, paid_xof, closed_at FROM collection_files WHERE id = $1',
        [id],
      )
    ).rows[0];
  const paymentCount = async (fileId: string) =>
    Number(
      (
        await cloud.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM collection_payments WHERE file_id = $1', [
          fileId,
        ])
      ).rows[0]?.n,
    );

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    call = leaseCaller(cloud);
    creditor = await makeLandlord(cloud, { name: 'Boutique Adjamé' });
    otherCreditor = await makeLandlord(cloud, { name: 'Quincaillerie Yopougon' });
    debtor = await makeCandidate(cloud, { name: 'Kouassi' });
    otherDebtor = await makeCandidate(cloud, { name: 'Aya' });
    await fundXof(cloud, debtor.id, 200_000);
    await fundXof(cloud, otherDebtor.id, 50_000);
    // A fresh cloud (migrations, people, wallets) takes over a minute on a loaded machine.
  }, 180_000);
  afterAll(async () => cloud.close());

  it('refuses strangers, the wrong side, malformed amounts, more than left, ISMAIL and rent files', async () => {
    const file = await debtFile(cloud, { creditorId: creditor.id, debtorId: debtor.id, principalXof: 10_000 });
    // Another debtor, the creditor itself, a random file: 404, never a hint that it exists.
    expect((await pay(otherDebtor, file, 1_000, 'k-other')).statusCode).toBe(404);
    expect((await pay(creditor, file, 1_000, 'k-creditor')).statusCode).toBe(404);
    expect((await pay(debtor, randomUUID(), 1_000, 'k-random')).statusCode).toBe(404);
    expect((await call(otherDebtor, 'GET', `/v1/debt-files/${file}/payments`)).statusCode).toBe(404);
    // Recording is a creditor's: a client is refused before the body is read; another creditor sees no file.
    expect((await call(debtor, 'POST', `/v1/debt-files/${file}/payments`, {})).statusCode).toBe(403);
    expect((await record(otherCreditor, file, { amountXof: 1_000, reference: 'R-X' })).statusCode).toBe(404);
    // Malformed: no key, zero, a fraction, an unknown field.
    expect((await call(debtor, 'POST', `/v1/debt-files/${file}/pay`, { amountXof: 1_000 })).statusCode).toBe(400);
    expect((await pay(debtor, file, 0, 'k-zero')).statusCode).toBe(400);
    expect((await pay(debtor, file, 10.5, 'k-frac')).statusCode).toBe(400);
    expect(
      (await record(creditor, file, { amountXof: 1_000, reference: 'R-1', paidOn: '2999-01-01' })).statusCode,
    ).toBe(400);
    const over = await pay(debtor, file, 10_001, 'k-over');
    expect(over.statusCode).toBe(409);
    expect(over.json<{ error: { message: string } }>().error.message).toContain('dépasse le reste dû');
    expect((await record(creditor, file, { amountXof: 10_001, reference: 'R-over' })).statusCode).toBe(409);
    // ISMAIL's own file (an offline overdraft) is repaid by the wallet's reconciliation, a rent from the lease.
    const ismail = await debtFile(cloud, { creditorId: null, debtorId: debtor.id, principalXof: 2_000 });
    const refused = await pay(debtor, ismail, 2_000, 'k-ismail');
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ error: { message: string } }>().error.message).toContain('avance d’ISMAIL');
    const rent = await debtFile(cloud, {
      creditorId: creditor.id,
      debtorId: debtor.id,
      principalXof: 2_000,
      source: 'lease_rent',
    });
    expect((await pay(debtor, rent, 2_000, 'k-rent')).statusCode).toBe(409);
    // More than the wallet holds (50 000 FCFA of credits): refused in French, nothing written.
    const big = await debtFile(cloud, { creditorId: creditor.id, debtorId: otherDebtor.id, principalXof: 60_000 });
    const poor = await pay(otherDebtor, big, 60_000, 'k-poor');
    expect(poor.statusCode).toBe(409);
    expect(poor.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      message: expect.stringContaining('pas assez de crédits') as unknown,
    });
    expect(await paymentCount(big)).toBe(0);
    expect(await paymentCount(file)).toBe(0);
    expect(await fileRow(file)).toMatchObject({ status: 'open', paid_xof: '0' });
  });

  it('allocates fees first, then principal; a creditor’s reference records once', async () => {
    const file = await debtFile(cloud, {
      creditorId: creditor.id,
      debtorId: debtor.id,
      principalXof: 10_000,
      feesXof: 1_000,
    });
    const first = await record(creditor.staff, file, { amountXof: 1_500, reference: 'RECU-0001' });
    expect(first.statusCode, first.body).toBe(201);
    const result = first.json<PaymentResult>();
    expect(result.payment).toMatchObject({
      amountXof: 1_500,
      feesPartXof: 1_000,
      principalPartXof: 500,
      method: 'cash',
      reference: 'RECU-0001',
      leftXof: 9_500,
    });
    expect(result.file).toMatchObject({ paidXof: 1_500, leftXof: 9_500, status: 'open' });
    // The same reference again: the same payment; with another amount, refused.
    const again = await record(creditor, file, { amountXof: 1_500, reference: 'RECU-0001' });
    expect(again.statusCode).toBe(200);
    expect(again.json<PaymentResult>().payment.id).toBe(result.payment.id);
    expect((await record(creditor, file, { amountXof: 900, reference: 'RECU-0001' })).statusCode).toBe(409);
    const next = await record(creditor, file, { amountXof: 700, reference: 'VIR-77', method: 'bank' });
    expect(next.json<PaymentResult>().payment).toMatchObject({ feesPartXof: 0, principalPartXof: 700, leftXof: 8_800 });
    // Both sides read the payments, oldest first.
    for (const who of [creditor, debtor]) {
      const list = await call(who, 'GET', `/v1/debt-files/${file}/payments`);
      expect(list.statusCode).toBe(200);
      expect(list.json<{ payments: { reference: string }[] }>().payments.map((p) => p.reference)).toEqual([
        'RECU-0001',
        'VIR-77',
      ]);
    }
    const { rows } = await cloud.db.pool.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE action = 'debt_collection.payment_recorded' AND subject_id = $1",
      [file],
    );
    expect(rows).toHaveLength(2);
  });

  it('pays half from the wallet (the file stays in reminder), then the rest closes it; the ledger agrees', async () => {
    const file = await debtFile(cloud, {
      creditorId: creditor.id,
      debtorId: debtor.id,
      principalXof: 20_000,
      status: 'in_reminder',
    });
    const debtorBefore = await availableCenti(cloud.db, debtor.id);
    const creditorBefore = await availableCenti(cloud.db, creditor.id);
    const half = await pay(debtor, file, 10_000, 'k-half-1');
    expect(half.statusCode, half.body).toBe(200);
    const first = half.json<PaymentResult>();
    expect(first.payment).toMatchObject({ amountXof: 10_000, method: 'wallet', leftXof: 10_000 });
    expect(first.file).toMatchObject({ status: 'in_reminder', paidXof: 10_000, leftXof: 10_000, closedAt: null });
    // A double tap: the same payment, the wallet debited once (50 FCFA a credit: 10 000 FCFA = 20 000 centi-credits).
    const replay = await pay(debtor, file, 10_000, 'k-half-1');
    expect(replay.json<PaymentResult>().payment.id).toBe(first.payment.id);
    expect(await availableCenti(cloud.db, debtor.id)).toBe(debtorBefore - 20_000);
    expect(await availableCenti(cloud.db, creditor.id)).toBe(creditorBefore + 20_000 - percentOf(20_000, 500));

    const rest = await pay(debtor, file, 10_000, 'k-half-2');
    expect(rest.statusCode, rest.body).toBe(200);
    const closed = rest.json<PaymentResult>();
    expect(closed.file).toMatchObject({ status: 'paid', leftXof: 0 });
    expect(closed.file.closedAt).not.toBeNull();
    expect(await availableCenti(cloud.db, debtor.id)).toBe(debtorBefore - 40_000);
    expect(await availableCenti(cloud.db, creditor.id)).toBe(creditorBefore + 40_000 - 2 * percentOf(20_000, 500));
    const closedAgain = await pay(debtor, file, 1, 'k-half-3');
    expect(closedAgain.statusCode).toBe(409);
    expect((await record(creditor, file, { amountXof: 1, reference: 'R-closed' })).statusCode).toBe(409);

    const { rows: legs } = await cloud.db.pool.query<{ leg: string }>(
      `SELECT t.leg FROM ledger_transfers t JOIN collection_payments p ON p.ledger_operation_id = t.operation_id
        WHERE p.id = $1 ORDER BY t.seq`,
      [closed.payment.id],
    );
    expect(legs.map((l) => l.leg)).toEqual(['payment', 'platform_commission', 'tax']);
    const { rows: notes } = await cloud.db.pool.query<{ event_type: string; recipient_id: string }>(
      `SELECT event_type, recipient_id FROM notifications WHERE event_key IN ($1, $2, $3) ORDER BY event_type`,
      [`debt-payment:${first.payment.id}`, `debt-payment:${closed.payment.id}`, `debt-file-paid:${file}`],
    );
    expect(notes).toEqual([
      { event_type: 'debt.file_paid', recipient_id: creditor.id },
      { event_type: 'debt.payment_received', recipient_id: creditor.id },
      { event_type: 'debt.payment_received', recipient_id: creditor.id },
    ]);
    const { rows: events } = await cloud.db.pool.query<{ kind: string }>(
      "SELECT kind FROM collection_file_events WHERE file_id = $1 AND kind IN ('payment', 'status') ORDER BY id",
      [file],
    );
    expect(events.map((e) => e.kind)).toEqual(['payment', 'payment', 'status']);
    expect((await checkLedger(cloud.db)).ok).toBe(true);
  });

  it('pays once out of twenty concurrent full payments, and once for the same key sent twice at once', async () => {
    const file = await debtFile(cloud, { creditorId: creditor.id, debtorId: debtor.id, principalXof: 5_000 });
    const before = await availableCenti(cloud.db, debtor.id);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pay(debtor, file, 5_000, `k-race-${String(i)}`)),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    expect(await paymentCount(file)).toBe(1);
    expect(await availableCenti(cloud.db, debtor.id)).toBe(before - 10_000);
    expect(await fileRow(file)).toMatchObject({ status: 'paid', paid_xof: '5000' });

    const twice = await debtFile(cloud, { creditorId: creditor.id, debtorId: debtor.id, principalXof: 3_000 });
    const same = await Promise.all([pay(debtor, twice, 1_000, 'k-same'), pay(debtor, twice, 1_000, 'k-same')]);
    expect(same.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(same[0]?.json<PaymentResult>().payment.id).toBe(same[1]?.json<PaymentResult>().payment.id);
    expect(await paymentCount(twice)).toBe(1);
    expect(await fileRow(twice)).toMatchObject({ status: 'open', paid_xof: '1000' });
    expect(await availableCenti(cloud.db, debtor.id)).toBe(before - 12_000);
    // The same key for another file is not a new payment.
    expect((await pay(debtor, file, 1_000, 'k-same')).statusCode).toBe(409);
    expect((await checkLedger(cloud.db)).ok).toBe(true);
  });

  it('records a source’s own payments on its file: clamped to what is left, an overdraft linked to its operation', async () => {
    const record = (source: 'lease_rent' | 'overdraft', sourceRef: string, amountXof: number, paymentId: string) =>
      withTransaction(cloud.db.pool, (client) =>
        recordDebtSourcePayment(client, {
          source,
          sourceRef,
          amountXof,
          actor: 'test',
          detail: { method: 'wallet', paymentId },
        }),
      );
    expect(await record('lease_rent', 'no-such-due', 1_000, randomUUID())).toBeNull();
    const rent = await debtFile(cloud, {
      creditorId: creditor.id,
      debtorId: debtor.id,
      principalXof: 4_000,
      source: 'lease_rent',
    });
    const rentRef = `test:${rent}`;
    // The rent module checked its own due; the file takes what it has left and closes, never refuses.
    expect(await record('lease_rent', rentRef, 5_000, randomUUID())).toMatchObject({ status: 'paid', leftXof: 0 });
    expect(await record('lease_rent', rentRef, 1_000, randomUUID())).toMatchObject({ status: 'paid', leftXof: 0 });
    const ismail = await debtFile(cloud, {
      creditorId: null,
      debtorId: debtor.id,
      principalXof: 3_000,
      source: 'overdraft',
    });
    const operationId = randomUUID();
    expect(await record('overdraft', `test:${ismail}`, 1_000, operationId)).toMatchObject({ leftXof: 2_000 });
    const { rows } = await cloud.db.pool.query<{ file_id: string; method: string; ledger_operation_id: string | null }>(
      'SELECT file_id, method, ledger_operation_id FROM collection_payments WHERE file_id = ANY($1) ORDER BY seq',
      [[rent, ismail]],
    );
    expect(rows).toEqual([
      { file_id: rent, method: 'wallet', ledger_operation_id: null },
      { file_id: ismail, method: 'overdraft_reconciliation', ledger_operation_id: operationId },
    ]);
  });
});
