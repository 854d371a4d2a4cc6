// A partner's invoicing in the professional portal, in Debian's Chromium on a 360x640 phone and a
// 1280x800 laptop, against a real cloud (its built dist, demo data) on one database with the FNE simulator and the
// mail simulator: the demo partner drafts an invoice with two lines, changes a quantity, issues it paid by cash (the
// cloud computes the total), sees it certified by the tax simulator, downloads its PDF, sends it by e-mail (the mail
// simulator holds one message with the PDF attached) and issues a partial credit note; the list's month totals and
// the fees screen follow. Every screen is photographed and axe-checked in each look, and once at laptop width.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startFneSimulator, startSmtpCapture } from '@ismail/firmware-sim';
import { startDemoCloud, type DemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { checkEveryLook, phoneContext, seriousViolations, throttle } from './portal-browser.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'billing');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
// One database: the PostgreSQL server when the run has one, else PGlite.
const database = cloudDatabases.at(-1);
const demoPassword = 'demo-ismail-2026';
const fneKey = 'fne-billing-e2e-key';
const customer = 'awa.traore@client.ci';
const text = async (page: Page, testId: string): Promise<string> =>
  ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s/g, ' ');

async function signIn(demo: DemoCloud, email: string): Promise<Record<string, string>> {
  const response = await fetch(`${demo.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: demoPassword }),
  });
  const { accessToken } = (await response.json()) as { accessToken: string };
  return { authorization: `Bearer ${accessToken}` };
}

async function signInUi(page: Page, url: string, email: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(demoPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  // Signed in once the form is gone: the button alone is renamed « Connexion… » while the request is on its way,
  // and navigating then aborts the sign-in (the menu then opened on /sign-in under CI load).
  await page.getByLabel('Adresse e-mail').waitFor({ state: 'detached', timeout: slowMs });
}

/** The same screen at laptop width: photographed and axe-checked once, then back to the phone. */
async function wide(page: Page, name: string, ready: (p: Page) => Promise<unknown>): Promise<string[]> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await ready(page);
  await page.screenshot({ path: path.join(screenshots, `${name}-wide.png`), fullPage: true });
  const found = (await seriousViolations(page)).map((v) => `${name}-wide: ${v}`);
  await page.setViewportSize({ width: 360, height: 640 });
  return found;
}

interface Stored {
  status: string;
  number: string | null;
  clearanceStatus: string;
  totals: { grossXof: number } | null;
  document: { lines: { label: string; quantityMilli: number; unitPriceXof: number }[] };
}

describe('a partner invoices from the portal in Chromium (real cloud, tax and mail simulators)', () => {
  it(
    'drafts, edits, issues, sees certified, downloads, e-mails and credits an invoice',
    { timeout: 600_000 },
    async () => {
      expect(database, 'a test database').toBeDefined();
      if (database === undefined) return;
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-billing-'));
      const portalDir = path.join(root, 'portal');
      cpSync(path.dirname(portalBuilt), portalDir, { recursive: true });
      const smtp = await startSmtpCapture({ port: 0 });
      const fne = await startFneSimulator({ port: 0, apiKey: fneKey, ncc: '2600042A' });
      const demo = await startDemoCloud(root, database, {
        PORTAL_DIR: portalDir,
        SMTP_URL: `smtp://127.0.0.1:${String(smtp.port)}`,
        FNE_API_URL: fne.baseUrl,
        FNE_API_KEY: fneKey,
      });
      let browser: Browser | undefined;
      try {
        const asPartner = await signIn(demo, 'partenaire@demo.ismail.ci');
        const stored = async (id: string): Promise<Stored> =>
          (await (await fetch(`${demo.url}/v1/invoices/${id}`, { headers: asPartner })).json()) as Stored;
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const violations: string[] = [];
        const context = await phoneContext(browser, 'fr', 'light');
        const page = await context.newPage();
        await throttle(context, page);
        await signInUi(page, demo.url, 'partenaire@demo.ismail.ci');
        await page.goto(`${demo.url}/menu`);
        await page.getByRole('link', { name: 'Factures émises' }).click();
        await page.getByTestId('billing-totals').waitFor({ timeout: slowMs });

        // A new draft with two lines.
        await page.getByRole('link', { name: 'Nouvelle facture' }).click();
        await page.getByLabel('Nom du client (facultatif)').fill('Awa Traoré');
        await page.getByLabel('Désignation').fill('Attiéké poisson');
        await page.getByLabel('Quantité').fill('2');
        await page.getByLabel('Prix unitaire TTC (FCFA)').fill('1500');
        await page.getByRole('button', { name: 'Ajouter une ligne' }).click();
        const second = page.getByTestId('billing-line').nth(1);
        await second.getByLabel('Désignation').fill('Jus de bissap');
        await second.getByLabel('Quantité').fill('4');
        await second.getByLabel('Prix unitaire TTC (FCFA)').fill('500');
        await second.getByLabel('Taux de TVA').selectOption('CI-TVA-9');
        const newReady = async (p: Page) => p.locator('#billing-buyer').waitFor({ timeout: slowMs });
        violations.push(...(await wide(page, '2-new', newReady)));
        await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
        await page.getByTestId('billing-draft-status').waitFor({ timeout: slowMs });
        const invoiceId = page.url().split('/').at(-1) ?? '';
        expect((await stored(invoiceId)).status).toBe('draft');

        // The draft: one quantity changed and saved.
        const draftReady = async (p: Page) => p.getByTestId('billing-draft-status').waitFor({ timeout: slowMs });
        violations.push(...(await checkEveryLook(page, screenshots, '3-draft', draftReady)));
        violations.push(...(await wide(page, '3-draft', draftReady)));
        await page.getByTestId('billing-line').nth(1).getByLabel('Quantité').fill('3');
        await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
        await page.getByText('Brouillon enregistré.').waitFor({ timeout: slowMs });
        expect((await stored(invoiceId)).document.lines.map((l) => l.quantityMilli)).toEqual([2000, 3000]);

        // Issued paid by cash: the cloud's total (2 x 1 500 + 3 x 500), then certified by the FNE simulator.
        await page.getByLabel('Payée par').selectOption('cash');
        await page.getByRole('button', { name: 'Émettre', exact: true }).click();
        await page.getByTestId('billing-issued-status').waitFor({ timeout: slowMs });
        const issued = await stored(invoiceId);
        expect(issued).toMatchObject({ status: 'issued', totals: { grossXof: 4_500 } });
        expect(await text(page, 'invoice-total')).toContain('4 500 FCFA');
        const deadline = Date.now() + slowMs;
        while ((await stored(invoiceId)).clearanceStatus !== 'certified' && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect((await stored(invoiceId)).clearanceStatus).toBe('certified');
        await page.reload();
        await page.getByTestId('billing-issued-status').getByText('Certifiée').waitFor({ timeout: slowMs });

        // The PDF, then the e-mail with it attached: one message at the mail simulator.
        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: slowMs }),
          page.getByRole('button', { name: 'Télécharger le PDF' }).click(),
        ]);
        expect(download.suggestedFilename()).toBe(`${issued.number ?? ''}.pdf`);
        expect(
          readFileSync(await download.path())
            .subarray(0, 5)
            .toString(),
        ).toBe('%PDF-');
        await page.getByLabel('Adresse e-mail du client').fill(customer);
        await page.getByRole('button', { name: 'Envoyer avec le PDF' }).click();
        await page.getByTestId('billing-email-sent').waitFor({ timeout: slowMs });
        const mails = smtp.messages().filter((m) => m.envelopeTo.includes(customer));
        expect(mails).toHaveLength(1);
        expect(mails[0]?.subject).toBe(`Facture ${issued.number ?? ''}`);
        expect(mails[0]?.raw).toMatch(/Content-Type: application\/pdf/i);
        expect(mails[0]?.raw).toContain(`${issued.number ?? ''}.pdf`);

        // A partial credit note: one of the two plates taken back.
        await page.getByLabel('Quantité reprise : Attiéké poisson').fill('1');
        await page.getByRole('button', { name: 'Émettre un avoir partiel' }).click();
        await page.getByTestId('billing-credit-notes').waitFor({ timeout: slowMs });
        expect(await text(page, 'billing-credit-notes')).toContain('1 500 FCFA');
        const issuedReady = async (p: Page) =>
          p.getByTestId('billing-credit-notes').getByRole('listitem').first().waitFor({ timeout: slowMs });
        violations.push(...(await checkEveryLook(page, screenshots, '4-issued', issuedReady)));
        violations.push(...(await wide(page, '4-issued', issuedReady)));

        // The month: the invoice credited, the totals net of the credit note.
        await page.goto(`${demo.url}/billing`);
        const row = page
          .getByTestId('billing-invoices')
          .getByRole('listitem')
          .filter({ hasText: issued.number ?? '' });
        await row.waitFor({ timeout: slowMs });
        expect((await row.textContent())?.replace(/\s/g, ' ')).toContain('Avoir émis');
        const listReady = async (p: Page) => p.getByTestId('billing-invoices').waitFor({ timeout: slowMs });
        violations.push(...(await checkEveryLook(page, screenshots, '1-list', listReady)));
        violations.push(...(await wide(page, '1-list', listReady)));

        // The fees that apply: the listing fee per product and month among the tariffs.
        await page.goto(`${demo.url}/menu`);
        await page.getByRole('link', { name: 'Frais et tarifs' }).click();
        await page.getByTestId('billing-tariffs').waitFor({ timeout: slowMs });
        expect(await text(page, 'billing-tariffs')).toContain("Mise en ligne d'un produit");
        const feesReady = async (p: Page) => p.getByTestId('billing-tariffs').waitFor({ timeout: slowMs });
        violations.push(...(await checkEveryLook(page, screenshots, '5-fees', feesReady)));
        violations.push(...(await wide(page, '5-fees', feesReady)));
        await context.close();
        expect(violations).toEqual([]);
      } catch (error) {
        // What the screen showed when a step failed.
        for (const context of browser?.contexts() ?? [])
          for (const open of context.pages())
            await open
              .screenshot({ path: path.join(screenshots, 'failure.png'), fullPage: true })
              .catch(() => undefined);
        throw error;
      } finally {
        await browser?.close();
        demo.process.kill('SIGTERM');
        await exited(demo.process);
        await fne.close();
        await smtp.close();
      }
    },
  );
});
