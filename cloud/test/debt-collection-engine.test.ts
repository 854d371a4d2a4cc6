// Proves the reminder engine (issue 26, part B) on both databases: refusals first (scenario routes for partners only
// and checked, another creditor's scenario and file not found, forged opt-out links refused), then a file due D gets
// nothing at D+1 02:00, its SMS at 08:00 (one reminder, 2 credits charged once however many runs race), its e-mail at
// D+7; two files of one debtor make one reminder whose total follows a partial payment, and paused or paid files are
// never reminded; opt-outs (portal and signed link) and the SMS cap across creditors hold; an unfunded creditor's
// reminder waits and says so once; ISMAIL's own files are reminded free.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatXof } from '@ismail/shared';
import { testBackends } from './support/databases.js';
import { bearer, type Signed } from './support/people.js';
import { availableCenti } from './support/services-fixtures.js';
import { insertAccount } from './support/wallet-fixtures.js';
import {
  at,
  attempts,
  fund,
  insertFile,
  makeScenario,
  messageOf,
  openEngineCloud,
  reminderCharges,
  reminders,
  step,
  type EngineCloud,
} from './debt-collection-engine-fixtures.js';

describe.each(testBackends)('debt reminder engine on $name', (backend) => {
  let cloud: EngineCloud;
  let partnerA: Signed;
  let partnerB: Signed;
  let clientA: Signed;
  let clientB: Signed;
  let scenarioA: string;
  const run = (iso: string) => cloud.app.debtEngine.runOnce(at(iso));
  const call = (person: Signed, method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) =>
    cloud.app.inject({ method, url, headers: bearer(person), ...(payload === undefined ? {} : { payload }) });

  beforeAll(async () => {
    cloud = await openEngineCloud(backend);
    ({ partnerA, partnerB, clientA, clientB } = cloud.people);
    await cloud.db.pool.query("UPDATE accounts SET phone_e164 = '+2250700000001' WHERE id = $1", [clientA.id]);
    await cloud.db.pool.query("UPDATE accounts SET phone_e164 = '+2250700000002' WHERE id = $1", [clientB.id]);
    await fund(cloud, partnerA.id, 10_000);
    await fund(cloud, partnerB.id, 10_000);
    scenarioA = await makeScenario(cloud, partnerA, [step('d1', 1, ['sms']), step('d7', 7, ['email'])]);
    await makeScenario(cloud, partnerB, [step('d1', 1, ['sms']), step('d2', 2, ['email']), step('d3', 3, ['sms'])]);
    // A fresh cloud on a loaded machine (seven suites on two cores) takes longer than the default hook time to start.
  }, 180_000);
  afterAll(async () => cloud.close());

  it('refuses scenarios to non-partners before the body, checks steps, hides others’ scenarios and files', async () => {
    const url = '/v1/debt-collection/scenarios';
    expect((await call(clientA, 'GET', url)).statusCode).toBe(403);
    expect((await call(clientA, 'POST', url, { nonsense: true })).statusCode).toBe(403);
    expect((await call(cloud.people.staffA, 'POST', url, { nonsense: true })).statusCode).toBe(403);
    const twins = await call(partnerA, 'POST', url, {
      name: 'Doublon',
      steps: [step('a', 1, ['sms']), step('a', 2, ['sms'])],
      isDefault: false,
    });
    expect(twins.statusCode).toBe(400);
    expect(twins.json<{ error: { message: string } }>().error.message).toBe('Deux étapes portent la même clé.');
    const noChannel = await call(partnerA, 'POST', url, { name: 'Vide', steps: [step('a', 1, [])], isDefault: false });
    expect(noChannel.statusCode).toBe(400);
    expect((await call(partnerA, 'POST', url, { name: 'X', steps: [], isDefault: false })).statusCode).toBe(400);
    const other = await call(partnerB, 'PUT', `${url}/${scenarioA}`, {
      name: 'Volé',
      steps: [step('a', 1, ['sms'])],
      isDefault: true,
    });
    expect(other.statusCode).toBe(404);
    const mine = await call(cloud.people.staffA, 'GET', url);
    expect(mine.statusCode).toBe(200);
    const listed = mine.json<{ scenarios: { id: string; isDefault: boolean }[]; builtIn: unknown[] }>();
    expect(listed.scenarios).toEqual([expect.objectContaining({ id: scenarioA, isDefault: true })]);
    expect(listed.builtIn.length).toBeGreaterThan(0);
    // A second default takes over: one default per creditor, always.
    const second = await makeScenario(cloud, partnerA, [step('x', 2, ['sms'])], true);
    const again = (await call(partnerA, 'GET', url)).json<{ scenarios: { id: string; isDefault: boolean }[] }>();
    expect(again.scenarios.filter((s) => s.isDefault).map((s) => s.id)).toEqual([second]);
    const back = await call(partnerA, 'PUT', `${url}/${scenarioA}`, {
      name: 'Standard',
      steps: [step('d1', 1, ['sms']), step('d7', 7, ['email'])],
      isDefault: true,
    });
    expect(back.statusCode, back.body).toBe(200);

    const file = await insertFile(cloud, {
      creditorId: partnerA.id,
      debtor: { id: clientA.id },
      dueOn: '2030-01-01',
      principalXof: 1000,
    });
    expect((await call(clientB, 'GET', `/v1/debt-files/${file}/reminders`)).statusCode).toBe(404);
    expect((await call(partnerB, 'GET', `/v1/debt-files/${file}/reminders`)).statusCode).toBe(404);
    await cloud.db.pool.query("UPDATE collection_files SET status = 'written_off', closed_at = now() WHERE id = $1", [
      file,
    ]);
    const forged = await cloud.app.inject({
      method: 'GET',
      url: `/v1/debt-collection/opt-out?token=${file}.sms.AAAAAAAAAAAAAAAAAAAAAA`,
    });
    expect(forged.statusCode).toBe(403);
    expect((await cloud.app.inject({ method: 'GET', url: '/v1/debt-collection/opt-out?token=x' })).statusCode).toBe(
      403,
    );
    const { rows } = await cloud.db.pool.query('SELECT 1 FROM collection_opt_outs');
    expect(rows).toHaveLength(0);
  });

  it('sends the D+1 SMS at 08:00 Abidjan, not at 02:00, once and charged once whatever runs race; D+7 the e-mail', async () => {
    const file = await insertFile(cloud, {
      creditorId: partnerA.id,
      debtor: { id: clientA.id },
      dueOn: '2027-01-11',
      principalXof: 25_000,
      label: 'Facture 2027-001',
    });
    const before = await availableCenti(cloud.db, partnerA.id);
    const key = `a:${clientA.id}`;
    expect(await run('2027-01-12T02:00:00Z')).toMatchObject({ reminders: 0 });
    expect(await attempts(cloud, key)).toHaveLength(0);
    expect(await reminders(cloud, key)).toHaveLength(0);

    await run('2027-01-12T08:00:00Z');
    await Promise.all([run('2027-01-12T08:00:05Z'), run('2027-01-12T08:00:05Z'), run('2027-01-12T08:01:00Z')]);
    await run('2027-01-12T15:00:00Z');
    const [first, ...more] = await reminders(cloud, key);
    expect(more).toHaveLength(0);
    expect(first).toMatchObject({ day: '2027-01-12', status: 'sent', total_due_xof: '25000', file_ids: [file] });
    const sms = await attempts(cloud, key);
    expect(sms).toEqual([
      expect.objectContaining({ channel: 'sms', status: 'queued', destination_masked: '+225 •• •• •• 01' }),
    ]);
    expect(sms[0]?.notification_delivery_id).not.toBeNull();
    expect(await availableCenti(cloud.db, partnerA.id)).toBe(before - 200);
    expect(await reminderCharges(cloud)).toEqual([{ key: `debt-reminder:${first?.id ?? ''}`, n: 1 }]);
    const message = await messageOf(cloud, first?.id ?? '', 'sms');
    expect(message).toContain(formatXof(25_000));
    expect(message).toContain(`/mes-dettes/${file}`);
    expect(message).toContain('/v1/debt-collection/opt-out?token=');
    const { rows: status } = await cloud.db.pool.query<{ status: string }>(
      'SELECT status FROM collection_files WHERE id = $1',
      [file],
    );
    expect(status[0]?.status).toBe('in_reminder');

    // D+7 on a Monday at 09:00: the e-mail; the D+1 SMS is not sent again.
    await run('2027-01-17T10:00:00Z'); // Sunday: nothing
    expect(await reminders(cloud, key)).toHaveLength(1);
    await run('2027-01-18T09:00:00Z');
    const all = await attempts(cloud, key);
    expect(all.map((a) => [a.channel, a.status])).toEqual([
      ['sms', 'queued'],
      ['email', 'queued'],
    ]);
    expect(await availableCenti(cloud.db, partnerA.id)).toBe(before - 400);

    const read = await call(clientA, 'GET', `/v1/debt-files/${file}/reminders`);
    expect(read.statusCode).toBe(200);
    const listed = read.json<{ reminders: { day: string; attempts: { channel: string }[] }[] }>().reminders;
    expect(listed.map((r) => [r.day, r.attempts.map((a) => a.channel)])).toEqual([
      ['2027-01-18', ['email']],
      ['2027-01-12', ['sms']],
    ]);
    expect((await call(cloud.people.staffA, 'GET', `/v1/debt-files/${file}/reminders`)).statusCode).toBe(200);
  });

  it('makes one consolidated reminder a day for two files, follows a partial payment, skips paused and paid files', async () => {
    const key = `a:${clientB.id}`;
    const debtor = { id: clientB.id };
    const one = await insertFile(cloud, { creditorId: partnerB.id, debtor, dueOn: '2027-02-01', principalXof: 30_000 });
    const two = await insertFile(cloud, { creditorId: partnerB.id, debtor, dueOn: '2027-02-01', principalXof: 20_000 });
    for (const status of ['promise', 'plan', 'disputed', 'paid', 'legal'])
      await insertFile(cloud, { creditorId: partnerB.id, debtor, dueOn: '2027-01-20', principalXof: 7_000, status });
    const before = await availableCenti(cloud.db, partnerB.id);
    await Promise.all([run('2027-02-02T09:00:00Z'), run('2027-02-02T09:00:00Z')]);
    const [first, ...others] = await reminders(cloud, key);
    expect(others).toHaveLength(0);
    expect(first).toMatchObject({ status: 'sent', total_due_xof: '50000' });
    expect([...(first?.file_ids ?? [])].sort()).toEqual([one, two].sort());
    expect(await messageOf(cloud, first?.id ?? '', 'sms')).toContain(formatXof(50_000));
    expect(await availableCenti(cloud.db, partnerB.id)).toBe(before - 200);

    // 12 000 paid on the first file: the next day's reminder states what is left, 38 000.
    await cloud.db.pool.query('UPDATE collection_files SET paid_xof = 12000 WHERE id = $1', [one]);
    await run('2027-02-03T10:00:00Z');
    const second = (await reminders(cloud, key))[1];
    expect(second).toMatchObject({ day: '2027-02-03', status: 'sent', total_due_xof: '38000' });
    expect(await messageOf(cloud, second?.id ?? '', 'email')).toContain(formatXof(38_000));
    // The second file paid in full: the third day reminds the first alone.
    await cloud.db.pool.query(
      "UPDATE collection_files SET paid_xof = 20000, status = 'paid', closed_at = now() WHERE id = $1",
      [two],
    );
    await run('2027-02-04T10:00:00Z');
    const third = (await reminders(cloud, key))[2];
    expect(third).toMatchObject({ total_due_xof: '18000', file_ids: [one] });
    const { rows } = await cloud.db.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM collection_files f JOIN collection_reminders r ON f.id = ANY(r.file_ids)
        WHERE f.status IN ('promise', 'plan', 'disputed', 'paid', 'legal') AND f.id <> $1`,
      [two],
    );
    expect(rows[0]?.n).toBe('0');
    expect(await availableCenti(cloud.db, partnerB.id)).toBe(before - 600);
  });

  it('honours opt-outs (portal and signed link), the SMS cap across creditors, and sends to people without an account', async () => {
    // clientA turns SMS off in the portal: the SMS is skipped_opt_out, the e-mail goes, charged once.
    const put = await call(clientA, 'PUT', '/v1/debt-collection/contact-preferences', { optedOut: ['sms'] });
    expect(put.json()).toEqual({ optedOut: ['sms'] });
    const both = await makeScenario(cloud, partnerA, [step('both', 1, ['sms', 'email'])], false);
    await insertFile(cloud, {
      creditorId: partnerA.id,
      debtor: { id: clientA.id },
      dueOn: '2027-03-01',
      principalXof: 5_000,
      scenarioId: both,
    });
    await run('2027-03-02T09:00:00Z');
    const clientAttempts = (await attempts(cloud, `a:${clientA.id}`)).filter((a) => a.at >= at('2027-03-02'));
    expect(clientAttempts.map((a) => [a.channel, a.status])).toEqual([
      ['sms', 'skipped_opt_out'],
      ['email', 'queued'],
    ]);

    // Awa has no account: partner A's SMS goes straight through the provider; partner B's the same day is capped.
    const awa = { name: 'Awa Koné', phone: '+2250701020304', email: 'awa@example.ci' };
    // Partner A's file is a day older: its group runs first (groups go oldest due first).
    await insertFile(cloud, { creditorId: partnerA.id, debtor: awa, dueOn: '2027-02-28', principalXof: 9_000 });
    await insertFile(cloud, { creditorId: partnerB.id, debtor: awa, dueOn: '2027-03-01', principalXof: 4_000 });
    await run('2027-03-02T09:30:00Z');
    const awaKey = `p:${awa.phone}`;
    const sms = (await attempts(cloud, awaKey)).filter((a) => a.channel === 'sms');
    expect(sms.map((a) => a.status).sort()).toEqual(['sent', 'skipped_cap']);
    const text = cloud.sent.find((m) => m.to === awa.phone);
    expect(text?.rendered.sms).toContain(formatXof(9_000));
    const token = /opt-out\?token=([\w.-]+)/.exec(text?.rendered.sms ?? '')?.[1] ?? '';
    const tampered = await cloud.app.inject({
      method: 'GET',
      url: `/v1/debt-collection/opt-out?token=${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
    });
    expect(tampered.statusCode).toBe(403);
    const stop = await cloud.app.inject({ method: 'GET', url: `/v1/debt-collection/opt-out?token=${token}` });
    expect(stop.statusCode).toBe(200);
    expect(stop.body).toContain('vous ne recevrez plus de relances de paiement par SMS');
    // Partner B's e-mail step goes on (another channel); its SMS step is skipped for the opt-out.
    await run('2027-03-03T09:00:00Z');
    await run('2027-03-04T09:00:00Z');
    const later = (await attempts(cloud, awaKey)).filter((a) => a.at >= at('2027-03-03'));
    expect(later.map((a) => [a.channel, a.status])).toEqual([
      ['email', 'sent'],
      ['sms', 'skipped_opt_out'],
    ]);
    expect(cloud.sent.filter((m) => m.to === awa.email)).toHaveLength(1);
  });

  it('gives a reminder held back by the SMS cap alone to the next day, instead of losing it', async () => {
    // Two creditors, SMS-only scenarios, one person: the day's one SMS goes to the older file's creditor; the other's
    // reminder goes the next day (its step was given back), and is charged then, once.
    const smsOnlyA = await makeScenario(cloud, partnerA, [step('sms1', 1, ['sms'])], false);
    const smsOnlyB = await makeScenario(cloud, partnerB, [step('sms1', 1, ['sms'])], false);
    const kofi = { name: 'Kofi Yao', phone: '+2250707070707' };
    await insertFile(cloud, {
      creditorId: partnerA.id,
      debtor: kofi,
      dueOn: '2027-04-04',
      principalXof: 7_000,
      scenarioId: smsOnlyA,
    });
    await insertFile(cloud, {
      creditorId: partnerB.id,
      debtor: kofi,
      dueOn: '2027-04-05',
      principalXof: 3_000,
      scenarioId: smsOnlyB,
    });
    const before = await availableCenti(cloud.db, partnerB.id);
    await run('2027-04-06T09:00:00Z'); // a Tuesday
    const key = `p:${kofi.phone}`;
    expect((await attempts(cloud, key)).map((a) => a.status).sort()).toEqual(['sent', 'skipped_cap']);
    expect(await availableCenti(cloud.db, partnerB.id)).toBe(before);
    await run('2027-04-06T15:00:00Z'); // the same day: still capped, nothing more
    expect(await attempts(cloud, key)).toHaveLength(2);
    await run('2027-04-07T09:00:00Z');
    const next = (await attempts(cloud, key)).filter((a) => a.at >= at('2027-04-07'));
    expect(next.map((a) => [a.channel, a.status])).toEqual([['sms', 'sent']]);
    expect(
      cloud.sent
        .filter((m) => m.to === kofi.phone)
        .map((m) => m.rendered.sms)
        .at(-1),
    ).toContain(formatXof(3_000));
    expect(await availableCenti(cloud.db, partnerB.id)).toBe(before - 200);
    await run('2027-04-08T09:00:00Z');
    expect((await attempts(cloud, key)).filter((a) => a.at >= at('2027-04-08'))).toHaveLength(0);
  });

  it('keeps an unfunded creditor’s reminder waiting (said once), then sends it; ISMAIL’s own files are free', async () => {
    const poor = await insertAccount(cloud.db, 'partner');
    const file = await insertFile(cloud, {
      creditorId: poor,
      debtor: { name: 'Yao', phone: '+2250702030405' },
      dueOn: '2027-04-05',
      principalXof: 3_000,
    });
    // The built-in scenario: the courtesy SMS three days before (Friday 2 April).
    await run('2027-04-02T09:00:00Z');
    await run('2027-04-02T09:05:00Z');
    expect((await reminders(cloud, 'p:+2250702030405')).map((r) => r.status)).toEqual(['unfunded']);
    expect(await attempts(cloud, 'p:+2250702030405')).toHaveLength(0);
    const { rows: said } = await cloud.db.pool.query(
      "SELECT 1 FROM collection_file_events WHERE file_id = $1 AND kind = 'reminder'",
      [file],
    );
    expect(said).toHaveLength(1);
    await fund(cloud, poor, 1_000);
    await run('2027-04-02T10:00:00Z');
    expect((await reminders(cloud, 'p:+2250702030405')).map((r) => r.status)).toEqual(['sent']);
    expect((await attempts(cloud, 'p:+2250702030405')).map((a) => a.status)).toEqual(['sent']);

    await insertFile(cloud, {
      creditorId: null,
      debtor: { name: 'Koffi', email: 'koffi@example.ci' },
      dueOn: '2027-04-01',
      principalXof: 1_500,
    });
    await run('2027-04-08T09:00:00Z');
    const [ismail] = await reminders(cloud, 'e:koffi@example.ci');
    expect(ismail).toMatchObject({ creditor_key: 'ismail', status: 'sent', charge_operation_id: null });
    // Day 7: one e-mail for the built-in d7 step, not a burst of the courtesy and D+1 steps skipped past.
    expect((await attempts(cloud, 'e:koffi@example.ci')).map((a) => [a.channel, a.status])).toEqual([
      ['email', 'sent'],
    ]);
    expect((await reminderCharges(cloud)).map((c) => c.key)).not.toContain(`debt-reminder:${ismail?.id ?? ''}`);
  });

  it('runs creditor steps once per file even at night, and nothing after a stop step', async () => {
    const scenario = await makeScenario(
      cloud,
      partnerA,
      [
        step('d1', 1, ['sms']),
        step('call', 2, [], { action: 'call_task' }),
        step('notice', 3, [], { action: 'letter', stop: true }),
        step('after', 4, ['sms']),
      ],
      false,
    );
    const debtor = { name: 'Adjoua', phone: '+2250703040506' };
    const file = await insertFile(cloud, {
      creditorId: partnerA.id,
      debtor,
      dueOn: '2027-05-03',
      principalXof: 60_000,
      scenarioId: scenario,
    });
    const stepsOf = async () =>
      (
        await cloud.db.pool.query<{ step_key: string; reminder_id: string | null }>(
          'SELECT step_key, reminder_id FROM collection_file_steps WHERE file_id = $1 ORDER BY step_key',
          [file],
        )
      ).rows;
    // Thursday 6 May 2027 at 02:00 (Ascension, and night): the agent's call and the letter are due, no reminder goes.
    await Promise.all([run('2027-05-06T02:00:00Z'), run('2027-05-06T02:00:00Z')]);
    expect((await stepsOf()).map((s) => [s.step_key, s.reminder_id])).toEqual([
      ['call', null],
      ['notice', null],
    ]);
    const { rows: tasks } = await cloud.db.pool.query<{ kind: string }>(
      'SELECT kind FROM collection_tasks WHERE file_id = $1 ORDER BY kind',
      [file],
    );
    expect(tasks.map((t) => t.kind)).toEqual(['call', 'letter']);
    expect(await reminders(cloud, `p:${debtor.phone}`)).toHaveLength(0);
    // Saturday 8 May at 09:00: the D+1 SMS goes; the step after the stop never does.
    await run('2027-05-08T09:00:00Z');
    await run('2027-05-10T09:00:00Z');
    expect((await stepsOf()).map((s) => s.step_key)).toEqual(['call', 'd1', 'notice']);
    expect((await reminders(cloud, `p:${debtor.phone}`)).map((r) => [r.day, r.status])).toEqual([
      ['2027-05-08', 'sent'],
    ]);
  });
});
