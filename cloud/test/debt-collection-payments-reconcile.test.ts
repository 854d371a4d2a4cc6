// Proves the reconciliation of issue 26 (part C1) on both databases: a plain wallet payment from a debtor to its
// creditor (not made through a file's /pay) becomes ONE suggestion for the file whose balance matches, else the
// oldest; payments through /pay, to someone who is not a creditor, or rent are never suggested, and re-runs suggest
// nothing twice. Refusals first (other profiles 403, another creditor 404, a file of another debtor 404); confirming
// twice records one payment linked to the ledger operation with no second money movement; rejecting leaves the files
// untouched; the creditor is told of each payment to match; the ledger check holds.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileWalletPayments } from '../src/modules/debt-collection/reconciliation.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { testBackends } from './support/databases.js';
import { debtFile, fundXof, type PaymentResult } from './debt-collection-payments-fixtures.js';
import type { Signed } from './support/people.js';
import { makeCandidate, makeLandlord, type Landlord } from './support/real-estate-fixtures.js';
import { leaseCaller } from './support/real-estate-lease-fixtures.js';
import { availableCenti } from './support/services-fixtures.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

interface Suggestion {
  id: string;
  payerName: string;
  amountXof: number;
  file: { id: string; label: string; leftXof: number } | null;
}

describe.each(testBackends)('debt payment reconciliation on $name', (backend) => {
  let cloud: TestCloud;
  let creditor: Landlord;
  let otherCreditor: Landlord;
  let debtor: Signed;
  let call: ReturnType<typeof leaseCaller>;
  let older: string;
  let matching: string;
  let foreign: string;
  const reconcile = async () =>
    (
      await reconcileWalletPayments(
        { db: cloud.db, notifications: cloud.app.notifications.service, publicUrl: 'http://portal.test' },
        new Date(),
      )
    ).suggested;
  /** A plain wallet payment (the wallet API), 50 FCFA a credit: 1 FCFA = 2 centi-credits. */
  const walletPay = async (from: Signed, to: string, amountXof: number) => {
    const answer = await call(
      from,
      'POST',
      '/v1/wallet/payments',
      { payeeAccountId: to, module: 'debt_collection', amountCentiCredits: amountXof * 2 },
      `plain-${randomUUID()}`,
    );
    expect(answer.statusCode, answer.body).toBe(201);
    return answer.json<{ operationId: string }>().operationId;
  };
  const suggestions = async (who: Signed) => {
    const answer = await call(who, 'GET', '/v1/debt-collection/suggestions');
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json<{ suggestions: Suggestion[] }>().suggestions;
  };
  const paidOf = async (id: string) =>
    (
      await cloud.db.pool.query<{ paid_xof: string; status: string }>(
        'SELECT paid_xof, status FROM collection_files WHERE id = $1',
        [id],
      )
    ).rows[0];

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    call = leaseCaller(cloud);
    creditor = await makeLandlord(cloud, { name: 'Pharmacie Treichville' });
    otherCreditor = await makeLandlord(cloud, { name: 'Garage Abobo' });
    debtor = await makeCandidate(cloud, { name: 'Konan' });
    await fundXof(cloud, debtor.id, 100_000);
    const someoneElse = await makeCandidate(cloud, { name: 'Tiémoko' });
    older = await debtFile(cloud, {
      creditorId: creditor.id,
      debtorId: debtor.id,
      principalXof: 7_000,
      dueOn: '2026-09-01',
    });
    matching = await debtFile(cloud, {
      creditorId: creditor.id,
      debtorId: debtor.id,
      principalXof: 2_500,
      feesXof: 500,
      dueOn: '2026-10-01',
    });
    foreign = await debtFile(cloud, { creditorId: creditor.id, debtorId: someoneElse.id, principalXof: 3_000 });
    // A fresh cloud (migrations, people, wallets) takes over a minute on a loaded machine.
  }, 180_000);
  afterAll(async () => cloud.close());

  it('refuses other profiles, another creditor and a file of another debtor', async () => {
    await walletPay(debtor, creditor.id, 3_000);
    expect(await reconcile()).toBe(1);
    const [s] = await suggestions(creditor);
    if (s === undefined) throw new Error('no suggestion');
    expect((await call(debtor, 'GET', '/v1/debt-collection/suggestions')).statusCode).toBe(403);
    expect((await call(debtor, 'POST', `/v1/debt-collection/suggestions/${s.id}/confirm`, {})).statusCode).toBe(403);
    expect(await suggestions(otherCreditor)).toEqual([]);
    const confirm = (who: Signed, fileId: string, id = s.id) =>
      call(who, 'POST', `/v1/debt-collection/suggestions/${id}/confirm`, { fileId });
    expect((await confirm(otherCreditor, matching)).statusCode).toBe(404);
    expect((await call(otherCreditor, 'POST', `/v1/debt-collection/suggestions/${s.id}/reject`)).statusCode).toBe(404);
    expect((await confirm(creditor, foreign)).statusCode).toBe(404);
    expect((await confirm(creditor, matching, randomUUID())).statusCode).toBe(404);
    expect((await call(creditor, 'POST', `/v1/debt-collection/suggestions/${s.id}/confirm`, {})).statusCode).toBe(400);
    // The creditor's staff read the same queue.
    expect((await suggestions(creditor.staff)).map((x) => x.id)).toEqual([s.id]);
    expect(await paidOf(matching)).toMatchObject({ paid_xof: '0', status: 'open' });
  });

  it('suggests the file whose balance matches, once; confirming twice records one payment and moves no money', async () => {
    expect(await reconcile()).toBe(0);
    const [s, ...rest] = await suggestions(creditor);
    expect(rest).toEqual([]);
    expect(s).toMatchObject({ payerName: 'Konan Test', amountXof: 3_000, file: { id: matching, leftXof: 3_000 } });
    const { rows: notes } = await cloud.db.pool.query<{ recipient_id: string }>(
      "SELECT recipient_id FROM notifications WHERE event_type = 'debt.payment_to_match'",
    );
    expect(notes.map((n) => n.recipient_id)).toEqual([creditor.id]);
    const wallets = [await availableCenti(cloud.db, debtor.id), await availableCenti(cloud.db, creditor.id)];
    const confirm = () =>
      call(creditor.staff, 'POST', `/v1/debt-collection/suggestions/${s?.id ?? ''}/confirm`, { fileId: matching });
    const both = await Promise.all([confirm(), confirm()]);
    expect(both.map((a) => a.statusCode)).toEqual([200, 200]);
    const [first, second] = both.map((a) => a.json<PaymentResult>());
    expect(first?.payment).toMatchObject({
      amountXof: 3_000,
      feesPartXof: 500,
      principalPartXof: 2_500,
      method: 'wallet',
    });
    expect(second?.payment.id).toBe(first?.payment.id);
    expect(first?.file).toMatchObject({ status: 'paid', leftXof: 0 });
    expect(await paidOf(matching)).toMatchObject({ paid_xof: '3000', status: 'paid' });
    expect([await availableCenti(cloud.db, debtor.id), await availableCenti(cloud.db, creditor.id)]).toEqual(wallets);
    const { rows } = await cloud.db.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM collection_payments WHERE file_id = $1 AND ledger_operation_id IS NOT NULL',
      [matching],
    );
    expect(rows[0]?.n).toBe('1');
    expect(await suggestions(creditor)).toEqual([]);
    expect(await reconcile()).toBe(0);
  });

  it('never suggests /pay payments, payments to a non-creditor or already matched ones', async () => {
    const viaPay = await call(debtor, 'POST', `/v1/debt-files/${older}/pay`, {
      amountXof: 1_000,
      idempotencyKey: 'k-file-pay',
    });
    expect(viaPay.statusCode, viaPay.body).toBe(200);
    // The other creditor holds no file of this debtor: a plain purchase, not a repayment.
    await walletPay(debtor, otherCreditor.id, 1_000);
    expect(await reconcile()).toBe(0);
    expect(await suggestions(creditor)).toEqual([]);
    expect(await paidOf(older)).toMatchObject({ paid_xof: '1000', status: 'open' });
  });

  it('suggests the oldest file when no balance matches; rejecting leaves it untouched', async () => {
    await walletPay(debtor, creditor.id, 1_200);
    expect(await reconcile()).toBe(1);
    const [s] = await suggestions(creditor);
    expect(s).toMatchObject({ amountXof: 1_200, file: { id: older, leftXof: 6_000 } });
    const reject = () => call(creditor, 'POST', `/v1/debt-collection/suggestions/${s?.id ?? ''}/reject`);
    expect((await reject()).json()).toEqual({ ok: true });
    expect((await reject()).statusCode).toBe(200);
    expect(await paidOf(older)).toMatchObject({ paid_xof: '1000', status: 'open' });
    expect(await suggestions(creditor)).toEqual([]);
    const late = await call(creditor, 'POST', `/v1/debt-collection/suggestions/${s?.id ?? ''}/confirm`, {
      fileId: older,
    });
    expect(late.statusCode).toBe(409);
    expect(await paidOf(older)).toMatchObject({ paid_xof: '1000', status: 'open' });
    const { rows } = await cloud.db.pool.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE action LIKE 'debt_collection.suggestion_%' ORDER BY seq",
    );
    expect(rows.map((r) => r.action)).toEqual([
      'debt_collection.suggestion_confirmed',
      'debt_collection.suggestion_rejected',
    ]);
    expect((await checkLedger(cloud.db)).ok).toBe(true);
  });
});
