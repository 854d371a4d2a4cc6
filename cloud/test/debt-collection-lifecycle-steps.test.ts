// Proves the scenario's creditor-side steps and the agents' tasks (issue 26) on both databases: a step run twice
// leaves one task (a call assigned to the file's agent, who is told once), a formal notice whose PDF is a real PDF
// naming the amounts and the OHADA injunction, the same bytes each time, for the creditor and debtor only; the legal
// hand-off ends the reminders and tells the creditor; paused or closed files take no step; the tasks list for the
// creditor and its staff, done with a note by the creditor only; the prescription warning goes once, 90 days ahead.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultScenarioSteps, type ScenarioStep } from '@ismail/shared';
import { withTransaction } from '../src/platform/db/transaction.js';
import { runLifecycle, warnPrescriptions } from '../src/modules/debt-collection/lifecycle-jobs.js';
import { runCreditorStep } from '../src/modules/debt-collection/step-actions.js';
import { requireTool } from '../../tools/test-support/system-tools.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { caller, contextOn, fileRow, inDays, notified, openFile, today } from './debt-collection-lifecycle-fixtures.js';

type TaskList = { tasks: { id: string; fileId: string; kind: string; status: string; note: string | null }[] };
const stepOf = (action: ScenarioStep['action']): ScenarioStep => {
  const step = defaultScenarioSteps.find((s) => s.action === action);
  if (step === undefined) throw new Error(`no default ${action} step`);
  return step;
};

describe.each(testBackends)('debt collection steps and tasks on $name', (backend) => {
  let cloud: TestCloud;
  let call: ReturnType<typeof caller>;
  const run = (fileId: string, step: ScenarioStep, text = 'Appeler Awa Koné : 12 500 FCFA dus.') =>
    withTransaction(cloud.db.pool, (client) =>
      runCreditorStep(client, {
        fileId,
        step,
        text,
        now: new Date(),
        notifications: cloud.app.notifications.service,
        publicUrl: 'http://portal.test',
      }),
    );
  const tasksOf = async (fileId: string) =>
    (
      await cloud.db.pool.query<{ id: string; kind: string; assigned_to: string | null }>(
        'SELECT id, kind, assigned_to FROM collection_tasks WHERE file_id = $1 ORDER BY created_at',
        [fileId],
      )
    ).rows;
  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false });
    call = caller(cloud);
  });
  afterAll(async () => cloud.close());

  it('leaves one call task for the agent when the step runs twice, and none on a paused or closed file', async () => {
    const { partnerA, clientA, staffA } = cloud.people;
    const fileId = await openFile(cloud, partnerA, clientA, 12_500, { status: 'in_reminder', agentId: staffA.id });
    await run(fileId, stepOf('call_task'));
    await run(fileId, stepOf('call_task'));
    const tasks = await tasksOf(fileId);
    expect(tasks).toEqual([{ id: tasks[0]?.id, kind: 'call', assigned_to: staffA.id }]);
    expect(await notified(cloud, 'debt.task_assigned', staffA, fileId)).toBe(1);

    const paused = await openFile(cloud, partnerA, clientA, 5_000);
    expect((await call(clientA, 'POST', `/v1/debt-files/${paused}/disputes`, { reason: 'Pas moi.' })).statusCode).toBe(
      201,
    );
    await run(paused, stepOf('call_task'));
    await run(paused, stepOf('legal'));
    expect(await tasksOf(paused)).toEqual([]);
    expect((await fileRow(cloud, paused)).status).toBe('disputed');
  });

  it('writes a formal notice naming the amounts, the same PDF each time, for the creditor and the debtor only', async () => {
    const { partnerA, partnerB, clientA, clientB } = cloud.people;
    const fileId = await openFile(cloud, partnerA, clientA, 12_500);
    const letter = stepOf('letter');
    await run(fileId, letter, 'Mise en demeure de payer 12 500 FCFA (Facture) sous huit jours.');
    await run(fileId, letter, 'ignored: the step already ran');
    const tasks = await tasksOf(fileId);
    expect(tasks.map((t) => t.kind)).toEqual(['letter']);
    const url = `/v1/debt-files/${fileId}/letters/${tasks[0]?.id ?? ''}`;
    expect((await call(clientB, 'GET', url)).statusCode).toBe(404);
    expect((await call(partnerB, 'GET', url)).statusCode).toBe(404);
    // Not a letter task: no PDF for it.
    await run(fileId, stepOf('call_task'));
    const callTask = (await tasksOf(fileId)).find((t) => t.kind === 'call');
    expect((await call(partnerA, 'GET', `/v1/debt-files/${fileId}/letters/${callTask?.id ?? ''}`)).statusCode).toBe(
      404,
    );

    const forDebtor = await call(clientA, 'GET', url);
    expect(forDebtor.statusCode).toBe(200);
    expect(forDebtor.headers['content-type']).toBe('application/pdf');
    expect(forDebtor.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const forCreditor = await call(partnerA, 'GET', url);
    expect(forCreditor.rawPayload.equals(forDebtor.rawPayload)).toBe(true);
    const dir = mkdtempSync(path.join(tmpdir(), 'ismail-letter-'));
    const file = path.join(dir, 'letter.pdf');
    writeFileSync(file, forDebtor.rawPayload);
    const text = execFileSync(requireTool('pdftotext'), ['-layout', file, '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('MISE EN DEMEURE DE PAYER');
    expect(text).toContain('Awa Koné');
    expect(text).toContain('reste dû 12 500 FCFA');
    expect(text).toContain('Total restant dû : 12 500 FCFA');
    expect(text).toContain('huit (8) jours');
    expect(text).toContain('injonction de payer');
    expect(text).toContain('OHADA');
    // A payment later does not change the notice already sent: its figures were frozen with the task.
    await cloud.db.pool.query('UPDATE collection_files SET paid_xof = 2500 WHERE id = $1', [fileId]);
    expect((await call(partnerA, 'GET', url)).rawPayload.equals(forDebtor.rawPayload)).toBe(true);
    // The debtor's view of the lifecycle shows the letter, not the agents' call.
    const seen = await call(clientA, 'GET', `/v1/debt-files/${fileId}/lifecycle`);
    expect(seen.json<TaskList>().tasks.map((t) => t.kind)).toEqual(['letter']);
  });

  it('hands a file to legal once: no more steps, the creditor told', async () => {
    const { partnerA, clientA } = cloud.people;
    const fileId = await openFile(cloud, partnerA, clientA, 80_000, { status: 'in_reminder' });
    await run(fileId, stepOf('legal'));
    await run(fileId, stepOf('legal'));
    expect((await fileRow(cloud, fileId)).status).toBe('legal');
    expect((await tasksOf(fileId)).map((t) => t.kind)).toEqual(['legal']);
    expect(await notified(cloud, 'debt.legal_handoff', partnerA, fileId)).toBe(1);
    await run(fileId, stepOf('call_task'));
    expect(await tasksOf(fileId)).toHaveLength(1);
    const promise = await call(clientA, 'POST', `/v1/debt-files/${fileId}/promises`, {
      amountXof: 1_000,
      promisedOn: inDays(2),
    });
    expect(promise.statusCode).toBe(409);
  });

  it('ends a promise and a plan left on a file written off another way, without telling anyone it broke', async () => {
    const { partnerA, clientA } = cloud.people;
    const promised = await openFile(cloud, partnerA, clientA, 9_000);
    const planned = await openFile(cloud, partnerA, clientA, 9_000);
    const made = await call(clientA, 'POST', `/v1/debt-files/${promised}/promises`, {
      amountXof: 9_000,
      promisedOn: inDays(1),
    });
    expect(made.statusCode).toBe(201);
    const plan = await call(partnerA, 'POST', `/v1/debt-files/${planned}/plans`, {
      instalments: [{ dueOn: inDays(1), amountXof: 9_000 }],
      graceDays: 0,
    });
    expect(plan.statusCode).toBe(201);
    // As the files part's PATCH does: the creditor writes one off and hands the other to legal.
    await cloud.db.pool.query(
      "UPDATE collection_files SET status = CASE WHEN id = $1 THEN 'written_off' ELSE 'legal' END, closed_at = CASE WHEN id = $1 THEN now() END WHERE id IN ($1, $2)",
      [promised, planned],
    );
    await runLifecycle(contextOn(cloud, inDays(3)));
    const statuses = await cloud.db.pool.query<{ status: string }>(
      `SELECT status FROM collection_promises WHERE file_id = $1 UNION ALL
       SELECT status FROM collection_plans WHERE file_id = $2`,
      [promised, planned],
    );
    expect(statuses.rows.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    expect(await notified(cloud, 'debt.promise_broken', partnerA, promised)).toBe(0);
    expect(await notified(cloud, 'debt.plan_broken', partnerA, planned)).toBe(0);
    expect((await fileRow(cloud, planned)).status).toBe('legal');
  });

  it('lists the tasks for the creditor and its staff; only the creditor marks one done, with a note', async () => {
    const { partnerA, partnerB, clientA, staffA } = cloud.people;
    const fileId = await openFile(cloud, partnerA, clientA, 7_000, { agentId: staffA.id });
    await run(fileId, stepOf('call_task'));
    const taskId = (await tasksOf(fileId))[0]?.id ?? '';
    expect((await call(clientA, 'GET', '/v1/debt-collection/tasks')).statusCode).toBe(403);
    const listB = await call(partnerB, 'GET', '/v1/debt-collection/tasks');
    expect(listB.json<TaskList>().tasks.some((t) => t.fileId === fileId)).toBe(false);
    const listed = await call(staffA, 'GET', '/v1/debt-collection/tasks?status=open');
    expect(listed.json<TaskList>().tasks.find((t) => t.id === taskId)).toMatchObject({ kind: 'call', status: 'open' });

    const done = `/v1/debt-collection/tasks/${taskId}/done`;
    expect((await call(partnerB, 'POST', done, { note: 'x' })).statusCode).toBe(404);
    expect((await call(staffA, 'POST', done, { note: 'x' })).statusCode).toBe(403);
    expect((await call(partnerA, 'POST', done, { note: '' })).statusCode).toBe(400);
    const marked = await call(partnerA, 'POST', done, { note: 'Promet de passer lundi.' });
    expect(marked.json<{ task: unknown }>().task).toMatchObject({ status: 'done', note: 'Promet de passer lundi.' });
    // Again: the same answer, nothing rewritten.
    expect((await call(partnerA, 'POST', done, {})).json<{ task: unknown }>().task).toMatchObject({
      status: 'done',
      note: 'Promet de passer lundi.',
    });
    const open = await call(partnerA, 'GET', '/v1/debt-collection/tasks?status=open');
    expect(open.json<TaskList>().tasks.some((t) => t.id === taskId)).toBe(false);
    const audited = await cloud.db.pool.query(
      "SELECT 1 FROM audit_log WHERE action = 'debt_collection.task_done' AND subject_id = $1",
      [taskId],
    );
    expect(audited.rowCount).toBe(1);
  });

  it('warns the creditor once, 90 days before a live file lapses', async () => {
    const { partnerA, clientA } = cloud.people;
    // Due five years ago less 89 days: it lapses in 89 days (OHADA's five years).
    const fiveYearsBefore = (day: string) => `${String(Number(day.slice(0, 4)) - 5)}${day.slice(4)}`;
    const soon = await openFile(cloud, partnerA, clientA, 3_000, { dueOn: fiveYearsBefore(inDays(89)) });
    const later = await openFile(cloud, partnerA, clientA, 3_000, { dueOn: fiveYearsBefore(inDays(120)) });
    const ctx = contextOn(cloud, today());
    await warnPrescriptions(ctx);
    await warnPrescriptions(ctx);
    expect(await notified(cloud, 'debt.prescription_warning', partnerA, soon)).toBe(1);
    expect(await notified(cloud, 'debt.prescription_warning', partnerA, later)).toBe(0);
  });
});
