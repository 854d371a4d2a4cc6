// Proves the catalog import and exports (seed 3.17, issue 23): refusals first (a client, read-only staff, a file
// over the bound, a file without the needed columns); a 500-line CSV with exactly 3 bad lines: the dry run lists
// exactly those 3 (line, column, French message) and writes nothing; the import writes the 497 once, even submitted
// twice at the same moment and again later; a changed file updates by SKU instead of doubling; XLSX imports the
// same way; the catalog export imports back unchanged, and the customers export names the buyers.
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { catalogFileMaxBytes } from '../src/modules/shop/catalog-import.js';
import { testBackends } from './support/databases.js';
import { openTestCloud } from './support/test-cloud.js';
import { bearer, type Person, type Signed } from './support/people.js';

interface Answer {
  dryRun: boolean;
  lines: number;
  valid: number;
  problemCount: number;
  problems: { line: number; column: string; message: string }[];
  result?: { created: number; updated: number; unchanged: number; skipped: number };
  replayed?: boolean;
}

/** 500 products, three of them wrong: line 51 has no name, line 202 a price in decimals, line 403 a bad category. */
function catalogCsv(pricePlus = 0): string {
  const lines = ['sku;code_barres;nom;categorie;prix_xof;type;groupe_taxe;stock_en_ligne;actif;description'];
  for (let i = 1; i <= 500; i++) {
    const line = i + 1;
    const name = line === 51 ? '' : `Produit n°${String(i)} "spécial"`;
    const price = line === 202 ? '1500,50' : String(1_000 + i + pricePlus);
    const category = line === 403 ? 'Épicerie fine' : 'epicerie';
    lines.push(
      `SKU-${String(i)};;${name.includes('"') ? `"${name.replaceAll('"', '""')}"` : name};${category};${price};physique;CI-TVA-18;${String(i % 7)};oui;`,
    );
  }
  return `${lines.join('\n')}\n`;
}

describe.each(testBackends)('catalog import and export on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  beforeAll(async () => {
    ({ db, app, people } = await openTestCloud(backend));
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });
  const send = (person: Person, file: string | Buffer, dryRun: boolean, format: 'csv' | 'xlsx' = 'csv') =>
    app.inject({
      method: 'POST',
      url: '/v1/shop/catalog/import',
      headers: bearer(people[person]),
      payload: { format, dryRun, fileBase64: Buffer.from(file).toString('base64') },
    });
  const count = async (partner: Person): Promise<number> =>
    Number(
      (
        await db.pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM shop_products WHERE partner_id = $1 AND deleted_at IS NULL',
          [people[partner].id],
        )
      ).rows[0]?.n,
    );

  it('refuses a client, read-only staff, an oversized file and a file without the needed columns', async () => {
    expect((await send('clientA', 'sku;nom\n', true)).statusCode).toBe(403);
    expect((await send('staffA', 'sku;nom\n', true)).statusCode).toBe(403);
    const big = await send('partnerB', Buffer.alloc(catalogFileMaxBytes + 10, 'a'), true);
    expect([400, 413]).toContain(big.statusCode);
    const headless = (await send('partnerB', 'reference;libelle\nA;B\n', true)).json<Answer>();
    expect(headless.problems.map((p) => p.column)).toEqual(['nom', 'categorie', 'prix_xof', 'sku']);
    expect((await call('clientA', '/v1/shop/catalog/export?format=csv')).statusCode).toBe(403);
    expect(await count('partnerB')).toBe(0);
  });

  const call = (person: Person, url: string) => app.inject({ method: 'GET', url, headers: bearer(people[person]) });

  it('dry run lists exactly the 3 bad lines; the import writes the 497 once, even submitted twice', async () => {
    const csv = catalogCsv();
    const dry = await send('partnerA', csv, true);
    expect(dry.statusCode).toBe(200);
    const checked = dry.json<Answer>();
    expect(checked).toMatchObject({ dryRun: true, lines: 500, valid: 497, problemCount: 3 });
    expect(checked.problems.map((p) => [p.line, p.column])).toEqual([
      [51, 'nom'],
      [202, 'prix_xof'],
      [403, 'categorie'],
    ]);
    expect(checked.problems[0]?.message).toBe('Nom manquant.');
    expect(await count('partnerA')).toBe(0);
    const [first, second] = await Promise.all([send('partnerA', csv, false), send('partnerA', csv, false)]);
    const answers = [first, second].map((r) => r.json<Answer>());
    expect(answers.map((a) => a.replayed).sort()).toEqual([false, true]);
    for (const a of answers) expect(a.result).toEqual({ created: 497, updated: 0, unchanged: 0, skipped: 3 });
    expect((await send('partnerA', csv, false)).json<Answer>()).toMatchObject({ replayed: true });
    expect(await count('partnerA')).toBe(497);
    const { rows } = await db.pool.query<{ quantity: number }>(
      "SELECT s.quantity FROM shop_stock s JOIN shop_products p ON p.id = s.product_id WHERE p.sku = 'SKU-13' AND s.place = 'online'",
    );
    expect(rows).toEqual([{ quantity: 6 }]);
    // The same products at new prices: updated by SKU, never doubled.
    const changed = (await send('partnerA', catalogCsv(5), false)).json<Answer>();
    expect(changed.result).toEqual({ created: 0, updated: 497, unchanged: 0, skipped: 3 });
    expect(await count('partnerA')).toBe(497);
  });

  it('imports XLSX the same way, and the catalog export imports back unchanged', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Produits');
    sheet.addRow(['SKU', 'Nom', 'Catégorie', 'Prix_XOF']);
    sheet.addRow(['X-1', 'Savon noir', 'beaute', 1500]);
    sheet.addRow(['X-2', 'Beurre de karité', 'beaute', 'gratuit']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const answer = (await send('partnerB', xlsx, false, 'xlsx')).json<Answer>();
    // "Catégorie" is not a column name the import knows: only "categorie" (or "category").
    expect(answer.problems.map((p) => p.column)).toEqual(['categorie']);
    sheet.getRow(1).getCell(3).value = 'categorie';
    const fixed = (
      await send('partnerB', Buffer.from(await workbook.xlsx.writeBuffer()), false, 'xlsx')
    ).json<Answer>();
    expect(fixed.problems).toEqual([{ line: 3, column: 'prix_xof', message: expect.stringContaining('Prix') }]);
    expect(fixed.result).toMatchObject({ created: 1 });

    const exported = await call('partnerA', '/v1/shop/catalog/export?format=csv');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    const text = exported.body.replace(/^\uFEFF/, '');
    expect(text.split('\n')[0]).toBe(
      'sku;code_barres;nom;categorie;prix_xof;type;groupe_taxe;stock_en_ligne;actif;description',
    );
    expect(text.trim().split('\n')).toHaveLength(498);
    const back = (await send('partnerA', text, false)).json<Answer>();
    expect(back.result).toEqual({ created: 0, updated: 0, unchanged: 497, skipped: 0 });
    const xlsxExport = await call('partnerA', '/v1/shop/catalog/export?format=xlsx');
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(xlsxExport.rawPayload as unknown as ArrayBuffer);
    expect(read.worksheets[0]?.rowCount).toBe(498);
    const customers = await call('partnerA', '/v1/shop/customers/export?format=csv');
    expect(customers.body.replace(/^\uFEFF/, '').split('\n')[0]).toBe(
      'ismail_id;nom;commandes;montant_xof;derniere_commande',
    );
  });
});
