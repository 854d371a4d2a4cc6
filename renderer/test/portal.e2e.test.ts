// The client portal end to end in Debian's Chromium on a 360x640 phone over slow 3G, served by
// a real cloud (its built dist, demo data) on each test database: a client account made through
// the API receives credits by two transfers, signs in, sees the balance in credits and FCFA and
// the history with the running balance; the network is cut and the page reloaded: the service
// worker opens the shell and the last balance shows, marked offline with its time. Every screen
// passes axe (no serious or critical WCAG 2.1 AA violation) in French and English, light and
// dark, breaks no CSP rule, and is photographed into renderer/.test-output/screenshots/portal.
// The service worker's caches hold the shell and no API answer; signing out forgets the session
// and the cached balance.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startDemoCloud, type DemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import {
  phoneContext,
  seriousViolations,
  throttle,
  type Language,
  type Theme,
  privatePortalCopy,
  slow3g,
} from './portal-browser.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
/** First paint over slow 3G on two loaded cores: generous, the assertion is what shows, not how fast. */
const slowMs = 90_000;

const words = {
  fr: { email: 'Adresse e-mail', password: 'Mot de passe', submit: 'Se connecter', history: 'Historique' },
  en: { email: 'Email address', password: 'Password', submit: 'Sign in', history: 'History' },
} as const;
const settingsLink = { fr: 'Réglages', en: 'Settings' } as const;
const moreLink = { fr: 'Plus', en: 'More' } as const;

/** A new client, activated, with 20 credits sent by the demo client in two transfers (15 then 5). */
async function clientWithCredits(demo: DemoCloud): Promise<{ email: string; password: string }> {
  const email = `portail-${randomUUID()}@test.ismail.ci`;
  const password = 'portail-e2e-2026';
  const created = await fetch(`${demo.url}/v1/operator/accounts`, {
    method: 'POST',
    headers: demo.operator,
    body: JSON.stringify({ profile: 'client', email, password, firstName: 'Awa', lastName: 'Koné' }),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const activated = await fetch(`${demo.url}/v1/operator/accounts/${id}/activate`, {
    method: 'POST',
    headers: { authorization: demo.operator.authorization ?? '' },
  });
  expect(activated.status).toBe(200);
  const signIn = await fetch(`${demo.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'client@demo.ismail.ci', password: 'demo-ismail-2026' }),
  });
  const { accessToken } = (await signIn.json()) as { accessToken: string };
  for (const amountCentiCredits of [1_500, 500]) {
    const sent = await fetch(`${demo.url}/v1/wallet/transfers`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ toAccountId: id, amountCentiCredits }),
    });
    expect(sent.status, await sent.clone().text()).toBe(201);
  }
  return { email, password };
}

/** Runs axe on the screen and photographs it; returns its serious violations, named. */
async function check(page: Page, name: string): Promise<string[]> {
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
  return (await seriousViolations(page)).map((v) => `${name}: ${v}`);
}

describe.each(cloudDatabases)('client portal in Chromium over slow 3G (real cloud) on $name', (database) => {
  it(
    'signs in, shows balance and history, opens offline with the last balance, and passes axe in fr/en and light/dark',
    { timeout: 600_000 },
    async () => {
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-e2e-'));
      const demo = await startDemoCloud(root, database, { PORTAL_DIR: privatePortalCopy(portalBuilt, root) });
      let browser: Browser | undefined;
      try {
        const person = await clientWithCredits(demo);
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const violations: string[] = [];
        const combos: [Language, Theme][] = [
          ['fr', 'light'],
          ['fr', 'dark'],
          ['en', 'light'],
          ['en', 'dark'],
        ];
        for (const [language, theme] of combos) {
          const context = await phoneContext(browser, language, theme);
          const page = await context.newPage();
          const cspErrors: string[] = [];
          page.on('console', (message) => {
            if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text()))
              cspErrors.push(message.text());
          });
          const setOffline = await throttle(context, page, slow3g);
          const tag = `${language}-${theme}`;
          const w = words[language];

          await page.goto(demo.url);
          await page.getByLabel(w.email).waitFor({ timeout: slowMs });
          expect(new URL(page.url()).pathname).toBe('/sign-in');
          violations.push(...(await check(page, `1-sign-in-${tag}`)));
          if (tag === 'fr-light') {
            // A wrong password is said in words, announced (role=alert), and the form stays.
            await page.getByLabel(w.email).fill(person.email);
            await page.getByLabel(w.password).fill('pas-le-bon-mot-de-passe');
            await page.getByRole('button', { name: w.submit }).click();
            const alert = page.getByRole('alert');
            await alert.waitFor({ timeout: slowMs });
            expect(await alert.textContent()).toBe('Adresse e-mail ou mot de passe incorrect.');
            violations.push(...(await check(page, `1-sign-in-refused-${tag}`)));
          }
          await page.getByLabel(w.email).fill(person.email);
          await page.getByLabel(w.password).fill(person.password);
          await page.getByRole('button', { name: w.submit }).click();

          const credits = page.getByTestId('balance-credits');
          await credits.waitFor({ timeout: slowMs });
          expect((await credits.textContent())?.replace(/\s/g, ' ')).toBe(
            language === 'fr' ? '20,00 crédits' : '20.00 credits',
          );
          // 20 credits at the demo rate of 50 FCFA a credit.
          expect((await page.getByTestId('balance-xof').textContent())?.replace(/\s/g, ' ')).toBe(
            language === 'fr' ? 'soit 1 000 FCFA' : 'worth 1,000 FCFA',
          );
          violations.push(...(await check(page, `2-home-${tag}`)));

          await page.getByRole('link', { name: w.history, exact: true }).click();
          const history = page.getByTestId('history');
          await history.waitFor({ timeout: slowMs });
          const rows = history.getByRole('listitem');
          await expect.poll(() => rows.count(), { timeout: slowMs }).toBe(2);
          const newest = (await rows.nth(0).textContent())?.replace(/\s/g, ' ') ?? '';
          const oldest = (await rows.nth(1).textContent())?.replace(/\s/g, ' ') ?? '';
          expect(newest).toContain(language === 'fr' ? '+5,00' : '+5.00');
          expect(newest).toContain(language === 'fr' ? 'Solde : 20,00 crédits' : 'Balance: 20.00 credits');
          expect(oldest).toContain(language === 'fr' ? 'Solde : 15,00 crédits' : 'Balance: 15.00 credits');
          violations.push(...(await check(page, `3-history-${tag}`)));

          // Settings and every other area are one tap away, in the menu.
          await page.getByRole('link', { name: moreLink[language], exact: true }).click();
          await page.getByRole('heading', { level: 1 }).waitFor({ timeout: slowMs });
          violations.push(...(await check(page, `4-menu-${tag}`)));
          await page.getByRole('link', { name: settingsLink[language], exact: true }).click();
          await page.getByRole('radiogroup').first().or(page.locator('fieldset').first()).waitFor({ timeout: slowMs });
          violations.push(...(await check(page, `5-settings-${tag}`)));

          if (language === 'fr' && theme === 'light') await offlineAndToggle(page, setOffline);
          expect(cspErrors).toEqual([]);
          await context.close();
        }
        expect(violations).toEqual([]);
      } finally {
        await browser?.close();
        demo.process.kill('SIGKILL');
        await exited(demo.process);
      }
    },
  );
});

/**
 * Cut the network and reload: the service worker answers with the shell and the last balance
 * shows, marked "Hors ligne · mis à jour à HH:MM"; then the dark theme chosen in the settings
 * is kept across a reload.
 */
async function offlineAndToggle(page: Page, setOffline: (offline: boolean) => Promise<void>): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.getByRole('link', { name: 'Accueil', exact: true }).click();
  await page.getByTestId('balance-credits').waitFor({ timeout: slowMs });
  await setOffline(true);
  await page.reload();
  const credits = page.getByTestId('balance-credits');
  await credits.waitFor({ timeout: slowMs });
  expect((await credits.textContent())?.replace(/\s/g, ' ')).toBe('20,00 crédits');
  const mark = page.getByTestId('offline-mark');
  await mark.waitFor({ timeout: slowMs });
  expect(await mark.textContent()).toMatch(/^Hors ligne · mis à jour à \d{2}:\d{2}$/);
  await page.getByTestId('offline-banner').waitFor({ timeout: slowMs });
  await page.screenshot({ path: path.join(screenshots, '6-offline-fr-light.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  await setOffline(false);

  // The service worker keeps the shell only: no API answer (and so no write) is in its caches.
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
  expect(cached).toContain('/index.html');
  expect(cached.filter((url) => url.startsWith('/v1/'))).toEqual([]);

  await page.getByRole('link', { name: 'Plus', exact: true }).click();
  await page.getByRole('link', { name: 'Réglages', exact: true }).click();
  await page.getByLabel('Sombre').check();
  await page.reload();
  await page.getByLabel('Sombre').waitFor({ timeout: slowMs });
  expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
  expect(await page.getByLabel('Sombre').isChecked()).toBe(true);

  // Signing out forgets the session and the copy of the balance on this device.
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.getByLabel('Adresse e-mail').waitFor({ timeout: slowMs });
  const left = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('ismail.portal.')));
  expect(left.sort()).toEqual(['ismail.portal.language', 'ismail.portal.theme']);
}
