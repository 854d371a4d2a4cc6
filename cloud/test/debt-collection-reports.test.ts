// Proves the creditor's dashboard and journal (issue 26, part A) on hand-computed figures: refusals first (a client, a
// staff member changing accounts, bad dates, a period over 366 days, bad account numbers, an export over 50 000
// lines), then one creditor's files opened before and in February 2026 with partial and full payments, a write-off,
// promises: the dashboard equals the figures computed by hand (recovery rate exactly), another creditor's files never
// count, the journal balances, its payment lines sum to the recovered amount, and the XLSX holds the CSV's lines.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from './support/databases.js';
import { bearer, type Signed } from './support/people.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

interface FileSpec {
  principal: number;
  fees?: number;
  dueOn: string;
  openedAt: string;
  payments?: [amount: number, at: string, method: string][];
  /** Written off at this instant, or paid in full (closed at its last payment). */
  writtenOffAt?: string;
}

describe.each(testBackends)('debt collection reports on $name', (backend) => {
  let cloud: TestCloud;
  let partnerA: Signed;
  let partnerB: Signed;
  const get = (who: Signed, url: string) => cloud.app.inject({ method: 'GET', url, headers: bearer(who) });
  const put = (who: Signed, url: string, payload: object) =>
    cloud.app.inject({ method: 'PUT', url, headers: bearer(who), payload });
  const feb = 'from=2026-02-01&to=2026-02-28';

  /** A file as it stands after its history, written straight to the tables (its events carry their real times). */
  async function file(creditor: Signed, spec: FileSpec): Promise<string> {
    const id = randomUUID();
    const owed = spec.principal + (spec.fees ?? 0);
    const paid = (spec.payments ?? []).reduce((s, [a]) => s + a, 0);
    const lastPaid = spec.payments?.at(-1)?.[1] ?? null;
    const status = spec.writtenOffAt !== undefined ? 'written_off' : paid === owed ? 'paid' : 'in_reminder';
    const closedAt = spec.writtenOffAt ?? (status === 'paid' ? lastPaid : null);
    await cloud.db.pool.query(
      `INSERT INTO collection_files (id, creditor_id, debtor_name, source, source_ref, label, principal_xof, fees_xof,
         paid_xof, due_on, status, prescription_on, opened_at, closed_at)
       VALUES ($1, $2, 'Kouassi Aya', 'manual', $10, 'Facture', $3, $4, $5, $6, $7, '2031-01-01', $8, $9)`,
      [
        id,
        creditor.id,
        spec.principal,
        spec.fees ?? 0,
        paid,
        spec.dueOn,
        status,
        spec.openedAt,
        closedAt,
        `test:${id}`,
      ],
    );
    await cloud.db.pool.query(
      "INSERT INTO collection_file_events (file_id, kind, amount_xof, actor, at) VALUES ($1, 'opened', $2, 'test', $3)",
      [id, spec.principal, spec.openedAt],
    );
    for (const [amount, at, method] of spec.payments ?? [])
      await cloud.db.pool.query(
        `INSERT INTO collection_file_events (file_id, kind, amount_xof, detail, actor, at)
         VALUES ($1, 'payment', $2, $3, 'test', $4)`,
        [id, amount, { paymentId: randomUUID(), method }, at],
      );
    return id;
  }
  const promise = (fileId: string, status: string, createdAt: string, resolvedAt: string | null) =>
    cloud.db.pool.query(
      `INSERT INTO collection_promises (id, file_id, amount_xof, promised_on, paid_before_xof, status, created_by,
         created_at, resolved_at) VALUES ($1, $2, 1000, '2026-02-20', 0, $3, 'test', $4, $5)`,
      [randomUUID(), fileId, status, createdAt, resolvedAt],
    );

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ partnerA, partnerB } = cloud.people);
    // Before February: F1 partly paid, F2 partly paid then written off in February, F6 unpaid since October, F7 due
    // in February, F8 paid in December. In February: F3 opened and paid in full, F4 opened and partly paid. F5 opens
    // in March. Partner B's file (and its payment) sits in the same month.
    const f1 = await file(partnerA, {
      principal: 100_000,
      dueOn: '2026-01-15',
      openedAt: '2026-01-10T09:00:00Z',
      payments: [
        [30_000, '2026-01-20T10:00:00Z', 'cash'],
        [20_000, '2026-02-10T10:00:00Z', 'wallet'],
      ],
    });
    await file(partnerA, {
      principal: 50_000,
      fees: 5_000,
      dueOn: '2026-01-05',
      openedAt: '2026-01-05T08:00:00Z',
      payments: [[10_000, '2026-01-25T10:00:00Z', 'cash']],
      writtenOffAt: '2026-02-15T12:00:00Z',
    });
    await file(partnerA, {
      principal: 80_000,
      dueOn: '2026-02-20',
      openedAt: '2026-02-03T08:00:00Z',
      payments: [[80_000, '2026-02-25T10:00:00Z', 'bank']],
    });
    await file(partnerA, {
      principal: 40_000,
      fees: 2_000,
      dueOn: '2026-03-10',
      openedAt: '2026-02-12T08:00:00Z',
      payments: [[12_000, '2026-02-27T23:59:59Z', 'mobile_money']],
    });
    await file(partnerA, {
      principal: 999,
      dueOn: '2026-03-02',
      openedAt: '2026-03-01T00:00:00Z',
      payments: [[500, '2026-03-01T08:00:00Z', 'cash']],
    });
    const f6 = await file(partnerA, { principal: 60_000, dueOn: '2025-10-01', openedAt: '2025-10-01T08:00:00Z' });
    const f7 = await file(partnerA, { principal: 25_000, dueOn: '2026-02-05', openedAt: '2026-01-20T08:00:00Z' });
    await file(partnerA, {
      principal: 120_000,
      dueOn: '2025-12-01',
      openedAt: '2025-12-01T08:00:00Z',
      payments: [[120_000, '2025-12-20T08:00:00Z', 'wallet']],
    });
    await file(partnerB, {
      principal: 500_000,
      dueOn: '2026-02-05',
      openedAt: '2026-02-05T08:00:00Z',
      payments: [[100_000, '2026-02-10T08:00:00Z', 'cash']],
    });
    await promise(f7, 'pending', '2026-02-08T10:00:00Z', null);
    await promise(f1, 'kept', '2026-01-25T10:00:00Z', '2026-02-10T10:00:00Z');
    await promise(f6, 'broken', '2026-02-02T10:00:00Z', '2026-02-20T10:00:00Z');
    await promise(f6, 'broken', '2026-01-02T10:00:00Z', '2026-01-15T10:00:00Z');
  });
  afterAll(async () => cloud.close());

  it('refuses a client and read-only staff changing accounts before reading anything, with 403', async () => {
    const { clientA, staffA } = cloud.people;
    expect((await get(clientA, `/v1/debt-collection/dashboard?${feb}`)).statusCode).toBe(403);
    expect((await get(clientA, '/v1/debt-collection/dashboard?from=nonsense')).statusCode).toBe(403);
    expect((await get(clientA, `/v1/debt-collection/exports/journal.csv?${feb}`)).statusCode).toBe(403);
    expect((await get(clientA, '/v1/debt-collection/accounting-settings')).statusCode).toBe(403);
    expect((await put(clientA, '/v1/debt-collection/accounting-settings', { bad: true })).statusCode).toBe(403);
    expect((await put(staffA, '/v1/debt-collection/accounting-settings', { bad: true })).statusCode).toBe(403);
  });

  it('refuses bad dates, an inverted or over-long period and bad account numbers in French', async () => {
    for (const query of [
      'from=2026-02-30&to=2026-03-01',
      'from=01/02/2026&to=2026-03-01',
      'from=2026-03-01&to=2026-02-01',
      'from=2025-01-01&to=2026-01-02', // 367 days
    ]) {
      const answer = await get(partnerA, `/v1/debt-collection/dashboard?${query}`);
      expect(answer.statusCode, query).toBe(400);
      expect(answer.json<{ error: { message: string } }>().error.message, query).toMatch(/période/);
      expect((await get(partnerA, `/v1/debt-collection/exports/journal.xlsx?${query}`)).statusCode).toBe(400);
    }
    expect((await get(partnerA, '/v1/debt-collection/dashboard?from=2028-01-01&to=2028-12-31')).statusCode).toBe(200);
    const valid = {
      receivableAccount: '411',
      cashAccount: '571',
      walletAccount: '5211',
      feesAccount: '708',
      lossAccount: '654',
      journalCode: 'RC',
    };
    for (const [field, value, words] of [
      ['cashAccount', '5', 'caisse'],
      ['lossAccount', '65A', 'pertes'],
      ['receivableAccount', '41100000000', 'clients'],
      ['journalCode', 'rc', 'code journal'],
    ] as const) {
      const answer = await put(partnerA, '/v1/debt-collection/accounting-settings', { ...valid, [field]: value });
      expect(answer.statusCode, field).toBe(400);
      expect(answer.json<{ error: { message: string } }>().error.message).toContain(words);
    }
    const settings = await get(partnerA, '/v1/debt-collection/accounting-settings');
    expect(settings.json()).toMatchObject({ receivableAccount: '411', walletAccount: '521', journalCode: 'REC' });
  });

  it("equals the hand-computed figures, partner B's files apart, and staff read their partner's", async () => {
    const answer = await get(partnerA, `/v1/debt-collection/dashboard?${feb}`);
    expect(answer.statusCode, answer.body).toBe(200);
    const d = answer.json<Record<string, unknown>>();
    // Opening (left on 1 Feb): F1 70 000 + F2 45 000 + F6 60 000 + F7 25 000. New: F3 80 000 + F4 42 000.
    // Recovered in February: 20 000 + 80 000 + 12 000. Rate 112 000 ÷ 322 000 = 3 478.26 bp → 3 478.
    expect(d).toMatchObject({
      openingBalanceXof: 200_000,
      newDebtXof: 122_000,
      recoveredXof: 112_000,
      recoveryRateBp: 3_478,
      // Left on 28 Feb: F1 50 000, F4 30 000, F6 60 000, F7 25 000 (F2 written off, F3 paid).
      activeFiles: 4,
      outstandingXof: 165_000,
      dsoDays: 38, // 165 000 ÷ 122 000 × 28 = 37.87
      promises: { made: 2, kept: 1, broken: 1 },
    });
    expect(d.buckets).toEqual([
      { bucket: 'not_due', xof: 30_000, files: 1 },
      { bucket: '0_30', xof: 25_000, files: 1 },
      { bucket: '31_60', xof: 50_000, files: 1 },
      { bucket: '61_90', xof: 0, files: 0 },
      { bucket: '90_plus', xof: 60_000, files: 1 },
    ]);
    const months = d.months as { month: string; newDebtXof: number; recoveredXof: number }[];
    expect(months.map((m) => m.month)).toEqual([
      ...['2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11'],
      ...['2025-12', '2026-01', '2026-02'],
    ]);
    expect(months.filter((m) => m.newDebtXof > 0 || m.recoveredXof > 0)).toEqual([
      { month: '2025-10', newDebtXof: 60_000, recoveredXof: 0 },
      { month: '2025-12', newDebtXof: 120_000, recoveredXof: 120_000 },
      { month: '2026-01', newDebtXof: 180_000, recoveredXof: 40_000 },
      { month: '2026-02', newDebtXof: 122_000, recoveredXof: 112_000 },
    ]);
    expect((await get(cloud.people.staffA, `/v1/debt-collection/dashboard?${feb}`)).json()).toEqual(d);
    expect((await get(partnerB, `/v1/debt-collection/dashboard?${feb}`)).json()).toMatchObject({
      openingBalanceXof: 0,
      newDebtXof: 500_000,
      recoveredXof: 100_000,
      recoveryRateBp: 2_000,
      outstandingXof: 400_000,
    });
    // A period with nothing owed: rate 0, no DSO.
    expect((await get(partnerA, '/v1/debt-collection/dashboard?from=2024-01-01&to=2024-12-31')).json()).toMatchObject({
      recoveryRateBp: 0,
      dsoDays: null,
      activeFiles: 0,
    });
  });

  it('exports a balanced journal whose payments sum to the recovered amount, the XLSX with the CSV lines', async () => {
    const csvAnswer = await get(partnerA, `/v1/debt-collection/exports/journal.csv?${feb}`);
    expect(csvAnswer.statusCode, csvAnswer.body).toBe(200);
    expect(csvAnswer.headers['content-type']).toContain('text/csv');
    expect(csvAnswer.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(csvAnswer.rawPayload.toString('utf8').slice(1), { delimiter: ';' });
    expect(rows[0]).toEqual(['Journal', 'Date', 'Pièce', 'Compte', 'Libellé', 'Débit', 'Crédit']);
    const lines = rows.slice(1);
    // F3 opened (2), F4 opened with fees (3), three payments (6), F2 written off (2).
    expect(lines).toHaveLength(13);
    const total = (column: number, filter: (r: string[]) => boolean = () => true) =>
      lines.filter(filter).reduce((s, r) => s + Number(r[column]), 0);
    expect(total(5)).toBe(279_000);
    expect(total(6)).toBe(total(5));
    expect(total(5, (r) => r[4]?.startsWith('Règlement') === true)).toBe(112_000);
    expect(total(5, (r) => r[3] === '654')).toBe(45_000);
    expect(total(6, (r) => r[3] === '708')).toBe(2_000);
    expect(lines.every((r) => r[0] === 'REC')).toBe(true);
    expect(lines.map((r) => r[1])).toContain('27/02/2026');
    // Each piece balances on its own.
    const pieces = new Map<string, number>();
    for (const r of lines) pieces.set(r[2] ?? '', (pieces.get(r[2] ?? '') ?? 0) + Number(r[5]) - Number(r[6]));
    expect([...pieces.values()].every((v) => v === 0)).toBe(true);

    const xlsxAnswer = await get(partnerA, `/v1/debt-collection/exports/journal.xlsx?${feb}`);
    expect(xlsxAnswer.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsxAnswer.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Journal');
    const xlsxRows: string[][] = [];
    sheet?.eachRow((row) => xlsxRows.push((row.values as unknown[]).slice(1).map((v) => String(v))));
    expect(xlsxRows).toEqual(rows);
    const audits = await cloud.db.pool.query(
      "SELECT 1 FROM audit_log WHERE action = 'debt.journal_exported' AND subject_id = $1",
      [partnerA.id],
    );
    expect(audits.rows.length).toBeGreaterThanOrEqual(2);
  });

  it("writes the creditor's own accounts once saved (audited), the bank and revenue ones kept", async () => {
    const saved = await put(partnerA, '/v1/debt-collection/accounting-settings', {
      receivableAccount: '4111',
      cashAccount: '5711',
      walletAccount: '5218',
      feesAccount: '7071',
      lossAccount: '6541',
      journalCode: 'RC2',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ bankAccount: '521', revenueAccount: '706', walletAccount: '5218' });
    const csv = (await get(partnerA, `/v1/debt-collection/exports/journal.csv?${feb}`)).rawPayload.toString('utf8');
    const lines = parse(csv.slice(1), { delimiter: ';' }).slice(1);
    expect(lines.every((r) => r[0] === 'RC2')).toBe(true);
    expect(new Set(lines.map((r) => r[3]))).toEqual(new Set(['4111', '706', '7071', '5218', '521', '6541']));
    const audit = await cloud.db.pool.query<{ detail: { after: { walletAccount: string } } }>(
      "SELECT detail FROM audit_log WHERE action = 'debt.accounting_settings_changed' AND subject_id = $1",
      [partnerA.id],
    );
    expect(audit.rows.map((r) => r.detail.after.walletAccount)).toEqual(['5218']);
  });

  it('refuses an export over 50 000 lines and asks for a shorter period', async () => {
    const id = await file(partnerB, { principal: 1_000_000, dueOn: '2026-04-01', openedAt: '2026-04-01T08:00:00Z' });
    // 25 000 one-franc payments make 50 000 lines, plus the opening's two: one period too long by two lines.
    await cloud.db.pool.query(
      `INSERT INTO collection_file_events (file_id, kind, amount_xof, detail, actor, at)
       SELECT $1, 'payment', 1, '{"method":"cash"}'::jsonb, 'test', '2026-04-02T00:00:00Z'::timestamptz + g * interval '1 second'
         FROM generate_series(1, 25000) g`,
      [id],
    );
    const answer = await get(partnerB, '/v1/debt-collection/exports/journal.csv?from=2026-04-01&to=2026-04-30');
    expect(answer.statusCode).toBe(400);
    expect(answer.json<{ error: { message: string } }>().error.message).toContain('période plus courte');
    const shorter = await get(partnerB, '/v1/debt-collection/exports/journal.csv?from=2026-04-02&to=2026-04-30');
    expect(shorter.statusCode).toBe(200);
  });
});
