// Reports (issue 27), on both databases. Negatives first: a client is refused (403 before its malformed body is read),
// a partner never reads another's sales nor deletes another's schedule, a rep sees only its partners', malformed
// schedules and periods are refused. Then the acceptance path: a partner with real sales (ledger movements, dated by
// the test clock) schedules a weekly sales report; the clock moves a week; the job runs twice at once, again, and an
// hour later: the mail simulator receives ONE mail, whose XLSX totals (read back with exceljs) equal the ledger's
// movements into that wallet for that Monday–Sunday, computed here by a direct query on the ledger.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpCapture, type SmtpCapture } from '@ismail/firmware-sim';
import { emailChannel } from '../src/modules/notifications/email.js';
import { reportKinds } from '../src/modules/reports/definition.js';
import { reportDefinitions } from '../src/modules/reports/definitions/index.js';
import { reportScopeOf } from '../src/modules/reports/scope.js';
import { testClock, type TestClock } from '../src/platform/test-clock.js';
import { everyTestBackend } from './support/databases.js';
import { bearer, type Person } from './support/people.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { as } from './support/wallet-fixtures.js';

interface Preview {
  rows: Record<string, string | number | null>[];
  totalRows: number;
  totals: Record<string, number>;
  truncated: boolean;
}

describe.each(everyTestBackend)('reports and scheduled reports, on $name', (backend) => {
  let cloud: TestCloud;
  let smtp: SmtpCapture;
  let clock: TestClock;

  const call = (person: Person, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    cloud.app.inject({
      method,
      url,
      headers: bearer(cloud.people[person]),
      ...(payload === undefined ? {} : { payload }),
    });
  const today = () => DateTime.fromJSDate(clock.now(), { zone: 'Africa/Abidjan' }).toISODate() ?? '';
  const preview = async (person: Person, kind = 'sales') => {
    const r = await call(person, 'GET', `/v1/reports/${kind}?from=${today()}&to=${today()}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json<Preview>();
  };
  /** A real sale: the client pays the partner from its wallet (ledger legs: payment, commission, tax). */
  const sale = async (payer: string, partner: string, amountCentiCredits: number) => {
    // Throws on a refusal (not enough credits): the test then fails here.
    await cloud.app.wallet.operations.pay(as(payer), {
      payerId: payer,
      payeeId: partner,
      module: 'shop',
      amountCentiCredits,
    });
  };

  beforeAll(async () => {
    smtp = await startSmtpCapture({ port: 0 });
    clock = testClock();
    // The sales fall on a Wednesday noon in Abidjan whatever day the suite runs: on a Monday before 06:00 the weekly
    // run would otherwise report the week before them (the landing CI ran on a Monday at 01:00 and failed).
    const now = DateTime.fromJSDate(clock.now(), { zone: 'Africa/Abidjan' });
    const wednesday = now.set({ weekday: 3, hour: 12, minute: 0, second: 0, millisecond: 0 });
    clock.advance((wednesday > now ? wednesday : wednesday.plus({ weeks: 1 })).toMillis() - now.toMillis());
    cloud = await openTestCloud(backend, {
      testClock: clock,
      ledger: { now: clock.now },
      notifications: {
        channels: {
          email: emailChannel({
            smtpUrl: `smtp://127.0.0.1:${String(smtp.port)}`,
            from: 'ISMAIL <no-reply@ismail.ci>',
          }),
        },
        publicUrl: 'http://127.0.0.1:8080',
      },
    });
    // The notifications' queue (pg-boss): a finished export job notifies « export.ready » through it.
    await cloud.app.notifications.service.start();
    const { clientA, clientB, partnerA, partnerB } = cloud.people;
    for (const client of [clientA, clientB])
      await cloud.app.wallet.operations.bonus(as(client.id), {
        accountId: client.id,
        amountCentiCredits: 1_000_000,
        reason: 'test',
      });
    await sale(clientA.id, partnerA.id, 12_500);
    await sale(clientB.id, partnerA.id, 30_000);
    await sale(clientA.id, partnerB.id, 7_700);
  });
  afterAll(async () => {
    // The e-mail workers finish their sends before the pool closes.
    await cloud.app.notifications.service.stop();
    await cloud.close();
    await smtp.close();
  });

  it('refuses clients before reading the body or query, on every report route', async () => {
    for (const [method, url, payload] of [
      ['GET', '/v1/reports', undefined],
      ['GET', '/v1/reports/sales?from=pas-une-date', undefined],
      ['POST', '/v1/reports/sales/exports', { nonsense: true }],
      ['GET', '/v1/reports/schedules', undefined],
      ['POST', '/v1/reports/schedules', { kind: 'nope' }],
      ['DELETE', `/v1/reports/schedules/${randomUUID()}`, undefined],
    ] as const) {
      const r = await call('clientA', method, url, payload);
      expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(403);
    }
  });

  it("shows each viewer its own scope only: a partner its sales, a rep its partners', an admin all", async () => {
    const a = await preview('partnerA');
    expect(a.totals.amountCentiCredits).toBe(42_500);
    expect(a.rows.map((r) => r.amountCentiCredits).sort()).toEqual([12_500, 30_000]);
    const b = await preview('partnerB');
    expect(b.totals.amountCentiCredits).toBe(7_700);
    expect(b.rows.every((r) => r.partner === a.rows[0]?.partner)).toBe(false);
    // Staff read their partner's; the rep and chief of A see A's only; admins see both.
    expect((await preview('staffA')).totals.amountCentiCredits).toBe(42_500);
    expect((await preview('repA')).totals.amountCentiCredits).toBe(42_500);
    expect((await preview('repB')).totals.amountCentiCredits).toBe(7_700);
    expect((await preview('chiefA')).totals.amountCentiCredits).toBe(42_500);
    expect((await preview('admin')).totals.amountCentiCredits).toBeGreaterThanOrEqual(50_200);
    // A query naming another account changes nothing: there is no such parameter (400), the scope is the session's.
    const forged = await call('partnerB', 'GET', `/v1/reports/sales?accountId=${cloud.people.partnerA.id}`);
    expect(forged.statusCode).toBe(400);
  });

  it('runs every kind for every scope, and reads the same rows whatever the page size (keyset pages)', async () => {
    for (const kind of reportKinds)
      for (const person of ['partnerA', 'staffA', 'repA', 'chiefA', 'admin'] as const) {
        const r = await call(person, 'GET', `/v1/reports/${kind}`);
        expect(r.statusCode, `${kind} ${person}: ${r.body}`).toBe(200);
        expect(r.json<Preview>().rows.length).toBeLessThanOrEqual(200);
      }
    const start = DateTime.fromJSDate(clock.now()).minus({ days: 1 }).toJSDate();
    const query = {
      scope: reportScopeOf({ accountId: cloud.people.admin.id, profile: 'admin', secondFactor: true }),
      start,
      end: DateTime.fromJSDate(clock.now()).plus({ days: 1 }).toJSDate(),
      module: null,
    };
    for (const kind of reportKinds) {
      const all = [];
      for await (const row of reportDefinitions[kind].rows(cloud.db, query)) all.push(row);
      const paged = [];
      for await (const row of reportDefinitions[kind].rows(cloud.db, query, 1)) paged.push(row);
      expect(paged, kind).toEqual(all);
      expect(all.length, kind).toBe(await reportDefinitions[kind].count(cloud.db, query));
    }
  });

  it('refuses malformed periods and schedules', async () => {
    expect((await call('partnerA', 'GET', '/v1/reports/sales?from=2026-01-01&to=2027-06-01')).statusCode).toBe(400);
    expect((await call('partnerA', 'GET', '/v1/reports/sales?from=2026-02-30&to=2026-03-01')).statusCode).toBe(400);
    expect((await call('partnerA', 'GET', '/v1/reports/nope')).statusCode).toBe(400);
    const base = { kind: 'sales', format: 'xlsx', hour: 6, delivery: 'attachment' };
    for (const bad of [
      { ...base, frequency: 'weekly' },
      { ...base, frequency: 'monthly' },
      { ...base, frequency: 'weekly', weekday: 8 },
      { ...base, frequency: 'daily', timeZone: 'Mars/Olympus' },
      { ...base, frequency: 'daily', hour: 24 },
      { ...base, frequency: 'daily', accountId: cloud.people.partnerB.id },
    ]) {
      const r = await call('partnerA', 'POST', '/v1/reports/schedules', bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
    }
  });

  it('e-mails a weekly sales report once per week, its XLSX totals equal to the ledger', async () => {
    const { partnerA, partnerB } = cloud.people;
    const created = await call('partnerA', 'POST', '/v1/reports/schedules', {
      kind: 'sales',
      format: 'xlsx',
      frequency: 'weekly',
      weekday: 1,
      hour: 6,
      delivery: 'attachment',
    });
    expect(created.statusCode, created.body).toBe(201);
    const schedule = created.json<{ id: string; nextRunAt: string }>();
    // Another partner cannot remove it (404, as if it did not exist).
    expect((await call('partnerB', 'DELETE', `/v1/reports/schedules/${schedule.id}`)).statusCode).toBe(404);
    const listed = await call('partnerA', 'GET', '/v1/reports/schedules');
    expect(listed.json<{ schedules: { id: string }[] }>().schedules.map((s) => s.id)).toContain(schedule.id);

    // Nothing is due yet.
    expect(await cloud.app.reportScheduler.runOnce()).toBe(0);
    const nextRun = new Date(schedule.nextRunAt);
    const runAt = DateTime.fromJSDate(nextRun, { zone: 'Africa/Abidjan' });
    expect(runAt.weekday).toBe(1);
    expect(runAt.hour).toBe(6);
    clock.advance(nextRun.getTime() - clock.now().getTime() + 60_000);
    // A sale in the new week: not in the report of the week before.
    await sale(cloud.people.clientA.id, partnerA.id, 999);

    const runs = await Promise.all([cloud.app.reportScheduler.runOnce(), cloud.app.reportScheduler.runOnce()]);
    expect(runs[0] + runs[1]).toBe(1);
    expect(await cloud.app.reportScheduler.runOnce()).toBe(0);
    clock.advance(3_600_000);
    expect(await cloud.app.reportScheduler.runOnce()).toBe(0);

    const mails = smtp.messages().filter((m) => m.envelopeTo.includes(partnerA.email));
    expect(mails).toHaveLength(1);
    expect(smtp.messages().filter((m) => m.envelopeTo.includes(partnerB.email))).toHaveLength(0);
    const parsed = await simpleParser(mails[0]?.raw ?? '');
    const attachment = parsed.attachments[0];
    expect(attachment?.filename).toMatch(/^sales_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(attachment?.content as unknown as ArrayBuffer);
    const totals = new Map<string, unknown>();
    workbook.getWorksheet('Totaux')?.eachRow((row) => totals.set(row.getCell(1).text, row.getCell(2).value));

    // The week before the run, Monday to Sunday in Abidjan, and the ledger's own sum of what went into A's wallet.
    const weekStart = runAt.startOf('week').minus({ weeks: 1 });
    const { rows } = await cloud.db.pool.query<{ total: string | null }>(
      `SELECT sum(t.amount) AS total FROM ledger_transfers t JOIN ledger_accounts la ON la.id = t.credit_account_id
       WHERE la.code = $1 AND t.phase IN ('single', 'post') AND t.created_at >= $2 AND t.created_at < $3`,
      [`wallet:${partnerA.id}`, weekStart.toJSDate(), weekStart.plus({ weeks: 1 }).toJSDate()],
    );
    expect(Number(rows[0]?.total)).toBe(42_500);
    expect(totals.get('amountCentiCredits')).toBe(Number(rows[0]?.total));
    expect(totals.get('sales')).toBe(2);
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(3);

    // The send is recorded once, audited, and shown on the schedule.
    const sends = await cloud.db.pool.query<{ status: string; period_start: string }>(
      'SELECT status, period_start::text FROM report_sends WHERE schedule_id = $1',
      [schedule.id],
    );
    expect(sends.rows).toEqual([{ status: 'sent', period_start: weekStart.toISODate() }]);
    const after = (await call('partnerA', 'GET', '/v1/reports/schedules')).json<{
      schedules: { id: string; lastPeriod: string | null; nextRunAt: string }[];
    }>();
    const mine = after.schedules.find((s) => s.id === schedule.id);
    expect(mine?.lastPeriod).toBe(`${weekStart.toISODate() ?? ''}/${weekStart.plus({ days: 6 }).toISODate() ?? ''}`);
    expect(new Date(mine?.nextRunAt ?? 0).getTime()).toBeGreaterThan(clock.now().getTime());
    // Deleted by its owner: 204, then gone.
    expect((await call('partnerA', 'DELETE', `/v1/reports/schedules/${schedule.id}`)).statusCode).toBe(204);
    expect((await call('partnerA', 'DELETE', `/v1/reports/schedules/${schedule.id}`)).statusCode).toBe(404);
  });

  it("exports through export jobs in each format, the job the caller's only, each request audited", async () => {
    const jobs: Record<string, string> = {};
    for (const format of ['csv', 'xlsx', 'pdf']) {
      const r = await call('partnerA', 'POST', '/v1/reports/sales/exports', { from: today(), to: today(), format });
      expect(r.statusCode, r.body).toBe(202);
      jobs[format] = r.json<{ jobId: string }>().jobId;
    }
    const runner = cloud.app.documents.exportJobs as unknown as { runQueued(untilMs?: number): Promise<number> };
    await runner.runQueued();
    const content = async (jobId: string) => {
      const view = await cloud.app.documents.exportJobs.view(jobId, cloud.people.partnerA.id);
      expect(view?.status, JSON.stringify(view)).toBe('done');
      const { rows } = await cloud.db.pool.query<{ document_id: string }>(
        'SELECT document_id FROM export_jobs WHERE id = $1',
        [jobId],
      );
      const opened = await cloud.app.documents.store.open(rows[0]?.document_id ?? '');
      const chunks: Buffer[] = [];
      for await (const chunk of opened?.body ?? []) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    };
    const csv = (await content(jobs.csv ?? '')).toString('utf8');
    expect(csv).toContain('Date;Partenaire;Module;Opération;Montant (centièmes de crédit)');
    // The clock moved a week in the test before: today's only sale is the 999 one.
    expect(csv).toContain(';999');
    expect(csv).not.toContain(';12500');
    expect((await content(jobs.pdf ?? '')).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await content(jobs.xlsx ?? '')).subarray(0, 2).toString()).toBe('PK');
    expect((await call('partnerB', 'GET', `/v1/export-jobs/${jobs.csv ?? ''}`)).statusCode).toBe(404);
    const { rows } = await cloud.db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.export_requested' AND actor_account_id = $1",
      [cloud.people.partnerA.id],
    );
    expect(rows[0]?.n).toBe(3);
  });
});
