// Reports in Debian's Chromium on a 360x640 phone, against a real cloud (its built dist, demo data) on one database:
// the demo partner previews its sales (a totals row under the lines), exports them as XLSX and watches the progress
// bar move to « Télécharger », then saves a real XLSX (a ZIP: its first bytes are "PK"); schedules a weekly report and
// sees it listed (the cloud reads the same); its exports are listed. The export must be long enough to be watched:
// on the PostgreSQL server the test adds 250 000 sales to the partner's wallet with one SQL statement
// (generate_series); on the embedded PGlite (owned by the cloud process, out of the test's reach) the demo's own sales
// are exported and only the bar's appearance is required. Screens photographed light and dark and axe-checked
// (renderer/.test-output/screenshots/portal/reports).
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { phoneContext, privatePortalCopy, seriousViolations, signInPortal } from './portal-browser.js';
import { demoPassword, signIn } from './portal-services-setup.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'reports');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const database = cloudDatabases.at(-1);
const partnerEmail = 'partenaire@demo.ismail.ci';
const bulkSales = 250_000;

/** The screen at the page's address photographed in French, light then dark (a reload each), and axe-checked. */
async function lightAndDark(page: Page, name: string, ready: (p: Page) => Promise<unknown>): Promise<string[]> {
  const found: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => localStorage.setItem('ismail.portal.theme', t), theme);
    await page.reload();
    await ready(page);
    await page.screenshot({ path: path.join(screenshots, `${name}-${theme}.png`), fullPage: true });
    found.push(...(await seriousViolations(page)).map((v) => `${name}-${theme}: ${v}`));
  }
  await page.evaluate(() => localStorage.removeItem('ismail.portal.theme'));
  return found;
}

/** Sales into the partner's wallet this month, straight into the ledger (one operation, many payment legs). */
async function addSales(databaseUrl: string, partnerId: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const wallet = await client.query<{ id: string }>(
      `SELECT id FROM ledger_accounts WHERE kind = 'wallet' AND owner_account_id = $1 LIMIT 1`,
      [partnerId],
    );
    const credit = wallet.rows[0]?.id;
    expect(credit, 'the demo partner has a wallet').toBeDefined();
    const other = await client.query<{ id: string }>(`SELECT id FROM ledger_accounts WHERE id <> $1 LIMIT 1`, [credit]);
    await client.query(
      `WITH op AS (
         INSERT INTO ledger_operations (id, batch_id, scope, idempotency_key, request_hash, kind, facts)
         VALUES (gen_random_uuid(), 0, 'e2e-reports', 'bulk-sales', repeat('0', 64), 'pay', '{"module":"shop"}')
         RETURNING id)
       INSERT INTO ledger_transfers (id, operation_id, debit_account_id, credit_account_id, amount, leg, phase, created_at)
       SELECT gen_random_uuid(), op.id, $1, $2, 1000 + (g % 500) * 100, 'payment', 'single',
              now() - (g % 120) * interval '1 minute'
         FROM op, generate_series(1, $3::int) AS g`,
      [other.rows[0]?.id, credit, bulkSales],
    );
  } finally {
    await client.end();
  }
}

describe('a partner’s reports in Chromium (real cloud)', () => {
  it(
    'sales previewed, exported as XLSX with its progress, downloaded; a weekly report scheduled',
    { timeout: 900_000 },
    async () => {
      expect(database, 'a test database').toBeDefined();
      if (database === undefined) return;
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-reports-'));
      const demo = await startDemoCloud(root, database, { PORTAL_DIR: privatePortalCopy(portalBuilt, root) });
      let browser: Browser | undefined;
      try {
        const serverUrl = demo.env.DATABASE_URL;
        if (serverUrl !== undefined) await addSales(serverUrl, demo.idOf(partnerEmail));
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const violations: string[] = [];
        const context = await phoneContext(browser, 'fr', 'light');
        const page = await context.newPage();
        await signInPortal(page, demo.url, { email: partnerEmail, password: demoPassword });
        const asPartner = await signIn(demo, partnerEmail, demoPassword);

        // The sales report of this month: lines and a totals row.
        await page.goto(`${demo.url}/menu`);
        await page.getByRole('link', { name: 'Rapports et exports', exact: true }).click();
        await page.getByRole('heading', { name: 'Rapports', level: 1 }).waitFor({ timeout: slowMs });
        await page.getByLabel('Rapport', { exact: true }).selectOption('sales');
        await page.getByLabel('Période').selectOption('thisMonth');
        const preview = page.getByTestId('preview');
        await preview.waitFor({ timeout: slowMs });
        expect(await preview.locator('tbody tr').count()).toBeGreaterThan(0);
        expect(await page.getByTestId('totals').textContent()).toMatch(/^Total/);
        violations.push(
          ...(await lightAndDark(page, '1-reports', async (p) => {
            await p.getByTestId('preview').waitFor({ timeout: slowMs });
          })),
        );

        // Exported as XLSX: the bar shows at once and moves while the job runs, then « Télécharger ».
        await page.getByLabel('Rapport', { exact: true }).selectOption('sales');
        await page.getByLabel('Période').selectOption('thisMonth');
        await page.getByRole('button', { name: 'Exporter en XLSX' }).click();
        const job = page.getByTestId('jobs').locator('[data-status]').first();
        const bar = job.locator('progress');
        await bar.waitFor({ timeout: slowMs });
        const seen: { value: number; max: number }[] = [];
        const download = job.getByRole('button', { name: 'Télécharger' });
        let photographed = false;
        while (!(await download.isVisible())) {
          const value = Number((await bar.getAttribute('value').catch(() => null)) ?? 0);
          const max = Number((await bar.getAttribute('max').catch(() => null)) ?? 0);
          if (max > 0 && value > 0 && value < max) {
            seen.push({ value, max });
            if (!photographed) {
              await page.screenshot({ path: path.join(screenshots, '2-export-running.png'), fullPage: true });
              violations.push(...(await seriousViolations(page)).map((v) => `2-export-running: ${v}`));
              photographed = true;
            }
          }
          expect(await job.getAttribute('data-status')).not.toBe('failed');
          await page.waitForTimeout(250);
        }
        if (serverUrl !== undefined) {
          expect(seen.length, 'the bar was seen part-way').toBeGreaterThan(0);
          expect(seen.at(-1)?.max ?? 0).toBeGreaterThanOrEqual(bulkSales);
          expect(await job.textContent()).toMatch(/Prêt : [\d\s\u202f]+ lignes\./);
        }
        const [saved] = await Promise.all([page.waitForEvent('download', { timeout: slowMs }), download.click()]);
        const file = await saved.path();
        expect(readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');
        expect(saved.suggestedFilename()).toMatch(/\.xlsx$/);
        await page.screenshot({ path: path.join(screenshots, '2-export-done.png'), fullPage: true });

        // A weekly report: scheduled on the form, listed with its next sending; the cloud has it.
        await page.getByRole('link', { name: 'Envois programmés', exact: true }).click();
        await page.getByRole('heading', { name: 'Envois programmés', level: 1 }).waitFor({ timeout: slowMs });
        await page.getByLabel('Rapport', { exact: true }).selectOption('sales');
        await page.getByLabel('Fréquence').selectOption('weekly');
        await page.getByLabel('Jour d’envoi').selectOption('1');
        await page.getByLabel('Heure d’envoi').selectOption('7');
        await page.getByLabel('En pièce jointe').check();
        await page.getByRole('button', { name: 'Programmer l’envoi' }).click();
        const listed = page.getByTestId('schedules').locator('li').filter({ hasText: 'Chaque lundi à 7 h' });
        await listed.waitFor({ timeout: slowMs });
        expect(await listed.textContent()).toContain('Prochain envoi');
        const cloud = (await (await fetch(`${demo.url}/v1/reports/schedules`, { headers: asPartner })).json()) as {
          schedules: { kind: string; frequency: string; weekday: number; hour: number; timeZone: string }[];
        };
        expect(cloud.schedules).toEqual([
          expect.objectContaining({
            kind: 'sales',
            frequency: 'weekly',
            weekday: 1,
            hour: 7,
            timeZone: 'Africa/Abidjan',
          }),
        ]);
        violations.push(
          ...(await lightAndDark(page, '3-schedules', async (p) => {
            await p.getByTestId('schedules').waitFor({ timeout: slowMs });
          })),
        );

        // My exports: the XLSX job, done, downloadable again.
        await page.getByRole('link', { name: 'Mes exports', exact: true }).first().click();
        violations.push(
          ...(await lightAndDark(page, '4-exports', async (p) => {
            await p
              .getByTestId('export-jobs')
              .getByRole('button', { name: 'Télécharger' })
              .first()
              .waitFor({ timeout: slowMs });
          })),
        );
        expect(violations).toEqual([]);
      } finally {
        await browser?.close();
        demo.process.kill('SIGKILL');
        await exited(demo.process);
      }
    },
  );
});
