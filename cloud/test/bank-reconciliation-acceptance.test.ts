/**
 * Bank reconciliation acceptance (issue 27): a camt.053 of 50 lines built against partner A's real invoices and
 * top-ups (with noise and decoys) gets the right suggestion first for at least 45 lines; accepting reconciles once; a
 * target matched twice is refused by PostgreSQL, also when two accepts race; another partner sees nothing; the same
 * lines from a CSV with a saved mapping; the same file twice is one statement. Both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankCsv, buildBankScenario, camt053, insertInvoice, type BankFixtureLine } from './support/bank-fixtures.js';
import { testBackends } from './support/databases.js';
import { bearer, type Signed } from './support/people.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

interface Line {
  id: string;
  bookedOn: string;
  amountXof: number;
  reference: string;
  counterpartyName: string;
  label: string;
  status: string;
  problem: string | null;
  matches: { targetType: string; targetId: string; amountXof: number }[];
  suggestions: { targetType: string; targetId: string; score: number; reasons: string[] }[];
}
interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; problem: string }[] };
}

describe.each(testBackends)('bank reconciliation on $name', (backend) => {
  let cloud: TestCloud;
  let fixture: BankFixtureLine[];
  let file: string;
  let statementId = '';
  const call = (who: Signed, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    cloud.app.inject({ method, url, headers: bearer(who), ...(payload === undefined ? {} : { payload }) });
  const partner = () => cloud.people.partnerA;
  const statement = async (who = partner(), id = statementId) => {
    const response = await call(who, 'GET', `/v1/bank/statements/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ statement: { lines: number; reconciled: number }; lines: Line[] }>();
  };
  const problemOf = (body: string) => JSON.parse(body) as ErrorBody;

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    fixture = await buildBankScenario(cloud, cloud.people.partnerA.id);
    // Partner B sells the same amounts: its invoices must never be suggested to A.
    for (const line of fixture.filter((l) => l.amountXof > 0).slice(0, 10))
      await insertInvoice(cloud, cloud.people.partnerB.id, {
        number: `B-${String(line.amountXof)}`,
        grossXof: line.amountXof,
        buyer: line.counterpartyName || 'Client B',
        day: line.bookedOn,
      });
    file = camt053(fixture, 'CI93CI0080111301134291200589');
  });
  afterAll(async () => cloud.close());

  it('refuses clients, reps and chiefs before the body, read-only staff on writes, and malformed files', async () => {
    for (const who of [cloud.people.clientA, cloud.people.repA, cloud.people.chiefA])
      expect((await call(who, 'POST', '/v1/bank/statements', { nonsense: true })).statusCode).toBe(403);
    const body = { format: 'camt053', fileName: 'releve.xml', content: file };
    expect((await call(cloud.people.staffA, 'POST', '/v1/bank/statements', body)).statusCode).toBe(403);
    const broken = await call(partner(), 'POST', '/v1/bank/statements', { ...body, content: file.slice(0, 900) });
    expect(broken.statusCode).toBe(400);
    expect(problemOf(broken.body).error.message).toMatch(/mal formé/);
    const csvWithoutMapping = await call(partner(), 'POST', '/v1/bank/statements', {
      format: 'csv',
      bankName: 'Inconnue',
      fileName: 'r.csv',
      content: bankCsv(fixture),
    });
    expect(csvWithoutMapping.statusCode).toBe(400);
    const listed = await call(partner(), 'GET', '/v1/bank/statements');
    expect(listed.json<{ statements: unknown[] }>().statements).toEqual([]);
  });

  it('imports the camt.053 once (the same file twice is one statement), a foreign-currency line kept with its problem', async () => {
    const body = { format: 'camt053', bankName: 'SGCI', fileName: 'releve-novembre.xml', content: file };
    const first = await call(partner(), 'POST', '/v1/bank/statements', body);
    expect(first.statusCode, first.body).toBe(201);
    const again = await call(partner(), 'POST', '/v1/bank/statements', { ...body, fileName: 'copie.xml' });
    expect(again.statusCode).toBe(200);
    statementId = first.json<{ statement: { id: string } }>().statement.id;
    expect(again.json<{ statement: { id: string } }>().statement.id).toBe(statementId);
    const { statement: view, lines } = await statement();
    expect(view).toMatchObject({ lines: 51, reconciled: 0, accountIban: 'CI93CI0080111301134291200589' });
    expect(lines[50]).toMatchObject({ amountXof: 0, problem: expect.stringMatching(/Devise EUR/), suggestions: [] });
    expect(
      (await call(partner(), 'GET', '/v1/bank/statements')).json<{ statements: unknown[] }>().statements,
    ).toHaveLength(1);
  });

  it('suggests the right target first for at least 45 of the 50 lines, explained, only among its own targets', async () => {
    const { lines } = await statement();
    const partnerBInvoices = await cloud.db.pool.query<{ id: string }>(
      'SELECT id FROM invoices WHERE issuer_account_id = $1',
      [cloud.people.partnerB.id],
    );
    const foreign = new Set(partnerBInvoices.rows.map((r) => r.id));
    let right = 0;
    for (const [i, expected] of fixture.entries()) {
      const line = lines[i];
      if (expected.expected === null || line === undefined) continue;
      expect(line.suggestions.some((s) => foreign.has(s.targetId))).toBe(false);
      expect(line.suggestions.length).toBeLessThanOrEqual(3);
      for (const s of line.suggestions) expect(s.reasons.length).toBeGreaterThan(0);
      if (line.suggestions[0]?.targetId === expected.expected.targetId) right += 1;
    }
    // Printed: the figure the issue asks for, seen in every run.
    process.stdout.write(
      `bank reconciliation (${backend.name}): ${String(right)}/50 lines get the right suggestion first\n`,
    );
    expect(right).toBeGreaterThanOrEqual(45);
    expect(lines[0]?.suggestions[0]).toMatchObject({ score: 100, reasons: ['même référence'] });
  });

  it('hides the statement and its lines from another partner', async () => {
    const other = cloud.people.partnerB;
    expect((await call(other, 'GET', `/v1/bank/statements/${statementId}`)).statusCode).toBe(404);
    expect((await call(other, 'GET', '/v1/bank/statements')).json<{ statements: unknown[] }>().statements).toEqual([]);
    const { lines } = await statement();
    const line = lines[0]!;
    const { targetType, targetId } = line.suggestions[0]!;
    const stolen = await call(other, 'POST', `/v1/bank/lines/${line.id}/accept`, { targetType, targetId });
    expect(stolen.statusCode).toBe(404);
    expect((await call(other, 'GET', `/v1/bank/lines/${line.id}/history`)).statusCode).toBe(404);
    expect(
      (await call(cloud.people.admin, 'GET', '/v1/bank/statements')).json<{ statements: unknown[] }>().statements,
    ).toEqual([]);
  });

  it('accepts once: a second accept is ALREADY_RECONCILED, the same target elsewhere ALREADY_MATCHED, a race has one winner', async () => {
    const { lines } = await statement();
    // Two open credit lines kept for the race, one for the split.
    const reserved = lines
      .filter((l, i) => l.amountXof > 0 && fixture[i]?.expected !== null)
      .slice(-3)
      .map((l) => l.id);
    let accepted = 0;
    for (const [i, line] of lines.entries()) {
      const expected = fixture[i]?.expected;
      if (expected === null || expected === undefined || reserved.includes(line.id)) continue;
      if (line.suggestions[0]?.targetId !== expected.targetId) continue;
      const response = await call(partner(), 'POST', `/v1/bank/lines/${line.id}/accept`, expected);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<Line>()).toMatchObject({
        status: 'reconciled',
        matches: [{ ...expected, amountXof: line.amountXof }],
      });
      accepted += 1;
    }
    const first = lines[0]!;
    const target = fixture[0]!.expected!;
    const history = async (id: string) =>
      (await call(partner(), 'GET', `/v1/bank/lines/${id}/history`)).json<{ events: { action: string }[] }>().events;
    const before = await history(first.id);
    const twice = await call(partner(), 'POST', `/v1/bank/lines/${first.id}/accept`, target);
    expect(twice.statusCode).toBe(409);
    expect(problemOf(twice.body).error.details).toEqual([{ path: 'line', problem: 'ALREADY_RECONCILED' }]);
    expect(await history(first.id)).toEqual(before);
    expect(before.map((e) => e.action)).toEqual(['imported', 'accepted']);

    const [raceA, raceB, spare] = reserved as [string, string, string];
    const elsewhere = await call(partner(), 'POST', `/v1/bank/lines/${raceA}/accept`, target);
    expect(elsewhere.statusCode).toBe(409);
    expect(problemOf(elsewhere.body).error.details).toEqual([{ path: 'target', problem: 'ALREADY_MATCHED' }]);
    // The refused accept left the line open: its status update was rolled back with the match.
    expect((await statement()).lines.find((l) => l.id === raceA)).toMatchObject({ status: 'open', matches: [] });

    const free = fixture[lines.findIndex((l) => l.id === raceA)]!.expected!;
    const raced = await Promise.all(
      [raceA, raceB].map((id) => call(partner(), 'POST', `/v1/bank/lines/${id}/accept`, free)),
    );
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const matched = await cloud.db.pool.query('SELECT line_id FROM bank_matches WHERE target_id = $1', [free.targetId]);
    expect(matched.rowCount).toBe(1);

    // Split: parts must add up to the line; then reopen undoes it, and a disputed line cannot be accepted.
    const spareLine = lines.find((l) => l.id === spare)!;
    const decoys = await cloud.db.pool.query<{ id: string }>(
      "SELECT id FROM invoices WHERE issuer_account_id = $1 AND number LIKE 'FAC-2026-D%' ORDER BY number LIMIT 2",
      [partner().id],
    );
    const parts = decoys.rows.map((r, i) => ({
      targetType: 'invoice',
      targetId: r.id,
      amountXof: i === 0 ? spareLine.amountXof - 1000 : 1000,
    }));
    const wrongSum = await call(partner(), 'POST', `/v1/bank/lines/${spare}/split`, {
      parts: parts.map((p) => ({ ...p, amountXof: 1000 })),
    });
    expect(wrongSum.statusCode).toBe(400);
    const split = await call(partner(), 'POST', `/v1/bank/lines/${spare}/split`, { parts });
    expect(split.statusCode, split.body).toBe(200);
    expect(split.json<Line>()).toMatchObject({ status: 'split' });
    expect(split.json<Line>().matches).toHaveLength(2);
    const reopened = await call(partner(), 'POST', `/v1/bank/lines/${spare}/reopen`);
    expect(reopened.json<Line>()).toMatchObject({ status: 'open', matches: [] });
    expect(
      (await call(partner(), 'POST', `/v1/bank/lines/${spare}/dispute`, { reason: 'Montant inconnu' })).statusCode,
    ).toBe(200);
    const onDisputed = await call(partner(), 'POST', `/v1/bank/lines/${spare}/accept`, {
      targetType: 'invoice',
      targetId: parts[0]!.targetId,
    });
    expect(onDisputed.statusCode).toBe(409);
    expect((await history(spare)).map((e) => e.action)).toEqual(['imported', 'split', 'reopened', 'disputed']);

    const after = await statement();
    expect(after.statement).toMatchObject({ reconciled: accepted + 1 });
    const report = await call(partner(), 'GET', `/v1/bank/statements/${statementId}/report?format=csv`);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain(`Rapprochée;${String(accepted + 1)};`);
    expect(report.body).toContain('Contestée;1;');
    const xlsx = await call(cloud.people.staffA, 'GET', `/v1/bank/statements/${statementId}/report?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('lets admins reconcile ISMAIL’s account against top-ups received (never a partner’s invoices), with the second factor', async () => {
    const topUp = fixture.find((l) => l.expected?.targetType === 'ledger' && l.label.includes('REF'))!;
    const invoice = fixture.find((l) => l.expected?.targetType === 'invoice')!;
    // ISMAIL's side: the partner's top-up is money in; an invoice of a partner is not ISMAIL's to match.
    const lines = [
      { ...topUp, amountXof: -topUp.amountXof },
      { ...invoice, reference: '', label: `VIR ${invoice.label}` },
    ];
    const content = camt053(lines, 'CI93CI0080111301134291209999');
    const body = { format: 'camt053', bankName: 'BICICI', fileName: 'ismail.xml', content };
    expect((await call(cloud.people.adminNoMfa, 'POST', '/v1/bank/statements', body)).statusCode).toBe(403);
    const imported = await call(cloud.people.admin, 'POST', '/v1/bank/statements', body);
    expect(imported.statusCode, imported.body).toBe(201);
    const id = imported.json<{ statement: { id: string } }>().statement.id;
    const { lines: seen } = await statement(cloud.people.admin, id);
    expect(seen[0]?.suggestions[0]).toMatchObject({ ...topUp.expected, score: 100, amountXof: -topUp.amountXof });
    expect(seen[1]?.suggestions.filter((s) => s.targetType === 'invoice')).toEqual([]);
    expect((await call(partner(), 'GET', `/v1/bank/statements/${id}`)).statusCode).toBe(404);
    const accepted = await call(cloud.people.admin, 'POST', `/v1/bank/lines/${seen[0]!.id}/accept`, topUp.expected!);
    expect(accepted.json<Line>()).toMatchObject({ status: 'reconciled' });
  });

  it('imports the same lines from a CSV with the bank’s saved mapping', async () => {
    const mapping = {
      bankName: 'SIB',
      delimiter: ';',
      dateColumn: 'Date opération',
      dateFormat: 'DD/MM/YYYY',
      debitColumn: 'Débit',
      creditColumn: 'Crédit',
      referenceColumn: 'Référence',
      nameColumn: 'Tiers',
      labelColumn: 'Libellé',
    };
    expect((await call(cloud.people.staffA, 'PUT', '/v1/bank/mappings/SIB', mapping)).statusCode).toBe(403);
    expect(
      (await call(partner(), 'PUT', '/v1/bank/mappings/SIB', { ...mapping, creditColumn: undefined })).statusCode,
    ).toBe(400);
    expect((await call(partner(), 'PUT', '/v1/bank/mappings/SIB', mapping)).statusCode).toBe(200);
    expect((await call(cloud.people.staffA, 'GET', '/v1/bank/mappings')).json()).toEqual({ mappings: [mapping] });
    const imported = await call(partner(), 'POST', '/v1/bank/statements', {
      format: 'csv',
      bankName: 'SIB',
      fileName: 'releve.csv',
      content: bankCsv(fixture),
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const { lines } = await statement(partner(), imported.json<{ statement: { id: string } }>().statement.id);
    const shape = (l: Pick<Line, 'bookedOn' | 'amountXof' | 'reference' | 'counterpartyName' | 'label'>) => ({
      bookedOn: l.bookedOn,
      amountXof: l.amountXof,
      reference: l.reference === 'NOTPROVIDED' ? '' : l.reference,
      counterpartyName: l.counterpartyName,
      label: l.label,
    });
    expect(lines.map(shape)).toEqual(fixture.filter((l) => l.currency === undefined).map(shape));
  });
});
