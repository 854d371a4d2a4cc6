// Proves the debt file lifecycle (issue 26, API.md §Lifecycle) on both databases: refusals first (a stranger sees no
// file, a debtor makes no plan, read-only staff writes nothing, malformed promises and plans get a French reason),
// then promises (pause, kept by payment, broken the day after and the creditor told once however often the job runs;
// ten racing creations give one promise), plans (two instalments paid keep it active, the third unpaid past grace
// breaks it back to in_reminder) and disputes (promise and plan refused while open, the jobs wait; rejected resumes,
// upheld writes off).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLifecycle } from '../src/modules/debt-collection/lifecycle-jobs.js';
import { creditorFileView } from '../src/modules/debt-collection/lifecycle-view.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import {
  caller,
  contextOn,
  fileRow,
  inDays,
  notified,
  openFile,
  payFile,
} from './debt-collection-lifecycle-fixtures.js';

interface Answer<T> {
  statusCode: number;
  json: () => T;
}
type PromiseBody = { promise: { id: string; status: string; amountXof: number } };
const messageOf = (r: Answer<unknown>) => (r.json() as { error: { code: string; message: string } }).error;

describe.each(testBackends)('debt file lifecycle on $name', (backend) => {
  let cloud: TestCloud;
  let call: ReturnType<typeof caller>;
  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false });
    call = caller(cloud);
  });
  afterAll(async () => cloud.close());

  it('refuses strangers, the debtor planning, read-only staff and malformed promises and plans, in French', async () => {
    const { partnerA, partnerB, clientA, clientB, staffA } = cloud.people;
    const fileId = await openFile(cloud, partnerA, clientA, 50_000);
    const base = `/v1/debt-files/${fileId}`;
    const promise = { amountXof: 10_000, promisedOn: inDays(5) };
    // Another creditor and another client: the file does not exist for them.
    expect((await call(clientB, 'GET', `${base}/lifecycle`)).statusCode).toBe(404);
    expect((await call(clientB, 'POST', `${base}/promises`, promise)).statusCode).toBe(404);
    const wholePlan = { instalments: [{ dueOn: inDays(5), amountXof: 50_000 }] };
    expect((await call(partnerB, 'POST', `${base}/plans`, wholePlan)).statusCode).toBe(404);
    expect((await call(partnerB, 'POST', `${base}/disputes`, { reason: 'x' })).statusCode).toBe(404);
    // The debtor is not a partner: refused before its body is read (an empty body would otherwise be a 400).
    expect((await call(clientA, 'POST', `${base}/plans`)).statusCode).toBe(403);
    expect((await call(clientA, 'POST', `${base}/disputes/${fileId}/resolve`)).statusCode).toBe(403);
    // Partner A's read-only staff reads the file but writes nothing.
    expect((await call(staffA, 'GET', `${base}/lifecycle`)).statusCode).toBe(200);
    expect((await call(staffA, 'POST', `${base}/promises`, promise)).statusCode).toBe(403);

    const tooMuch = await call(clientA, 'POST', `${base}/promises`, { ...promise, amountXof: 50_001 });
    expect(tooMuch.statusCode).toBe(400);
    expect(messageOf(tooMuch).message).toBe('Le montant promis dépasse ce qui reste dû.');
    const tooFar = await call(clientA, 'POST', `${base}/promises`, { ...promise, promisedOn: inDays(61) });
    expect(messageOf(tooFar).message).toBe('La date promise doit tomber dans les 60 jours.');
    const past = await call(clientA, 'POST', `${base}/promises`, { ...promise, promisedOn: inDays(-1) });
    expect(messageOf(past).message).toBe('La date promise est déjà passée.');
    expect((await call(clientA, 'POST', `${base}/promises`, { ...promise, amountXof: 0 })).statusCode).toBe(400);
    expect((await call(clientA, 'POST', `${base}/promises`, { ...promise, promisedOn: '2027-02-30' })).statusCode).toBe(
      400,
    );

    const plan = (amounts: number[], days: number[]) => ({
      instalments: amounts.map((amountXof, i) => ({ amountXof, dueOn: inDays(days[i] ?? 0) })),
    });
    const short = await call(partnerA, 'POST', `${base}/plans`, plan([20_000, 20_000], [5, 35]));
    expect(short.statusCode).toBe(400);
    expect(messageOf(short).message).toBe(
      'Les échéances totalisent 40000 FCFA alors que 50000 FCFA restent dus : elles doivent en faire exactement le total.',
    );
    const backwards = await call(partnerA, 'POST', `${base}/plans`, plan([25_000, 25_000], [35, 5]));
    expect(messageOf(backwards).message).toBe('Les échéances se suivent, chacune après la précédente.');
    expect((await call(partnerA, 'POST', `${base}/plans`, { instalments: [] })).statusCode).toBe(400);
    // Nothing was written by any of these.
    expect((await fileRow(cloud, fileId)).status).toBe('open');
    const lifecycle = await call(partnerA, 'GET', `${base}/lifecycle`);
    expect(lifecycle.json()).toEqual({ promises: [], plans: [], disputes: [], tasks: [] });
  });

  it('gives one promise and nine 409 when ten are made at once on one file', async () => {
    const { partnerA, clientA } = cloud.people;
    const fileId = await openFile(cloud, partnerA, clientA, 40_000);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(i % 2 === 0 ? clientA : partnerA, 'POST', `/v1/debt-files/${fileId}/promises`, {
          amountXof: 1_000 + i,
          promisedOn: inDays(3),
        }),
      ),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, ...Array<number>(9).fill(409)]);
    const { rows } = await cloud.db.pool.query('SELECT 1 FROM collection_promises WHERE file_id = $1', [fileId]);
    expect(rows).toHaveLength(1);
  });

  it('pauses reminders for a promise; a payment of its amount keeps it and the file resumes where it was', async () => {
    const { partnerA, clientA } = cloud.people;
    const fileId = await openFile(cloud, partnerA, clientA, 60_000, { status: 'in_reminder' });
    const made = await call(clientA, 'POST', `/v1/debt-files/${fileId}/promises`, {
      amountXof: 20_000,
      promisedOn: inDays(4),
    });
    expect(made.statusCode).toBe(201);
    const { promise } = made.json<PromiseBody>();
    expect(promise).toMatchObject({ status: 'pending', amountXof: 20_000 });
    expect(await fileRow(cloud, fileId)).toMatchObject({ status: 'promise', resume_status: 'in_reminder' });
    expect((await creditorFileView(cloud.db, fileId)).flags).toEqual({
      promise: 'pending',
      plan: null,
      disputed: false,
    });
    // A second promise while one is pending: refused.
    const again = await call(partnerA, 'POST', `/v1/debt-files/${fileId}/promises`, {
      amountXof: 5_000,
      promisedOn: inDays(2),
    });
    expect(again.statusCode).toBe(409);

    await payFile(cloud, fileId, 19_999);
    expect((await fileRow(cloud, fileId)).status).toBe('promise');
    await payFile(cloud, fileId, 1);
    expect(await fileRow(cloud, fileId)).toMatchObject({ status: 'in_reminder', resume_status: null });
    const lifecycle = await call(clientA, 'GET', `/v1/debt-files/${fileId}/lifecycle`);
    expect(lifecycle.json<{ promises: { status: string }[] }>().promises.map((p) => p.status)).toEqual(['kept']);
    // The job the day after its date finds nothing to break.
    await runLifecycle(contextOn(cloud, inDays(5)));
    expect(await notified(cloud, 'debt.promise_broken', partnerA, fileId)).toBe(0);

    // A promise on the rest, then the whole rest paid: kept, and the file stays paid (closed).
    const rest = await call(partnerA, 'POST', `/v1/debt-files/${fileId}/promises`, {
      amountXof: 40_000,
      promisedOn: inDays(10),
    });
    expect(rest.statusCode).toBe(201);
    await payFile(cloud, fileId, 40_000);
    expect((await fileRow(cloud, fileId)).status).toBe('paid');
    const { rows } = await cloud.db.pool.query<{ status: string }>(
      "SELECT status FROM collection_promises WHERE file_id = $1 AND status = 'pending'",
      [fileId],
    );
    expect(rows).toEqual([]);
    // A paid file takes no promise.
    const closed = await call(clientA, 'POST', `/v1/debt-files/${fileId}/promises`, {
      amountXof: 1,
      promisedOn: inDays(1),
    });
    expect(closed.statusCode).toBe(409);
  });

  it('breaks a missed promise the day after its date, resumes reminders and tells the creditor once', async () => {
    const { partnerA, clientA } = cloud.people;
    const fileId = await openFile(cloud, partnerA, clientA, 30_000);
    const promisedOn = inDays(3);
    const made = await call(partnerA, 'POST', `/v1/debt-files/${fileId}/promises`, { amountXof: 30_000, promisedOn });
    expect(made.statusCode).toBe(201);
    await payFile(cloud, fileId, 10_000);
    // On its day it is still pending.
    await runLifecycle(contextOn(cloud, promisedOn));
    expect((await fileRow(cloud, fileId)).status).toBe('promise');
    const dayAfter = inDays(4);
    await runLifecycle(contextOn(cloud, dayAfter));
    await runLifecycle(contextOn(cloud, dayAfter));
    expect(await fileRow(cloud, fileId)).toMatchObject({ status: 'open', resume_status: null });
    expect(await notified(cloud, 'debt.promise_broken', partnerA, fileId)).toBe(1);
    expect((await creditorFileView(cloud.db, fileId)).flags.promise).toBe('broken');
    // Cancelling a broken promise is a conflict; cancelling a pending one resumes the file.
    const brokenId = made.json<PromiseBody>().promise.id;
    expect((await call(partnerA, 'POST', `/v1/debt-files/${fileId}/promises/${brokenId}/cancel`)).statusCode).toBe(409);
    const next = await call(clientA, 'POST', `/v1/debt-files/${fileId}/promises`, {
      amountXof: 5_000,
      promisedOn: inDays(6),
    });
    const nextId = next.json<PromiseBody>().promise.id;
    expect((await call(clientA, 'POST', `/v1/debt-files/${fileId}/promises/${nextId}/cancel`)).statusCode).toBe(403);
    const cancelled = await call(partnerA, 'POST', `/v1/debt-files/${fileId}/promises/${nextId}/cancel`);
    expect(cancelled.json<PromiseBody>().promise.status).toBe('cancelled');
    expect((await fileRow(cloud, fileId)).status).toBe('open');
  });

  it('keeps a plan active while instalments are paid on time and breaks it when the third is unpaid past grace', async () => {
    const { partnerA, clientA } = cloud.people;
    const fileId = await openFile(cloud, partnerA, clientA, 90_000, { status: 'in_reminder' });
    const days = [inDays(5), inDays(35), inDays(65)];
    const made = await call(partnerA, 'POST', `/v1/debt-files/${fileId}/plans`, {
      instalments: days.map((dueOn) => ({ dueOn, amountXof: 30_000 })),
      graceDays: 3,
    });
    expect(made.statusCode).toBe(201);
    const planId = made.json<{ plan: { id: string; status: string } }>().plan.id;
    expect(await fileRow(cloud, fileId)).toMatchObject({ status: 'plan', resume_status: 'in_reminder' });
    const after = (day: string, n: number) => new Date(Date.parse(`${day}T10:00:00Z`) + n * 86_400_000);
    const jobAt = (d: Date) => runLifecycle(contextOn(cloud, d.toISOString().slice(0, 10)));

    // A promise under the plan: the plan's pause still shows, and the first payment keeps the promise.
    const promise = await call(clientA, 'POST', `/v1/debt-files/${fileId}/promises`, {
      amountXof: 10_000,
      promisedOn: days[0],
    });
    expect(promise.statusCode).toBe(201);
    expect((await fileRow(cloud, fileId)).status).toBe('plan');
    await payFile(cloud, fileId, 30_000);
    expect((await fileRow(cloud, fileId)).status).toBe('plan');
    await jobAt(after(days[0] ?? '', 4));
    await payFile(cloud, fileId, 30_000);
    await jobAt(after(days[1] ?? '', 4));
    expect((await fileRow(cloud, fileId)).status).toBe('plan');
    const lifecycle = await call(partnerA, 'GET', `/v1/debt-files/${fileId}/lifecycle`);
    const plans = lifecycle.json<{ plans: { status: string; instalments: { coveredXof: number }[] }[] }>().plans;
    expect(plans[0]?.status).toBe('active');
    expect(plans[0]?.instalments.map((i) => i.coveredXof)).toEqual([30_000, 30_000, 0]);

    // The third: still within its grace on its third day after, broken the day after that.
    await jobAt(after(days[2] ?? '', 3));
    expect((await fileRow(cloud, fileId)).status).toBe('plan');
    await jobAt(after(days[2] ?? '', 4));
    await jobAt(after(days[2] ?? '', 5));
    expect(await fileRow(cloud, fileId)).toMatchObject({ status: 'in_reminder', resume_status: null });
    expect(await notified(cloud, 'debt.plan_broken', partnerA, fileId)).toBe(1);
    expect((await creditorFileView(cloud.db, fileId)).flags.plan).toBe('broken');
    expect((await call(partnerA, 'POST', `/v1/debt-files/${fileId}/plans/${planId}/cancel`)).statusCode).toBe(409);

    // A new plan on what is left, paid in full: completed, the file paid.
    const second = await call(partnerA, 'POST', `/v1/debt-files/${fileId}/plans`, {
      instalments: [{ dueOn: inDays(2), amountXof: 30_000 }],
    });
    expect(second.statusCode).toBe(201);
    await payFile(cloud, fileId, 30_000);
    expect((await fileRow(cloud, fileId)).status).toBe('paid');
    const { rows } = await cloud.db.pool.query<{ status: string }>(
      'SELECT status FROM collection_plans WHERE file_id = $1 ORDER BY created_at',
      [fileId],
    );
    expect(rows.map((r) => r.status)).toEqual(['broken', 'completed']);
  });

  it('refuses a dispute on ISMAIL’s own advance (nobody could decide it) and leaves the file as it was', async () => {
    const { partnerA, clientA } = cloud.people;
    const fileId = await openFile(cloud, partnerA, clientA, 4_000, { status: 'in_reminder' });
    await cloud.db.pool.query('UPDATE collection_files SET creditor_id = NULL WHERE id = $1', [fileId]);
    const refused = await call(clientA, 'POST', `/v1/debt-files/${fileId}/disputes`, { reason: 'Je conteste.' });
    expect(refused.statusCode).toBe(409);
    expect(messageOf(refused).message).toContain('support ISMAIL');
    expect(await fileRow(cloud, fileId)).toMatchObject({ status: 'in_reminder' });
    const disputes = await cloud.db.pool.query('SELECT 1 FROM collection_disputes WHERE file_id = $1', [fileId]);
    expect(disputes.rowCount).toBe(0);
  });

  it('pauses everything while disputed: no promise or plan, the jobs wait; rejected resumes, upheld writes off', async () => {
    const { partnerA, clientA } = cloud.people;
    const fileId = await openFile(cloud, partnerA, clientA, 25_000, { status: 'in_reminder' });
    const base = `/v1/debt-files/${fileId}`;
    const promisedOn = inDays(2);
    expect((await call(clientA, 'POST', `${base}/promises`, { amountXof: 5_000, promisedOn })).statusCode).toBe(201);
    const opened = await call(clientA, 'POST', `${base}/disputes`, { reason: 'Déjà payé en espèces le 3.' });
    expect(opened.statusCode).toBe(201);
    const disputeId = opened.json<{ dispute: { id: string } }>().dispute.id;
    expect(await fileRow(cloud, fileId)).toMatchObject({ status: 'disputed', resume_status: 'in_reminder' });
    expect(await notified(cloud, 'debt.dispute_opened', partnerA, fileId)).toBe(1);
    expect((await call(partnerA, 'POST', `${base}/disputes`, { reason: 'encore' })).statusCode).toBe(409);
    const refusedPromise = await call(partnerA, 'POST', `${base}/promises`, { amountXof: 1_000, promisedOn });
    expect(refusedPromise.statusCode).toBe(409);
    const refusedPlan = await call(partnerA, 'POST', `${base}/plans`, {
      instalments: [{ dueOn: inDays(3), amountXof: 25_000 }],
    });
    expect(refusedPlan.statusCode).toBe(409);
    expect(messageOf(refusedPlan).message).toContain('contesté');
    // Past the promise's day, the job leaves the disputed file alone.
    await runLifecycle(contextOn(cloud, inDays(4)));
    const pending = await cloud.db.pool.query(
      "SELECT 1 FROM collection_promises WHERE file_id = $1 AND status = 'pending'",
      [fileId],
    );
    expect(pending.rows).toHaveLength(1);

    // Only the creditor decides.
    const resolve = (outcome: string, id = disputeId) =>
      call(partnerA, 'POST', `${base}/disputes/${id}/resolve`, { outcome, resolution: 'Aucun reçu fourni.' });
    expect((await call(clientA, 'POST', `${base}/disputes/${disputeId}/resolve`, {})).statusCode).toBe(403);
    const rejected = await resolve('rejected');
    expect(rejected.statusCode).toBe(200);
    // The pending promise is live again: the file goes back to it, not to the reminders.
    expect(rejected.json<{ file: { status: string; flags: unknown } }>().file).toMatchObject({
      status: 'promise',
      flags: { promise: 'pending', plan: null, disputed: false },
    });
    expect(await notified(cloud, 'debt.dispute_resolved', clientA, fileId)).toBe(1);
    expect((await resolve('upheld')).statusCode).toBe(409);

    const second = await call(partnerA, 'POST', `${base}/disputes`, { reason: 'Montant erroné.' });
    const upheld = await resolve('upheld', second.json<{ dispute: { id: string } }>().dispute.id);
    expect(
      upheld.json<{ dispute: { status: string }; file: { status: string; closedAt: string | null } }>(),
    ).toMatchObject({
      dispute: { status: 'upheld' },
      file: { status: 'written_off' },
    });
    expect((await fileRow(cloud, fileId)).closed_at).not.toBeNull();
    const lifecycle = await call(clientA, 'GET', `${base}/lifecycle`);
    const body = lifecycle.json<{ promises: { status: string }[]; disputes: { status: string }[] }>();
    expect(body.promises.map((p) => p.status)).toEqual(['cancelled']);
    expect(body.disputes.map((d) => d.status)).toEqual(['upheld', 'rejected']);
    expect((await call(clientA, 'POST', `${base}/disputes`, { reason: 'x' })).statusCode).toBe(409);
  });
});
