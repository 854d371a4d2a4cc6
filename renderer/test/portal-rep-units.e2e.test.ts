// A partner's bookable units in the professional portal, in Debian's Chromium on a 360x640 phone and a
// 1280x800 laptop, against a real cloud (its built dist, demo data) on one database: the demo partner adds a unit,
// sets one price for a week of nights (the cloud's calendar reads them back at that price), closes two nights (guests
// see them taken), finds the reservation a client made through the API under "Réservations reçues" and confirms it
// (the cloud reads it back confirmed, at the week's price). Every screen is photographed and axe-checked in French
// and English, light and dark, and once more at laptop width.
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startDemoCloud, type DemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { checkEveryLook, phoneContext, seriousViolations, throttle } from './portal-browser.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'units');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const database = cloudDatabases.at(-1);
const demoPassword = 'demo-ismail-2026';
const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function headersOf(demo: DemoCloud, email: string): Promise<Record<string, string>> {
  const response = await fetch(`${demo.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: demoPassword }),
  });
  const { accessToken } = (await response.json()) as { accessToken: string };
  return { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
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

describe('a partner’s bookable units in Chromium (real cloud)', () => {
  it('adds a unit, prices a week and confirms a client’s reservation', { timeout: 600_000 }, async () => {
    expect(database, 'a test database').toBeDefined();
    if (database === undefined) return;
    expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
    expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
    mkdirSync(screenshots, { recursive: true });
    const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-units-'));
    const portalDir = path.join(root, 'portal');
    cpSync(path.dirname(portalBuilt), portalDir, { recursive: true });
    const demo = await startDemoCloud(root, database, { PORTAL_DIR: portalDir });
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      const violations: string[] = [];
      const context = await phoneContext(browser, 'fr', 'light');
      const page = await context.newPage();
      await throttle(context, page);
      await page.goto(demo.url);
      await page.getByLabel('Adresse e-mail').fill('partenaire@demo.ismail.ci');
      await page.getByLabel('Mot de passe').fill(demoPassword);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      // Signed in once the form is gone: the button alone is renamed « Connexion… » while the request is on its way,
      // and navigating then aborts the sign-in (the menu then opened on /sign-in under CI load).
      await page.getByLabel('Adresse e-mail').waitFor({ state: 'detached', timeout: slowMs });

      // A new unit from the menu: it opens on its own page.
      await page.goto(`${demo.url}/menu`);
      await page.getByRole('link', { name: 'Mes hébergements' }).click();
      await page.getByRole('link', { name: 'Ajouter un hébergement' }).click();
      await page.getByLabel('Type', { exact: true }).fill('Bungalow');
      await page.getByLabel('Nom (unique chez vous)').fill('Bungalow Lagune');
      await page.getByLabel('Lieu (ville, quartier)').fill('Assinie');
      await page.getByLabel('Personnes au plus').fill('3');
      await page.getByLabel('Prix de base par nuit (FCFA)').fill('3 000');
      await page.getByRole('button', { name: "Créer l'hébergement" }).click();
      await page.getByRole('heading', { level: 1, name: 'Bungalow Lagune' }).waitFor({ timeout: slowMs });
      const unitId = page.url().split('/').at(-1) ?? '';

      // One price for a week of nights, read back by the cloud's calendar.
      await page.getByLabel('Première nuit').fill(day(7));
      await page.getByLabel('Dernière nuit').fill(day(13));
      await page.getByLabel('Prix par nuit (FCFA)', { exact: true }).fill('2 500');
      await page.getByRole('button', { name: 'Appliquer ce prix' }).click();
      await page.getByRole('status').filter({ hasText: '2 500 FCFA la nuit' }).waitFor({ timeout: slowMs });
      const asPartner = await headersOf(demo, 'partenaire@demo.ismail.ci');
      const calendar = (await (
        await fetch(`${demo.url}/v1/booking/units/${unitId}/calendar?from=${day(6)}&days=9`, { headers: asPartner })
      ).json()) as { nights: { night: string; priceXof: number }[] };
      expect(calendar.nights.map((n) => n.priceXof)).toEqual([3000, 2500, 2500, 2500, 2500, 2500, 2500, 2500, 3000]);
      // Two nights closed: guests see them taken.
      await page.getByLabel('Fermer (pas de réservation)').check();
      await page.getByLabel('Première nuit').fill(day(20));
      await page.getByLabel('Dernière nuit').fill(day(21));
      await page.getByRole('button', { name: 'Fermer ces nuits' }).click();
      await page.getByRole('status').filter({ hasText: 'nuits fermées' }).waitFor({ timeout: slowMs });
      const closed = (await (
        await fetch(`${demo.url}/v1/booking/units/${unitId}/calendar?from=${day(19)}&days=4`, { headers: asPartner })
      ).json()) as { nights: { free: boolean }[] };
      expect(closed.nights.map((n) => n.free)).toEqual([true, false, false, true]);
      const unitReady = async (p: Page) => p.getByTestId('rates-grid').waitFor({ timeout: slowMs });
      violations.push(...(await checkEveryLook(page, screenshots, '2-unit', unitReady)));
      violations.push(...(await wide(page, '2-unit', unitReady)));

      await page.getByRole('link', { name: 'Mes hébergements' }).last().click();
      const listReady = async (p: Page) =>
        p
          .getByTestId('units')
          .getByRole('listitem')
          .filter({ hasText: 'Bungalow Lagune' })
          .waitFor({ timeout: slowMs });
      await listReady(page);
      expect(((await page.getByTestId('units').textContent()) ?? '').replace(/\s/g, ' ')).toContain(
        '3 000 FCFA la nuit',
      );
      violations.push(...(await checkEveryLook(page, screenshots, '1-units', listReady)));
      violations.push(...(await wide(page, '1-units', listReady)));

      // A client holds two nights of that week through the API; the partner confirms it in the portal.
      const held = await fetch(`${demo.url}/v1/booking/reservations`, {
        method: 'POST',
        headers: { ...(await headersOf(demo, 'client@demo.ismail.ci')), 'idempotency-key': randomUUID() },
        body: JSON.stringify({ unitId, checkIn: day(8), checkOut: day(10), guests: 2 }),
      });
      expect(held.status, await held.clone().text()).toBe(201);
      const { id: reservationId } = (await held.json()) as { id: string };
      await page.getByRole('link', { name: 'Réservations reçues' }).click();
      const card = page.getByTestId('received').getByRole('listitem').filter({ hasText: 'Bungalow Lagune' });
      await card.waitFor({ timeout: slowMs });
      expect(((await card.textContent()) ?? '').replace(/\s/g, ' ')).toContain('5 000 FCFA');
      const receivedReady = async (p: Page) =>
        p.getByTestId('received').getByRole('listitem').filter({ hasText: 'Bungalow Lagune' }).waitFor({
          timeout: slowMs,
        });
      violations.push(...(await checkEveryLook(page, screenshots, '3-received', receivedReady)));
      await card.getByRole('button', { name: 'Confirmer la réservation' }).click();
      await card.getByText('Confirmée').waitFor({ timeout: slowMs });
      violations.push(...(await wide(page, '3-received', receivedReady)));
      const read = (await (
        await fetch(`${demo.url}/v1/booking/reservations/${reservationId}`, { headers: asPartner })
      ).json()) as { status: string; amountXof: number };
      expect(read).toMatchObject({ status: 'confirmed', amountXof: 5_000 });
      await context.close();
      expect(violations).toEqual([]);
    } finally {
      await browser?.close();
      demo.process.kill('SIGKILL');
      await exited(demo.process);
    }
  });
});
