// The partner's catalog end to end in Debian's Chromium, served by a real cloud (its built dist, demo data, one
// database): the demo partner signs in on a 1280x800 laptop, creates a product with stock, gives it a
// photo, edits its price, deletes another after the confirmation, and imports a 500-line CSV with 3 bad lines (the
// dry run's table lists exactly those 3, the import writes 497, the same file sent again changes nothing); each step
// is read back through the API. The list, the product form and the import screen are photographed and pass axe in
// French and English, light and dark on a 360x640 phone viewport, and on the laptop, in the same session
// (renderer/.test-output/screenshots/portal/catalog). That an edit and a delete reach the hub at its next pull is
// proved against the shape feed in cloud/test/catalog-edit.test.ts.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startDemoCloud, type DemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { checkEveryLook, phoneContext, privatePortalCopy, seriousViolations, throttle } from './portal-browser.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'catalog');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const laptop = { width: 1280, height: 800 };
const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

interface Product {
  id: string;
  name: string;
  priceXof: number;
  version: number;
  stock: { place: string; quantity: number }[];
}

/** 500 products, three wrong: line 51 has no name, line 202 a decimal price, line 403 a bad category. */
function catalogCsv(): string {
  const lines = ['sku;nom;categorie;prix_xof;stock_en_ligne'];
  for (let i = 1; i <= 500; i++) {
    const line = i + 1;
    const name = line === 51 ? '' : `Article E2E ${String(i)}`;
    const price = line === 202 ? '1500,50' : String(500 + i);
    lines.push(`E2E-${String(i)};${name};${line === 403 ? 'Épicerie' : 'epicerie'};${price};${String(i % 5)}`);
  }
  return `${lines.join('\n')}\n`;
}

async function signIn(page: Page, demo: DemoCloud): Promise<void> {
  await page.goto(demo.url);
  await page.getByLabel('Adresse e-mail').fill('partenaire@demo.ismail.ci');
  await page.getByLabel('Mot de passe').fill('demo-ismail-2026');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByTestId('balance-credits').waitFor({ timeout: slowMs });
  await page.getByRole('link', { name: 'Plus' }).click();
  await page.getByRole('link', { name: 'Mon catalogue' }).click();
  await page.getByRole('heading', { name: 'Mon catalogue' }).waitFor({ timeout: slowMs });
}

/** The cloud API with the browser's own session. */
async function asBrowser(page: Page, demo: DemoCloud, url: string, init: RequestInit = {}): Promise<Response> {
  const token = await page.evaluate(
    () => (JSON.parse(localStorage.getItem('ismail.portal.session') ?? '{}') as { accessToken?: string }).accessToken,
  );
  return fetch(`${demo.url}${url}`, {
    ...init,
    headers: { authorization: `Bearer ${token ?? ''}`, 'content-type': 'application/json' },
  });
}

async function findOne(page: Page, demo: DemoCloud, text: string): Promise<Product[]> {
  const response = await asBrowser(page, demo, `/v1/shop/catalog?text=${encodeURIComponent(text)}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { products: Product[] }).products;
}

async function createEditDelete(page: Page, demo: DemoCloud): Promise<void> {
  await page.getByRole('link', { name: 'Ajouter un produit' }).click();
  await page.getByLabel('Nom', { exact: true }).fill('Bissap 1 L');
  await page.getByLabel('Prix (FCFA)').fill('1 500');
  await page.getByLabel('Catégorie').fill('boissons');
  await page.getByLabel('Quantité comptée').fill('10');
  await page.screenshot({ path: path.join(screenshots, 'new-wide.png'), fullPage: true });
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByRole('link', { name: 'Modifier Bissap 1 L' }).waitFor({ timeout: slowMs });
  const [created] = await findOne(page, demo, 'bissap');
  expect(created).toMatchObject({ priceXof: 1_500, version: 2, stock: [{ place: 'online', quantity: 10 }] });

  await page.getByRole('link', { name: 'Modifier Bissap 1 L' }).click();
  // A photo: the cloud keeps WebP variants (EXIF removal is proved in cloud/test/catalog-photos.test.ts).
  await page
    .getByLabel('Photo du produit')
    .setInputFiles({ name: 'bissap.png', mimeType: 'image/png', buffer: onePixelPng });
  await page.getByText('Photo enregistrée.').waitFor({ timeout: slowMs });
  const photo = await fetch(`${demo.url}/v1/shop/products/${created?.id ?? ''}/photo/small`);
  expect(photo.headers.get('content-type')).toBe('image/webp');
  await page.getByTestId('product-photo').waitFor();
  await page.getByLabel('Prix (FCFA)').fill('1750');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await page.getByRole('heading', { name: 'Mon catalogue' }).waitFor({ timeout: slowMs });
  await expect.poll(async () => (await findOne(page, demo, 'bissap'))[0]?.priceXof, { timeout: slowMs }).toBe(1_750);
  const item = page.locator('.catalog-item', { hasText: 'Bissap 1 L' });
  await expect
    .poll(async () => ((await item.textContent()) ?? '').replace(/\s/g, ' '), { timeout: slowMs })
    .toContain('1 750 FCFA');

  // Another product, made through the API, deleted in the portal after the confirmation.
  const made = await asBrowser(page, demo, '/v1/shop/products', {
    method: 'POST',
    body: JSON.stringify({
      name: 'Ancien produit',
      category: 'divers',
      kind: 'physical',
      priceXof: 900,
      taxGroup: 'CI-TVA-18',
    }),
  });
  expect(made.status).toBe(201);
  const { id } = (await made.json()) as { id: string };
  await page.goto(`${demo.url}/catalog/products/${id}`);
  await page.getByRole('button', { name: 'Supprimer ce produit' }).click();
  await page.getByRole('heading', { name: 'Supprimer « Ancien produit » ?' }).waitFor();
  await page.screenshot({ path: path.join(screenshots, 'delete-confirm-wide.png'), fullPage: true });
  await page.getByRole('button', { name: 'Oui, supprimer' }).click();
  await page.getByRole('heading', { name: 'Mon catalogue' }).waitFor({ timeout: slowMs });
  expect((await asBrowser(page, demo, `/v1/shop/catalog/${id}`)).status).toBe(404);
}

async function importTwice(page: Page, demo: DemoCloud, file: string): Promise<string[]> {
  const violations: string[] = [];
  const choose = async () => {
    await page.goto(`${demo.url}/catalog/import`);
    await page.getByLabel('Choisir le fichier').setInputFiles(file);
    await page.getByTestId('import-summary').waitFor({ timeout: slowMs });
  };
  await choose();
  expect(await page.getByTestId('import-summary').textContent()).toBe('500 lignes lues, 497 prêtes à importer.');
  const rows = await page.getByTestId('import-problems').locator('tbody tr').allTextContents();
  expect(rows).toHaveLength(3);
  expect(rows[0]).toContain('51');
  expect(rows[0]).toContain('Nom manquant.');
  expect(rows[1]).toContain('202');
  expect(rows[2]).toContain('403');
  expect(await findOne(page, demo, 'Article E2E')).toHaveLength(0);
  await page.screenshot({ path: path.join(screenshots, 'dry-run-wide.png'), fullPage: true });
  violations.push(...(await seriousViolations(page)).map((v) => `dry-run-wide: ${v}`));
  await page.getByRole('button', { name: 'Importer les 497 lignes valides' }).click();
  await page.getByTestId('import-result').waitFor({ timeout: slowMs });
  expect(await page.getByTestId('import-result').textContent()).toContain('Produits créés : 497');
  await page.screenshot({ path: path.join(screenshots, 'import-done-wide.png'), fullPage: true });
  violations.push(...(await seriousViolations(page)).map((v) => `import-done-wide: ${v}`));
  // The same file again: the first result, nothing written.
  await choose();
  await page.getByRole('button', { name: 'Importer les 497 lignes valides' }).click();
  await page.getByRole('heading', { name: 'Fichier déjà importé' }).waitFor({ timeout: slowMs });
  const count = await asBrowser(page, demo, '/v1/shop/catalog/export?format=csv');
  const lines = (await count.text()).trim().split('\n');
  expect(lines.filter((l) => l.startsWith('E2E-'))).toHaveLength(497);
  return violations;
}

describe.each(cloudDatabases.slice(-1))('portal catalog in Chromium on $name', (database) => {
  it(
    'creates, edits, deletes and imports 497 of 500 lines once, axe clean in every look',
    { timeout: 420_000 },
    async () => {
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-catalog-'));
      const file = path.join(root, 'catalogue.csv');
      writeFileSync(file, catalogCsv());
      const demo = await startDemoCloud(root, database, { PORTAL_DIR: privatePortalCopy(portalBuilt, root) });
      let browser: Browser | undefined;
      const contexts: BrowserContext[] = [];
      try {
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const violations: string[] = [];
        const wide = await phoneContext(browser, 'fr', 'light');
        contexts.push(wide);
        const desk = await wide.newPage();
        await desk.setViewportSize(laptop);
        await throttle(wide, desk);
        await signIn(desk, demo);
        try {
          await createEditDelete(desk, demo);
          violations.push(...(await importTwice(desk, demo, file)));
          await desk.goto(`${demo.url}/catalog`);
          // The imported products, read again from the cloud (not only the copy saved on the device).
          await desk.getByRole('link', { name: 'Modifier Article E2E 1', exact: true }).waitFor({ timeout: slowMs });
          await desk.screenshot({ path: path.join(screenshots, 'list-wide.png'), fullPage: true });
          violations.push(...(await seriousViolations(desk)).map((v) => `list-wide: ${v}`));
        } catch (error) {
          await desk.screenshot({ path: path.join(screenshots, 'failure.png'), fullPage: true });
          throw error;
        }

        // The phone: the same session on a 360x640 viewport, every screen in the four looks.
        const page = desk;
        await page.setViewportSize({ width: 360, height: 640 });
        await page.goto(`${demo.url}/catalog`);
        const listed = (p: Page) =>
          p.getByRole('link', { name: /^(Modifier|Edit) Article E2E 1$/ }).waitFor({ timeout: slowMs });
        violations.push(...(await checkEveryLook(page, screenshots, 'list', listed)));
        const [bissap] = await findOne(page, demo, 'bissap');
        await page.goto(`${demo.url}/catalog/products/${bissap?.id ?? ''}`);
        // The photo shows once the product is read again from the cloud (not only the copy saved on the device).
        const form = (p: Page) => p.getByTestId('product-photo').waitFor({ timeout: slowMs });
        violations.push(...(await checkEveryLook(page, screenshots, 'edit', form)));
        await page.goto(`${demo.url}/catalog/import`);
        const importing = (p: Page) => p.locator('#import-file').waitFor({ timeout: slowMs });
        violations.push(...(await checkEveryLook(page, screenshots, 'import', importing)));
        await page.getByLabel('Choisir le fichier').setInputFiles(file);
        await page.getByTestId('import-problems').waitFor({ timeout: slowMs });
        await page.screenshot({ path: path.join(screenshots, 'dry-run-fr-light.png'), fullPage: true });
        violations.push(...(await seriousViolations(page)).map((v) => `dry-run: ${v}`));
        expect(violations).toEqual([]);
      } finally {
        for (const context of contexts) await context.close().catch(() => undefined);
        await browser?.close();
        demo.process.kill('SIGKILL');
        await exited(demo.process);
      }
    },
  );
});
