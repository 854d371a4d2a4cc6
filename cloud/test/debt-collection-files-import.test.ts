// Proves the debt import (issue 26 acceptance): a 500-line file with 7 bad lines (bad phone, negative and non-integer
// amounts, an impossible date, a missing name, a reference twice, an unknown ISMAIL ID) is listed exactly by a dry run
// (line numbers, columns, French reasons) and writes nothing, nor does a real run while any line is bad; fixed, it
// creates 500 files (each with its `import` event) in one go, and the same file again creates 0 and reports 500
// existing. The same holds for the file as XLSX. A client cannot import (403 before the body is read).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from './support/databases.js';
import { bearer, type Signed } from './support/people.js';
import { makeLandlord } from './support/real-estate-fixtures.js';
import { giveIsmailId } from './support/real-estate-lease-fixtures.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

const header = ['reference', 'nom', 'telephone', 'email', 'ismail_id', 'libelle', 'montant', 'frais', 'echeance'];
/** Line number in the file (header = 1) → [the bad cells, what the dry run must say]. */
const bad: Record<number, [Partial<Record<string, string>>, string, RegExp]> = {
  12: [{ telephone: '12345' }, 'telephone', /numéro ivoirien/],
  47: [{ montant: '-1500' }, 'montant', /négatif/],
  120: [{ montant: '1500,50' }, 'montant', /entier/],
  203: [{ echeance: '31/02/2027' }, 'echeance', /Échéance invalide/],
  288: [{ nom: '' }, 'nom', /Nom du débiteur requis/],
  // Line 2's reference again.
  350: [{ reference: 'IMP-00002' }, 'reference', /double.*ligne 2/],
  499: [{ ismail_id: 'CI261206-ZZZZ-CL' }, 'ismail_id', /Aucun compte ISMAIL actif/],
};

function lines(withErrors: boolean, ismailId: string): string[][] {
  return Array.from({ length: 500 }, (_, i) => {
    const line = i + 2;
    const row: Record<string, string> = {
      reference: `IMP-${String(line).padStart(5, '0')}`,
      nom: `Débiteur ${String(line)}`,
      telephone: line % 3 === 0 ? '' : `07 ${String(10 + (line % 90))} 00 ${String(10 + (line % 80))} 00`,
      email: line % 3 === 0 ? `d${String(line)}@exemple.ci` : '',
      ismail_id: line === 5 ? ismailId : '',
      libelle: `Facture ${String(line)}`,
      montant: line % 2 === 0 ? '12 500' : '8000',
      frais: line % 10 === 0 ? '500' : '',
      echeance: line % 2 === 0 ? '2026-10-31' : '15/11/2026',
    };
    const fix = withErrors ? bad[line] : undefined;
    if (fix !== undefined) Object.assign(row, fix[0]);
    return header.map((h) => row[h] ?? '');
  });
}

const csv = (rows: string[][]): Buffer =>
  Buffer.from([header, ...rows].map((r) => r.map((c) => (c.includes(';') ? `"${c}"` : c)).join(';')).join('\n'));

async function xlsx(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Créances');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

interface Report {
  lines: number;
  valid: number;
  errors: { line: number; field: string; message: string }[];
  created: number;
  existing: number;
}

describe.each(testBackends)('debt collection: import on $name', (backend) => {
  let cloud: TestCloud;
  let ismailId: string;
  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ismailId = await giveIsmailId(cloud, cloud.people.clientA.id);
  });
  afterAll(async () => cloud.close());

  const send = (who: Signed, filename: string, content: Buffer, dryRun: boolean) =>
    cloud.app.inject({
      method: 'POST',
      url: '/v1/debt-collection/imports',
      headers: bearer(who),
      payload: { filename, contentBase64: content.toString('base64'), dryRun },
    });
  const filesOf = async (creditor: string) =>
    Number(
      (
        await cloud.db.pool.query<{ n: string }>(
          "SELECT count(*) AS n FROM collection_files WHERE creditor_id = $1 AND source = 'import'",
          [creditor],
        )
      ).rows[0]?.n,
    );

  it('refuses a client before reading the body', async () => {
    const response = await cloud.app.inject({
      method: 'POST',
      url: '/v1/debt-collection/imports',
      headers: bearer(cloud.people.clientB),
      payload: { junk: 1 },
    });
    expect(response.statusCode).toBe(403);
  });

  for (const format of ['csv', 'xlsx'] as const) {
    it(`${format}: the dry run lists exactly the 7 bad lines; fixed, 500 created; again, 0 created`, async () => {
      const creditor = await makeLandlord(cloud, { name: `Grossiste ${format}`, fundXof: 0 });
      const file = async (withErrors: boolean) =>
        format === 'csv' ? csv(lines(withErrors, ismailId)) : xlsx(lines(withErrors, ismailId));
      const name = `creances.${format}`;
      const dry = await send(creditor, name, await file(true), true);
      expect(dry.statusCode, dry.body).toBe(200);
      const report = dry.json<Report>();
      expect(report).toMatchObject({ lines: 500, valid: 493, created: 0, existing: 0 });
      expect(report.errors.map((e) => [e.line, e.field])).toEqual(
        Object.entries(bad).map(([line, [, field]]) => [Number(line), field]),
      );
      for (const error of report.errors) expect(error.message).toMatch(bad[error.line]?.[2] ?? /never/);
      // A real run with bad lines writes nothing either.
      const refused = (await send(creditor, name, await file(true), false)).json<Report>();
      expect(refused.created).toBe(0);
      expect(refused.errors).toHaveLength(7);
      expect(await filesOf(creditor.id)).toBe(0);
      const started = performance.now();
      const done = (await send(creditor, name, await file(false), false)).json<Report>();
      const elapsedMs = performance.now() - started;
      expect(done).toEqual({ lines: 500, valid: 500, errors: [], created: 500, existing: 0 });
      // The measurement the report quotes (one transaction for the 500 files).
      // eslint-disable-next-line no-console
      console.info(`import of 500 ${format} lines on ${backend.name}: ${elapsedMs.toFixed(0)} ms`);
      expect(await filesOf(creditor.id)).toBe(500);
      // Bounded so a per-line round trip creeping back in shows (it is under a second on the small server).
      expect(elapsedMs).toBeLessThan(20_000);
      const again = (await send(creditor, name, await file(false), false)).json<Report>();
      expect(again).toEqual({ lines: 500, valid: 500, errors: [], created: 0, existing: 500 });
      expect(await filesOf(creditor.id)).toBe(500);
      // The account's line takes the account, and each file has its import event.
      const linked = await cloud.db.pool.query<{ debtor_id: string; events: string }>(
        `SELECT f.debtor_id, (SELECT string_agg(kind, ',') FROM collection_file_events e WHERE e.file_id = f.id) AS events
          FROM collection_files f WHERE f.source = 'import' AND f.source_ref = $1`,
        [`${creditor.id}:IMP-00005`],
      );
      expect(linked.rows).toEqual([{ debtor_id: cloud.people.clientA.id, events: 'import' }]);
    });
  }
});
