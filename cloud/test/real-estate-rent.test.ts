// Proves rent under a signed lease (issue 25): refusals first (the landlord cannot pay for the tenant, the tenant
// cannot record cash, a third party sees no due, overpaying and a missing key are refused), then a rent unpaid past its
// grace days opens exactly ONE debt file (not a day before; re-runs and two racing runs open no second), paying it from
// the wallet in two parts (the same key pays once) closes the file and issues receipts, with the module's 4 %
// commission and the ledger check holding; the landlord's cash record moves no money; reminders go once, three days
// before.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentOf } from '@ismail/shared';
import { LeaseFlows } from '../src/modules/real-estate/lease-flows.js';
import type { LeaseView } from '../src/modules/real-estate/lease-read.js';
import { openLateRentFiles, remindRent } from '../src/modules/real-estate/rent-jobs.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { testBackends } from './support/databases.js';
import type { Signed } from './support/people.js';
import { makeCandidate, makeLandlord, publishListing, type Landlord } from './support/real-estate-fixtures.js';
import { giveIsmailId, leaseCaller, sha256, signedLease } from './support/real-estate-lease-fixtures.js';
import { availableCenti } from './support/services-fixtures.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { cashHub } from './support/wallet-fixtures.js';

interface PaymentResult {
  payment: { id: string; amountXof: number; method: string; receiptDocumentId: string | null };
  lease: LeaseView;
}

describe.each(testBackends)('real estate rent on $name', (backend) => {
  let cloud: TestCloud;
  let landlord: Landlord;
  let tenant: Signed & { ismailId: string };
  let stranger: Signed;
  let lease: LeaseView;
  let call: ReturnType<typeof leaseCaller>;
  const flowsAt = (at: string): { flows: LeaseFlows; now: Date } => {
    const now = new Date(`${at}T10:00:00Z`);
    return { flows: new LeaseFlows(cloud.db, cloud.app.notifications.service, 'http://portal.test', () => now), now };
  };
  const late = async (at: string): Promise<number> => {
    const { flows, now } = flowsAt(at);
    return openLateRentFiles(cloud.db, flows, now);
  };
  const filesOf = async (dueId: string) =>
    (
      await cloud.db.pool.query<{
        id: string;
        status: string;
        principal_xof: string;
        paid_xof: string;
        creditor_id: string;
        debtor_id: string;
      }>(
        "SELECT id, status, principal_xof, paid_xof, creditor_id, debtor_id FROM collection_files WHERE source = 'lease_rent' AND source_ref = $1",
        [dueId],
      )
    ).rows;
  const dueOf = (l: LeaseView, period: string) => {
    const due = l.dues.find((d) => d.period === period);
    if (due === undefined) throw new Error(`no due for ${period}`);
    return due;
  };

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    call = leaseCaller(cloud);
    landlord = await makeLandlord(cloud, { name: 'Yao Gestion' });
    const candidate = await makeCandidate(cloud, { name: 'Mariam' });
    tenant = { ...candidate, ismailId: await giveIsmailId(cloud, candidate.id) };
    stranger = await makeCandidate(cloud, { name: 'Intrus' });
    await cloud.app.wallet.operations.buyCreditsWithCash(
      { actor: { label: 'test' }, scope: 'system', idempotencyKey: `seed-tenant-${tenant.id}` },
      { accountId: tenant.id, hubId: await cashHub(cloud.db), amountXof: 300_000 },
    );
    const listingId = await publishListing(cloud, landlord, { title: 'Studio Marcory', priceXof: 100_000 });
    // Starts 1 January 2027, 100 000 FCFA a month, due on the 5th (the first month on the 1st), 5 days' grace.
    lease = await signedLease(cloud, landlord, tenant, listingId);
  });
  afterAll(async () => cloud.close());

  it('refuses the landlord paying, the tenant recording cash, a stranger, overpaying and a missing key', async () => {
    const jan = dueOf(lease, '2027-01');
    expect(jan).toMatchObject({ dueOn: '2027-01-01', amountXof: 100_000, paidXof: 0, status: 'due' });
    const pay = `/v1/real-estate/rent-dues/${jan.id}/pay`;
    const record = `/v1/real-estate/rent-dues/${jan.id}/record`;
    expect((await call(landlord, 'POST', pay, {}, 'k-landlord-pays')).statusCode).toBe(403);
    expect((await call(tenant, 'POST', record, { amountXof: 1000, method: 'cash' }, 'k-tenant-cash')).statusCode).toBe(
      403,
    );
    expect((await call(stranger, 'POST', pay, {}, 'k-stranger')).statusCode).toBe(404);
    expect(
      (
        await call(
          landlord,
          'POST',
          `/v1/real-estate/rent-dues/${randomUUID()}/record`,
          { amountXof: 1, method: 'cash' },
          'k-x',
        )
      ).statusCode,
    ).toBe(404);
    const over = await call(tenant, 'POST', pay, { amountXof: 100_001 }, 'k-over');
    expect(over.statusCode).toBe(400);
    expect(over.json<{ error: { message: string } }>().error.message).toContain('dépasse le reste dû');
    expect(
      (await call(landlord, 'POST', record, { amountXof: 100_001, method: 'cash' }, 'k-over-cash')).statusCode,
    ).toBe(400);
    expect((await call(tenant, 'POST', pay, {})).statusCode).toBe(400);
    const { rows } = await cloud.db.pool.query('SELECT 1 FROM real_estate_rent_payments');
    expect(rows).toHaveLength(0);
  });

  it('opens exactly one debt file for a rent unpaid past its grace days, whatever re-runs or races', async () => {
    const jan = dueOf(lease, '2027-01');
    // Due on 1 January with 5 days' grace: still in time on the 6th, late from the 7th.
    expect(await late('2027-01-06')).toBe(0);
    expect(await filesOf(jan.id)).toHaveLength(0);
    expect(await late('2027-01-07')).toBe(1);
    expect(await late('2027-01-07')).toBe(0);
    const [file] = await filesOf(jan.id);
    expect(file).toMatchObject({
      status: 'open',
      principal_xof: '100000',
      creditor_id: landlord.id,
      debtor_id: tenant.id,
    });
    // February's due (the 5th, late from the 11th): two runs at once still open one file.
    const feb = dueOf(lease, '2027-02');
    const raced = await Promise.all([late('2027-02-11'), late('2027-02-11'), late('2027-02-11')]);
    expect(raced.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await filesOf(feb.id)).toHaveLength(1);
    expect(await filesOf(jan.id)).toHaveLength(1);

    // Read as of the 7th (the app's clock is today's, before the lease starts).
    const read = await flowsAt('2027-01-07').flows.view(lease.id, tenant.id);
    expect(dueOf(read, '2027-01')).toMatchObject({ late: true, collectionFileId: file?.id });
    const { rows: notes } = await cloud.db.pool.query<{ recipient_id: string }>(
      "SELECT recipient_id FROM notifications WHERE event_type = 'real_estate.rent_late' AND event_key = $1",
      [`re-rent-late:${jan.id}`],
    );
    expect(notes.map((n) => n.recipient_id).sort()).toEqual([landlord.id, tenant.id].sort());
  });

  it('pays the late rent from the wallet in two parts, once per key: the file closes, receipts are issued', async () => {
    const jan = dueOf(lease, '2027-01');
    const pay = `/v1/real-estate/rent-dues/${jan.id}/pay`;
    const before = await availableCenti(cloud.db, tenant.id);
    const landlordBefore = await availableCenti(cloud.db, landlord.id);
    const first = await call(tenant, 'POST', pay, { amountXof: 40_000 }, 'k-jan-1');
    expect(first.statusCode, first.body).toBe(200);
    const part = first.json<PaymentResult>();
    expect(part.payment).toMatchObject({ amountXof: 40_000, method: 'wallet' });
    expect(dueOf(part.lease, '2027-01')).toMatchObject({ paidXof: 40_000, status: 'due' });
    // The same key again: the same payment, paid once.
    const replay = await call(tenant, 'POST', pay, { amountXof: 40_000 }, 'k-jan-1');
    expect(replay.json<PaymentResult>().payment.id).toBe(part.payment.id);
    expect(await availableCenti(cloud.db, tenant.id)).toBe(before - 80_000);
    expect((await filesOf(jan.id))[0]).toMatchObject({ status: 'open', paid_xof: '40000' });

    // The rest, no amount given: the due is paid and its debt file closed.
    const rest = await call(tenant, 'POST', pay, {}, 'k-jan-2');
    expect(rest.statusCode, rest.body).toBe(200);
    const paid = rest.json<PaymentResult>();
    expect(paid.payment.amountXof).toBe(60_000);
    expect(dueOf(paid.lease, '2027-01')).toMatchObject({ paidXof: 100_000, status: 'paid', late: false });
    expect((await filesOf(jan.id))[0]).toMatchObject({ status: 'paid', paid_xof: '100000' });
    expect(await availableCenti(cloud.db, tenant.id)).toBe(before - 200_000);
    // The landlord gets the rent less the module's 4 % commission.
    expect(await availableCenti(cloud.db, landlord.id)).toBe(
      landlordBefore + 200_000 - percentOf(80_000, 400) - percentOf(120_000, 400),
    );
    expect((await call(tenant, 'POST', pay, {}, 'k-jan-3')).statusCode).toBe(409);

    // Two receipts listed in the lease's documents, their bytes as hashed.
    const receipts = paid.lease.documents.filter((d) => d.kind === 'receipt');
    expect(receipts).toHaveLength(2);
    const pdf = await call(tenant, 'GET', `/v1/real-estate/documents/${String(paid.payment.receiptDocumentId)}`);
    expect(pdf.statusCode).toBe(200);
    expect(sha256(pdf.rawPayload)).toBe(receipts.find((r) => r.id === paid.payment.receiptDocumentId)?.sha256);
    expect((await call(stranger, 'GET', `/v1/real-estate/documents/${receipts[0]?.id ?? ''}`)).statusCode).toBe(404);
    const { rows: legs } = await cloud.db.pool.query<{ leg: string }>(
      `SELECT t.leg FROM ledger_transfers t JOIN real_estate_rent_payments p ON p.ledger_operation_id = t.operation_id
        WHERE p.id = $1 ORDER BY t.seq`,
      [paid.payment.id],
    );
    expect(legs.map((l) => l.leg)).toEqual(expect.arrayContaining(['payment', 'platform_commission']));
    const { rows: notes } = await cloud.db.pool.query<{ recipient_id: string }>(
      "SELECT recipient_id FROM notifications WHERE event_type = 'real_estate.rent_paid'",
    );
    expect(notes.map((n) => n.recipient_id)).toEqual([landlord.id, landlord.id]);
    expect((await checkLedger(cloud.db)).ok).toBe(true);
  });

  it('records cash received by the landlord without moving money, once per key, closing February’s file', async () => {
    const feb = dueOf(lease, '2027-02');
    const record = `/v1/real-estate/rent-dues/${feb.id}/record`;
    const before = await availableCenti(cloud.db, tenant.id);
    const cash = await call(landlord.staff, 'POST', record, { amountXof: 100_000, method: 'cash' }, 'k-feb-cash');
    expect(cash.statusCode, cash.body).toBe(200);
    const result = cash.json<PaymentResult>();
    expect(result.payment).toMatchObject({ method: 'cash', amountXof: 100_000 });
    expect(dueOf(result.lease, '2027-02')).toMatchObject({ status: 'paid' });
    const again = await call(landlord.staff, 'POST', record, { amountXof: 100_000, method: 'cash' }, 'k-feb-cash');
    expect(again.json<PaymentResult>().payment.id).toBe(result.payment.id);
    expect(await availableCenti(cloud.db, tenant.id)).toBe(before);
    expect((await filesOf(feb.id))[0]).toMatchObject({ status: 'paid' });
    const { rows } = await cloud.db.pool.query('SELECT 1 FROM real_estate_rent_payments WHERE due_id = $1', [feb.id]);
    expect(rows).toHaveLength(1);
    expect((await checkLedger(cloud.db)).ok).toBe(true);
  });

  it('never overpays a due when payments with different keys race', async () => {
    const mar = dueOf(lease, '2027-03');
    const before = await availableCenti(cloud.db, tenant.id);
    const pay = `/v1/real-estate/rent-dues/${mar.id}/pay`;
    const raced = await Promise.all(
      ['k-mar-a', 'k-mar-b', 'k-mar-c'].map((k) => call(tenant, 'POST', pay, { amountXof: 60_000 }, k)),
    );
    // 60 000 fits once in 100 000: one payment passes; the others are refused (changed under them, or too much).
    expect(raced.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(raced.filter((r) => r.statusCode !== 200).every((r) => [400, 409].includes(r.statusCode))).toBe(true);
    const { rows } = await cloud.db.pool.query<{ paid_xof: string }>(
      'SELECT paid_xof FROM real_estate_rent_dues WHERE id = $1',
      [mar.id],
    );
    expect(rows[0]?.paid_xof).toBe('60000');
    // A refused payment moved no money: its ledger operation rolled back with the rows.
    expect(await availableCenti(cloud.db, tenant.id)).toBe(before - 120_000);
    expect((await checkLedger(cloud.db)).ok).toBe(true);
  });

  it('reminds the tenant three days before a due, once', async () => {
    const { flows, now } = flowsAt('2027-03-01');
    expect(await remindRent(cloud.db, flows, now)).toBe(0);
    const soon = flowsAt('2027-03-02');
    expect(await remindRent(cloud.db, soon.flows, soon.now)).toBe(1);
    expect(await remindRent(cloud.db, soon.flows, soon.now)).toBe(0);
    const { rows } = await cloud.db.pool.query<{ recipient_id: string }>(
      "SELECT recipient_id FROM notifications WHERE event_type = 'real_estate.rent_due'",
    );
    expect(rows.map((r) => r.recipient_id)).toEqual([tenant.id]);
  });
});
