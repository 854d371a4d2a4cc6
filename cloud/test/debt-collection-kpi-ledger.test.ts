// Proves figure 6's "the recovery rate and the ledger agree" (issue 26): a file opened today and paid half then half
// from the debtor's wallet through the real route gives the creditor a recovery rate of exactly 100 % for the period,
// nothing left, a journal whose wallet lines sum to the file; and the creditor's wallet grew by the payments less the
// module's 5 % commission on each, the debtor's fell by them, the ledger check holding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { percentOf } from '@ismail/shared';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { debtFile, fundXof, type PaymentResult } from './debt-collection-payments-fixtures.js';
import { testBackends } from './support/databases.js';
import { bearer, type Signed } from './support/people.js';
import { makeCandidate, makeLandlord, type Landlord } from './support/real-estate-fixtures.js';
import { availableCenti } from './support/services-fixtures.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

const day = (offsetDays: number): string => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe.each(testBackends)('recovery rate and ledger on $name', (backend) => {
  let cloud: TestCloud;
  let creditor: Landlord;
  let debtor: Signed;
  const get = (who: Signed, url: string) => cloud.app.inject({ method: 'GET', url, headers: bearer(who) });
  const pay = (fileId: string, amountXof: number, idempotencyKey: string) =>
    cloud.app.inject({
      method: 'POST',
      url: `/v1/debt-files/${fileId}/pay`,
      headers: bearer(debtor),
      payload: { amountXof, idempotencyKey },
    });
  // Yesterday to tomorrow: the file and its payments fall inside even if the test runs across midnight.
  const period = `from=${day(-1)}&to=${day(1)}`;

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    creditor = await makeLandlord(cloud, { name: 'Boutique Treichville' });
    debtor = await makeCandidate(cloud, { name: 'Koffi' });
    await fundXof(cloud, debtor.id, 100_000);
  });
  afterAll(async () => cloud.close());

  it('a file paid half then half from the wallet: 100 % recovered, the creditor credited less 5 % each time', async () => {
    const before = (await get(creditor, `/v1/debt-collection/dashboard?${period}`)).json<Record<string, number>>();
    expect(before).toMatchObject({ newDebtXof: 0, recoveredXof: 0, recoveryRateBp: 0 });
    const file = await debtFile(cloud, {
      creditorId: creditor.id,
      debtorId: debtor.id,
      principalXof: 20_000,
      status: 'in_reminder',
      dueOn: day(-3),
    });
    const opened = (await get(creditor, `/v1/debt-collection/dashboard?${period}`)).json<Record<string, unknown>>();
    expect(opened).toMatchObject({ newDebtXof: 20_000, recoveredXof: 0, recoveryRateBp: 0, outstandingXof: 20_000 });
    const debtorBefore = await availableCenti(cloud.db, debtor.id);
    const creditorBefore = await availableCenti(cloud.db, creditor.id);

    const half = await pay(file, 10_000, 'kpi-half-1');
    expect(half.statusCode, half.body).toBe(200);
    const midway = (await get(creditor, `/v1/debt-collection/dashboard?${period}`)).json<Record<string, unknown>>();
    expect(midway).toMatchObject({ recoveredXof: 10_000, recoveryRateBp: 5_000, outstandingXof: 10_000 });
    const rest = await pay(file, 10_000, 'kpi-half-2');
    expect(rest.statusCode, rest.body).toBe(200);
    expect(rest.json<PaymentResult>().file).toMatchObject({ status: 'paid', leftXof: 0 });

    const after = (await get(creditor, `/v1/debt-collection/dashboard?${period}`)).json<Record<string, unknown>>();
    expect(after).toMatchObject({
      openingBalanceXof: 0,
      newDebtXof: 20_000,
      recoveredXof: 20_000,
      recoveryRateBp: 10_000,
      outstandingXof: 0,
      activeFiles: 0,
      dsoDays: 0,
    });

    // The ledger: the debtor paid both halves (10 000 FCFA = 20 000 centi-credits at the default 50 FCFA a credit),
    // the creditor received them less the module's 5 % commission on each payment.
    const paidCenti = debtorBefore - (await availableCenti(cloud.db, debtor.id));
    expect(paidCenti).toBe(40_000);
    expect((await availableCenti(cloud.db, creditor.id)) - creditorBefore).toBe(40_000 - 2 * percentOf(20_000, 500));
    expect((await checkLedger(cloud.db)).ok).toBe(true);

    // The journal says the same: two wallet receipts of 10 000 crediting the receivable, balanced.
    const csv = await get(creditor, `/v1/debt-collection/exports/journal.csv?${period}`);
    expect(csv.statusCode, csv.body).toBe(200);
    const lines = parse(csv.rawPayload.toString('utf8').slice(1), { delimiter: ';' }).slice(1);
    const wallet = lines.filter((r) => r[3] === '521');
    expect(wallet.map((r) => Number(r[5]))).toEqual([10_000, 10_000]);
    const sum = (column: number) => lines.reduce((s, r) => s + Number(r[column]), 0);
    expect(sum(5)).toBe(40_000);
    expect(sum(6)).toBe(40_000);
  });
});
