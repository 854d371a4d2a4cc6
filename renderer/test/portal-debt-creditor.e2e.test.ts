// A creditor's Recouvrement screens in Debian's Chromium on a 360x640 phone, against a real cloud (its built dist,
// demo data) on one database: the demo partner makes a file for the demo client on its form (by ISMAIL ID), records a
// cash payment of part of it and reads the balance go down (the cloud reads the same), edits a step of a scenario (the
// cloud reads the new day back), imports a small CSV whose dry run lists its one bad line and keeps « Importer »
// disabled, then imports the fixed file (2 files created), and opens the dashboard (figures and chart drawn). The
// dashboard, list, file, import and scenarios are photographed light and dark and pass axe
// (renderer/.test-output/screenshots/portal/debt-creditor).
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { phoneContext, privatePortalCopy, seriousViolations, signInPortal } from './portal-browser.js';
import { demoPassword, signIn } from './portal-services-setup.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'debt-creditor');
/** What the file's list of actions says once a payment is recorded (even when the payment closed the file). */
const paymentDone = 'C’est fait : Enregistrer un paiement reçu.';
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const database = cloudDatabases.at(-1);
const partnerEmail = 'partenaire@demo.ismail.ci';
const clientEmail = 'client@demo.ismail.ci';
const dayMs = 86_400_000;

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

/** The screen as it is now (a dry run's answer would not survive a reload): photographed and axe-checked. */
async function asIs(page: Page, name: string): Promise<string[]> {
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
  return (await seriousViolations(page)).map((v) => `${name}: ${v}`);
}

async function get<T>(url: string, headers: Record<string, string>): Promise<T> {
  const response = await fetch(url, { headers: { authorization: headers.authorization ?? '' } });
  expect(response.status, `${url}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as T;
}

const csv = (lines: string[]) =>
  Buffer.from(`${['reference;nom;telephone;libelle;montant;echeance', ...lines].join('\n')}\n`);

describe('a creditor’s debt collection screens in Chromium (real cloud)', () => {
  it(
    'file made on the form, part paid in cash, scenario step edited, CSV imported after a dry run, dashboard',
    { timeout: 900_000 },
    async () => {
      expect(database, 'a test database').toBeDefined();
      if (database === undefined) return;
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-debt-creditor-'));
      const demo = await startDemoCloud(root, database, { PORTAL_DIR: privatePortalCopy(portalBuilt, root) });
      let browser: Browser | undefined;
      try {
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const violations: string[] = [];
        const context = await phoneContext(browser, 'fr', 'light');
        const page = await context.newPage();
        await signInPortal(page, demo.url, { email: partnerEmail, password: demoPassword });
        const asPartner = await signIn(demo, partnerEmail, demoPassword);
        const asClient = await signIn(demo, clientEmail, demoPassword);
        const client = await get<{ ismailId: string }>(`${demo.url}/v1/me`, asClient);

        // A file made on the form for the demo client, by its ISMAIL ID.
        await page.goto(`${demo.url}/menu`);
        await page.getByRole('link', { name: 'Recouvrement', exact: true }).click();
        await page.getByRole('heading', { name: 'Recouvrement', level: 1 }).waitFor({ timeout: slowMs });
        await page.getByRole('link', { name: 'Nouveau dossier' }).first().click();
        await page.getByLabel('Identifiant ISMAIL du débiteur').fill(client.ismailId);
        await page.getByLabel('Libellé (ce qui est dû)').fill('Facture F-2026-118 : entretien climatisation');
        await page.getByLabel('Montant dû (FCFA)').fill('45 000');
        await page.getByLabel('Frais (FCFA, facultatif)').fill('5 000');
        await page.getByLabel('Date d’échéance').fill(new Date(Date.now() + 10 * dayMs).toISOString().slice(0, 10));
        await page.getByLabel('Votre référence (n° de facture…)').fill(`F-2026-118-${randomUUID().slice(0, 8)}`);
        await page.getByRole('button', { name: 'Créer le dossier' }).click();
        await page.waitForURL('**/recouvrement/dossiers/*-*', { timeout: slowMs });
        const fileId = page.url().split('/').at(-1) ?? '';
        await expect.poll(() => page.getByTestId('left').textContent(), { timeout: slowMs }).toMatch(/^50\s000\sFCFA$/);

        // Part of it paid in cash: the balance goes down on the screen and in the cloud.
        await page.getByTestId('action-payment').locator('summary').click();
        await page.getByLabel('Montant reçu (FCFA)').fill('20 000');
        await page.getByLabel('Moyen de paiement').selectOption('cash');
        await page.getByLabel('Référence (reçu, transaction, virement)').fill('Reçu 0042');
        await page.getByRole('button', { name: 'Enregistrer le paiement' }).click();
        await expect.poll(() => page.getByTestId('left').textContent(), { timeout: slowMs }).toMatch(/^30\s000\sFCFA$/);
        const read = await get<{ file: { leftXof: number; paidXof: number } }>(
          `${demo.url}/v1/debt-files/${fileId}`,
          asPartner,
        );
        expect(read.file).toMatchObject({ leftXof: 30_000, paidXof: 20_000 });
        // Said by the list of actions, not inside the form: the file read again may remove the form (below).
        expect(await page.getByTestId('action-done').textContent()).toBe(paymentDone);
        violations.push(
          ...(await lightAndDark(page, '3-file', async (p) => {
            await p.getByTestId('payments').waitFor({ timeout: slowMs });
          })),
        );

        // A scenario: ISMAIL's steps as a start, the second step moved to D+2, saved; the cloud reads it back.
        await page.getByRole('link', { name: '← Tous les dossiers' }).click();
        await page.getByRole('link', { name: 'Scénarios', exact: true }).click();
        violations.push(
          ...(await lightAndDark(page, '5-scenarios', async (p) =>
            p.getByRole('button', { name: 'Nouveau scénario' }).waitFor({ timeout: slowMs }),
          )),
        );
        await page.getByRole('button', { name: 'Nouveau scénario' }).click();
        await page.getByLabel('Nom du scénario').fill('Clients entreprises');
        await page.getByTestId('step-2').locator('summary').click();
        await page.getByTestId('step-2').getByLabel('Jours après l’échéance (négatif : avant)').fill('2');
        violations.push(...(await asIs(page, '5-scenario-edit')));
        await page.getByRole('button', { name: 'Enregistrer le scénario' }).click();
        await page.getByRole('button', { name: 'Modifier « Clients entreprises »' }).waitFor({ timeout: slowMs });
        const { scenarios } = await get<{ scenarios: { name: string; steps: { offsetDays: number }[] }[] }>(
          `${demo.url}/v1/debt-collection/scenarios`,
          asPartner,
        );
        expect(scenarios.find((s) => s.name === 'Clients entreprises')?.steps[1]?.offsetDays).toBe(2);

        // An import: the dry run lists the one bad line and keeps « Importer » off; fixed, it imports both.
        await page.getByRole('link', { name: 'Import', exact: true }).click();
        violations.push(
          ...(await lightAndDark(page, '4-import', async (p) =>
            p.getByLabel('Fichier à importer').waitFor({ timeout: slowMs }),
          )),
        );
        const due = new Date(Date.now() + 5 * dayMs).toISOString().slice(0, 10);
        const tag = randomUUID().slice(0, 6);
        const good = `IMP-${tag}-1;Koffi Yao;07 44 55 66 78;Loyer novembre;85 000;${due}`;
        await page.getByLabel('Fichier à importer').setInputFiles({
          name: 'impayes.csv',
          mimeType: 'text/csv',
          buffer: csv([good, `IMP-${tag}-2;Aya Bamba;07 44 55 66 79;Loyer novembre;douze mille;${due}`]),
        });
        await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
        const bad = page.getByTestId('bad-lines');
        await bad.waitFor({ timeout: slowMs });
        expect(await bad.locator('tbody tr').count()).toBe(1);
        expect(await bad.locator('tbody tr td').first().textContent()).toBe('3');
        expect(await bad.locator('tbody tr td').nth(1).textContent()).toBe('montant');
        expect(await page.getByRole('button', { name: 'Importer', exact: true }).isDisabled()).toBe(true);
        violations.push(...(await asIs(page, '4-import-dry-run')));
        await page.getByLabel('Fichier à importer').setInputFiles({
          name: 'impayes-corrige.csv',
          mimeType: 'text/csv',
          buffer: csv([good, `IMP-${tag}-2;Aya Bamba;07 44 55 66 79;Loyer novembre;12 000;${due}`]),
        });
        await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
        await page.getByText('Aucune erreur : vous pouvez importer.').waitFor({ timeout: slowMs });
        await page.getByRole('button', { name: 'Importer', exact: true }).click();
        await page
          .getByTestId('imported')
          .filter({ hasText: '2 dossiers créés, 0 existaient déjà' })
          .waitFor({ timeout: slowMs });

        // The list: the new files with their balance and status in words.
        await page.getByRole('link', { name: 'Dossiers', exact: true }).click();
        violations.push(
          ...(await lightAndDark(page, '2-files', async (p) =>
            p.getByTestId(`file-${fileId}`).waitFor({ timeout: slowMs }),
          )),
        );
        expect(await page.getByTestId(`file-${fileId}`).textContent()).toMatch(/Reste 30\s000\sFCFA.*Ouvert/);
        expect(await page.getByTestId('files').textContent()).toContain('Aya Bamba');

        // The dashboard: its figures and the twelve months drawn.
        await page.getByRole('link', { name: 'Tableau de bord', exact: true }).click();
        violations.push(
          ...(await lightAndDark(page, '1-dashboard', async (p) => {
            await p.getByTestId('figures').waitFor({ timeout: slowMs });
            await p.getByTestId('chart').locator('canvas').waitFor({ timeout: slowMs });
          })),
        );
        expect(await page.getByTestId('figures').textContent()).toMatch(/Dossiers actifs\d+Encours[\d\s]+FCFA/);

        // The rest paid: the file closes, its payment form goes, and the person still reads that it was done.
        await page.goto(`${demo.url}/recouvrement/dossiers/${fileId}`);
        await page.getByTestId('action-payment').locator('summary').click({ timeout: slowMs });
        await page.getByLabel('Montant reçu (FCFA)').fill('30 000');
        await page.getByLabel('Référence (reçu, transaction, virement)').fill('Reçu 0043');
        await page.getByRole('button', { name: 'Enregistrer le paiement' }).click();
        await expect.poll(() => page.getByTestId('left').textContent(), { timeout: slowMs }).toMatch(/^0\sFCFA$/);
        await expect.poll(() => page.getByTestId('action-payment').count(), { timeout: slowMs }).toBe(0);
        expect(await page.getByTestId('action-done').textContent()).toBe(paymentDone);
        await page.screenshot({ path: path.join(screenshots, '3-file-paid.png'), fullPage: true });
        violations.push(...(await seriousViolations(page)).map((v) => `3-file-paid: ${v}`));
        expect(violations).toEqual([]);
      } finally {
        await browser?.close();
        demo.process.kill('SIGKILL');
        await exited(demo.process);
      }
    },
  );
});
