// The professional dashboard end to end in Debian's Chromium, served by a real cloud (its built dist, demo data,
// one database): the demo partner signs in on a 1280x800 laptop, sees its sales tiles as the cloud
// reads them ("… FCFA"), customises the dashboard with the keyboard-usable buttons (moves the sales curve to the
// top, shrinks it, removes the low-stock widget), and the layout read back through the API is that one; signed in
// again in a new 360x640 phone context, the same arrangement shows. The dashboard is photographed and passes axe
// in French and English, light and dark on the phone, once on the laptop and once in customise mode
// (renderer/.test-output/screenshots/portal/dashboard).
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
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
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'dashboard');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const laptop = { width: 1280, height: 800 };

async function signIn(page: Page, demo: DemoCloud): Promise<void> {
  await page.goto(demo.url);
  await page.getByLabel('Adresse e-mail').fill('partenaire@demo.ismail.ci');
  await page.getByLabel('Mot de passe').fill('demo-ismail-2026');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByTestId('balance-credits').waitFor({ timeout: slowMs });
  // The menu ("Plus") lists the dashboard for a professional.
  await page.getByRole('link', { name: 'Plus' }).click();
  await page.getByRole('link', { name: 'Tableau de bord' }).click({ timeout: slowMs });
  await page.getByTestId('widget-sales').waitFor({ timeout: slowMs });
}

/** The cloud API with the browser's own session. */
async function asBrowser(page: Page, demo: DemoCloud, url: string): Promise<unknown> {
  const token = await page.evaluate(
    () => (JSON.parse(localStorage.getItem('ismail.portal.session') ?? '{}') as { accessToken?: string }).accessToken,
  );
  const response = await fetch(`${demo.url}${url}`, { headers: { authorization: `Bearer ${token ?? ''}` } });
  expect(response.status).toBe(200);
  return response.json();
}

/** The widgets on screen, in order. */
async function order(page: Page): Promise<string[]> {
  const ids = await page
    .locator('.widgets > li')
    .evaluateAll((items) => items.map((i) => i.getAttribute('data-testid')));
  return ids.map((id) => (id ?? '').replace('widget-', ''));
}

/** One click on a customising button, and its save answered by the cloud. */
async function press(page: Page, name: string): Promise<void> {
  const saved = page.waitForResponse(
    (r) => r.url().endsWith('/v1/dashboard/layout') && r.request().method() === 'PUT',
    { timeout: slowMs },
  );
  await page.getByRole('button', { name, exact: true }).click({ timeout: slowMs });
  expect((await saved).status()).toBe(200);
  await page.getByRole('button', { name, exact: true }).or(page.getByTestId('dashboard-customise')).first().waitFor();
}

async function rearrange(page: Page, demo: DemoCloud): Promise<void> {
  const figures = (await asBrowser(page, demo, '/v1/dashboard')) as {
    widgets: { widget: string; tiles: { key: string; value: number }[] }[];
  };
  const month = figures.widgets.find((w) => w.widget === 'sales')?.tiles.find((t) => t.key === 'month')?.value ?? -1;
  const shown = ((await page.getByTestId('tile-sales-month').textContent()) ?? '').replace(/\s/g, ' ');
  // The portal's way: French grouping, then FCFA (renderer/src/common/format.ts).
  expect(shown).toBe(
    `${new Intl.NumberFormat('fr-CI', { maximumFractionDigits: 0 }).format(month)} FCFA`.replace(/\s/g, ' '),
  );
  expect(await order(page)).toEqual([
    'sales',
    'pending',
    'credits',
    'low_stock',
    'sales_chart',
    'consumption_chart',
    'alerts',
  ]);
  await page.getByRole('button', { name: 'Personnaliser' }).click();
  const curve = '« Ventes des 12 derniers mois »';
  for (let i = 0; i < 4; i++) await press(page, `Monter ${curve}`);
  await press(page, `Réduire ${curve}`);
  await press(page, 'Retirer « Stock bas »');
  expect(await order(page)).toEqual(['sales_chart', 'sales', 'pending', 'credits', 'consumption_chart', 'alerts']);
  await expect
    .poll(async () => (await page.locator('.dashboard [role="status"]').textContent()) ?? '', { timeout: slowMs })
    .toContain('« Stock bas » retiré');
  const layout = (await asBrowser(page, demo, '/v1/dashboard/layout')) as {
    widgets: { widget: string; size: string }[];
    version: number;
  };
  expect(layout.version).toBe(6);
  expect(layout.widgets[0]).toEqual({ widget: 'sales_chart', size: 'small' });
  expect(layout.widgets.map((w) => w.widget)).not.toContain('low_stock');
  await page.screenshot({ path: path.join(screenshots, 'customise-wide.png'), fullPage: true });
}

describe.each(cloudDatabases.slice(-1))('portal dashboard in Chromium on $name', (database) => {
  it(
    'rearranges widgets on a laptop and shows the same arrangement on a phone, axe clean in every look',
    { timeout: 420_000 },
    async () => {
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-dashboard-'));
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
          await rearrange(desk, demo);
        } catch (error) {
          await desk.screenshot({ path: path.join(screenshots, 'failure.png'), fullPage: true });
          throw error;
        }
        violations.push(...(await seriousViolations(desk)).map((v) => `customise-wide: ${v}`));

        // Another device: a phone that never saw the change.
        const phone = await phoneContext(browser, 'fr', 'light');
        contexts.push(phone);
        const page = await phone.newPage();
        await throttle(phone, page);
        await signIn(page, demo);
        expect(await order(page)).toEqual([
          'sales_chart',
          'sales',
          'pending',
          'credits',
          'consumption_chart',
          'alerts',
        ]);
        expect(await page.getByTestId('widget-sales_chart').getAttribute('class')).not.toContain('large');
        const ready = (p: Page) =>
          p.getByTestId('widget-sales_chart').locator('.chart-summary').waitFor({ timeout: slowMs });
        violations.push(...(await checkEveryLook(page, screenshots, 'dashboard', ready)));
        await page.getByRole('button', { name: 'Personnaliser' }).click();
        await page.screenshot({ path: path.join(screenshots, 'customise-fr-light.png'), fullPage: true });
        violations.push(...(await seriousViolations(page)).map((v) => `customise: ${v}`));
        await desk.reload();
        await ready(desk);
        await desk.screenshot({ path: path.join(screenshots, 'dashboard-wide.png'), fullPage: true });
        violations.push(...(await seriousViolations(desk)).map((v) => `dashboard-wide: ${v}`));
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
