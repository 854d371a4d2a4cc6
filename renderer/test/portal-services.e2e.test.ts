// The plumber journey of seed figure 2 in Debian's Chromium on a 360x640 phone, against a real cloud (its built dist,
// demo data) on one database: a client searches "plombier" near Cocody, opens the plumber's profile and its reviews,
// sends a quote request (a double tap sends one); the plumber, in a second browser, quotes it on its own screens; the
// client reads the auto-release rule, accepts and pays (a double tap pays once); the plumber marks the work done, the
// client confirms it and leaves a review the plumber answers. Then: the invoice is in the client's /invoices, the
// client's wallet went down by the amount exactly, the plumber paid the platform commission, the sales rep earned
// its commission, and `npx ismail ledger check` passes. Each screen is photographed in light and dark, axe-checked.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { phoneContext, privatePortalCopy, seriousViolations, signInPortal } from './portal-browser.js';
import {
  availableCenti,
  clientWithCredits,
  demoPassword,
  getJson,
  historyOf,
  makePlumber,
  openAt,
  plumberEmail,
  plumberName,
  repCommissions,
  signIn,
  passStart,
} from './portal-services-setup.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'services');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const database = cloudDatabases.at(-1);
const flat = (s: string | null): string => (s ?? '').replace(/\s/g, ' ');

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
  // Back to the device's (light) theme, so that what follows is photographed as named.
  await page.evaluate(() => localStorage.removeItem('ismail.portal.theme'));
  await page.reload();
  await ready(page);
  return found;
}

/** The screen as it is now (a panel opened by a tap would not survive a reload): photographed and axe-checked. */
async function asIs(page: Page, name: string): Promise<string[]> {
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
  return (await seriousViolations(page)).map((v) => `${name}: ${v}`);
}

describe('the plumber journey of seed figure 2 in Chromium (real cloud)', () => {
  it(
    'search → profile → request → quote → pay → done → confirm → review; invoice, commissions, ledger',
    { timeout: 900_000 },
    async () => {
      expect(database, 'a test database').toBeDefined();
      if (database === undefined) return;
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-services-'));
      const demo = await startDemoCloud(root, database, {
        PORTAL_DIR: privatePortalCopy(portalBuilt, root),
        ISMAIL_TEST_CLOCK: 'true',
      });
      let browser: Browser | undefined;
      try {
        const client = await clientWithCredits(demo);
        const asClient = await signIn(demo, client.email, client.password);
        const asPlumber = await signIn(demo, plumberEmail, demoPassword);
        await makePlumber(demo, asPlumber);
        const clientBefore = await availableCenti(demo, asClient);
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const violations: string[] = [];
        const clientContext = await phoneContext(browser, 'fr', 'light');
        const page = await clientContext.newPage();
        await signInPortal(page, demo.url, { email: client.email, password: client.password });

        // The client finds Services in the menu and searches "plombier" near Cocody.
        await page.goto(`${demo.url}/menu`);
        await page.getByRole('link', { name: 'Services', exact: true }).click();
        await page.getByLabel('Mot-clé (ex. plombier, fuite)').fill('plombier');
        await page.getByLabel('Commune', { exact: true }).selectOption('Cocody');
        await page.getByRole('button', { name: 'Rechercher' }).click();
        const card = page.getByTestId('provider-card').filter({ hasText: plumberName });
        await card.waitFor({ timeout: slowMs });
        expect(page.url()).toContain('q=plombier');
        const cardText = flat(await card.textContent());
        expect(cardText).toMatch(/à \d+(,\d)? k?m/);
        expect(cardText).toContain('15 000 – 40 000 FCFA');
        violations.push(...(await lightAndDark(page, '1-search', async () => card.waitFor({ timeout: slowMs }))));

        // Its profile, with its reviews (none yet unless the demo seeds some; the journey's own review comes later).
        await card.getByRole('link', { name: plumberName }).click();
        const profileReady = async (p: Page) =>
          p.getByRole('heading', { level: 2, name: /^Avis clients/ }).waitFor({ timeout: slowMs });
        await page.getByRole('heading', { level: 1, name: plumberName }).waitFor({ timeout: slowMs });
        await profileReady(page);
        const profileUrl = page.url();
        violations.push(...(await lightAndDark(page, '2-profile', profileReady)));
        // A fixed-price offer's free slots by day and the payment terms shown before paying (not booked here).
        const fixed = page.getByRole('listitem').filter({ hasText: 'Débouchage d’évier' }).first();
        await fixed.getByRole('button', { name: 'Réserver' }).click();
        await fixed.getByRole('radio').first().check({ timeout: slowMs });
        await fixed.getByTestId('release-rule').waitFor({ timeout: slowMs });
        expect(flat(await fixed.getByTestId('release-rule').textContent())).toContain('15 000 FCFA');
        violations.push(...(await asIs(page, '2b-book-slot-light')));

        // The quote request: photographed empty, then filled and sent with a double tap.
        await page.getByRole('link', { name: 'Demander un devis' }).first().click();
        const formReady = async (p: Page) =>
          p.getByRole('heading', { level: 1, name: 'Demander un devis' }).waitFor({ timeout: slowMs });
        await formReady(page);
        await page.getByText(`Destinataire : ${plumberName}`).waitFor({ timeout: slowMs });
        violations.push(...(await lightAndDark(page, '3-request-form', formReady)));
        await page.getByText(`Destinataire : ${plumberName}`).waitFor({ timeout: slowMs });
        await page.getByLabel('Catégorie', { exact: true }).selectOption('plumbing');
        await page
          .getByLabel('Décrivez le travail (au moins 10 caractères)')
          .fill("Fuite sous l'évier de la cuisine, le joint semble usé.");
        await page.getByLabel('Commune', { exact: true }).selectOption('Cocody');
        await page.getByLabel("Repère d'adresse (facultatif)").fill('Riviera 2, près de la pharmacie');
        await page.getByRole('button', { name: 'Envoyer la demande' }).dblclick();
        await page.getByRole('heading', { level: 1, name: 'Ma demande' }).waitFor({ timeout: slowMs });
        const requestUrl = page.url();
        const requestId = requestUrl.split('/').at(-1) ?? '';
        const mine = await getJson<{ requests: { id: string }[] }>(demo, '/v1/services/requests', asClient);
        expect(mine.requests.map((r) => r.id)).toEqual([requestId]);
        await page.getByLabel('Votre message').fill('Bonjour, je suis disponible toute la matinée.');
        await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
        await page.getByText('Bonjour, je suis disponible toute la matinée.').waitFor({ timeout: slowMs });

        // The plumber, in its own browser, quotes the request on its screens; the work starts in a few minutes.
        const plumberContext = await phoneContext(browser, 'fr', 'light');
        const plumber = await plumberContext.newPage();
        await signInPortal(plumber, demo.url, { email: plumberEmail, password: demoPassword });
        await plumber.goto(`${demo.url}/provider/requests`);
        await plumber
          .getByTestId('inbox')
          .getByRole('link', { name: /Fuite sous l'évier/ })
          .click();
        await plumber.getByText('Bonjour, je suis disponible toute la matinée.').waitFor({ timeout: slowMs });
        const start = await openAt(demo, asPlumber, 6);
        await plumber.getByLabel('Libellé').fill('Remplacement du joint');
        await plumber.getByLabel('Quantité').fill('1');
        await plumber.getByLabel('Prix unitaire (FCFA)').fill('15000');
        await plumber.getByRole('button', { name: 'Ajouter une ligne' }).click();
        await plumber.getByLabel('Libellé').nth(1).fill('Déplacement');
        await plumber.getByLabel('Quantité').nth(1).fill('1');
        await plumber.getByLabel('Prix unitaire (FCFA)').nth(1).fill('5000');
        await plumber.getByLabel('Date et heure').fill(start.local);
        await plumber.getByLabel('Durée (minutes)').fill('60');
        await plumber.getByRole('button', { name: 'Envoyer le devis' }).click();
        await plumber.getByText('Devis envoyé au client.').waitFor({ timeout: slowMs });

        // The client reads the quote, then the auto-release rule before paying; a double tap pays once.
        const quote = page.getByTestId('quote').filter({ hasText: 'version 1' });
        await quote.waitFor({ timeout: slowMs });
        expect(flat(await quote.textContent())).toContain('Total : 20 000 FCFA');
        violations.push(
          ...(await lightAndDark(page, '4-request-quote', async () => quote.waitFor({ timeout: slowMs }))),
        );
        await quote.getByRole('button', { name: 'Accepter et payer' }).click();
        await quote
          .getByText(
            "Le paiement est versé au prestataire quand vous confirmez le travail, ou automatiquement 3 jours après qu'il l'a marqué terminé, sauf litige.",
          )
          .waitFor({ timeout: slowMs });
        violations.push(...(await asIs(page, '5-accept-rule-light')));
        await quote.getByRole('button', { name: 'Confirmer et payer 20 000 FCFA' }).dblclick();
        await page.getByTestId('appointment-status').filter({ hasText: 'Réservé' }).waitFor({ timeout: slowMs });
        const appointmentUrl = page.url();
        const appointmentId = appointmentUrl.split('/').at(-1) ?? '';
        const booked = await getJson<{ amountXof: number }>(
          demo,
          `/v1/services/appointments/${appointmentId}`,
          asClient,
        );
        expect(booked.amountXof).toBe(20_000);
        // 20 000 FCFA at 50 FCFA a credit: 400 credits held once, whatever the double tap.
        expect(clientBefore - (await availableCenti(demo, asClient))).toBe(40_000);
        const appointmentReady = (status: string) => async (p: Page) =>
          p.getByTestId('appointment-status').filter({ hasText: status }).waitFor({ timeout: slowMs });
        violations.push(...(await lightAndDark(page, '6-appointment-booked', appointmentReady('Réservé'))));

        // The plumber marks it done once the start has passed (the cloud refuses it before): the demo's test clock
        // moves past it rather than the test sleeping minutes.
        await passStart(demo, start.startsAtMs);
        await plumber.goto(`${demo.url}/services/appointments/${appointmentId}`);
        await plumber.getByRole('button', { name: 'Marquer comme terminé' }).click();
        await plumber.getByRole('button', { name: 'Oui, continuer' }).click();
        await appointmentReady('Marqué terminé')(plumber);
        violations.push(...(await lightAndDark(plumber, '7-provider-done', appointmentReady('Marqué terminé'))));

        // The client confirms the work (the payment goes now) and leaves a review.
        await page.reload();
        await page.getByRole('button', { name: 'Confirmer le travail' }).click();
        await page.getByRole('button', { name: 'Oui, continuer' }).click();
        await appointmentReady('Terminé et payé')(page);
        await page.getByRole('link', { name: 'Voir la facture' }).waitFor({ timeout: slowMs });
        await page.getByRole('radio', { name: '5 sur 5' }).check();
        await page.getByLabel('Votre avis').fill('Travail propre et rapide, fuite réparée. Je recommande.');
        violations.push(...(await asIs(page, '8-review-form-light')));
        await page.getByRole('button', { name: "Publier l'avis" }).click();
        await page.getByText('Avis donné : 5 sur 5').waitFor({ timeout: slowMs });
        violations.push(...(await lightAndDark(page, '9-appointment-completed', appointmentReady('Terminé et payé'))));

        // The plumber answers the review; the client reads both on the profile.
        await plumber.reload();
        await plumber.getByLabel("Répondre à l'avis").fill('Merci pour votre confiance !');
        await plumber.getByRole('button', { name: "Répondre à l'avis" }).click();
        await plumber.getByText('Votre réponse est publiée.').waitFor({ timeout: slowMs });
        await page.goto(profileUrl);
        const review = page
          .getByTestId('reviews')
          .getByRole('listitem')
          .filter({ hasText: 'Travail propre et rapide' });
        await review.getByText('Merci pour votre confiance !').waitFor({ timeout: slowMs });
        violations.push(
          ...(await lightAndDark(page, '10-profile-reviewed', async () => review.waitFor({ timeout: slowMs }))),
        );

        // The invoice is in the client's invoices.
        const done = await getJson<{ invoiceId: string | null; status: string }>(
          demo,
          `/v1/services/appointments/${appointmentId}`,
          asClient,
        );
        expect(done.status).toBe('completed');
        expect(done.invoiceId).not.toBeNull();
        await page.goto(`${demo.url}/invoices`);
        await page.locator(`a[href="/invoices/${done.invoiceId ?? ''}"]`).waitFor({ timeout: slowMs });
        await page.screenshot({ path: path.join(screenshots, '11-invoices-light.png'), fullPage: true });
        // My requests and my appointments list it; the plumber finds it under its jobs.
        await page.goto(`${demo.url}/services/requests`);
        const listed = (testId: string) => async (p: Page) =>
          p.getByTestId(testId).getByRole('listitem').first().waitFor({ timeout: slowMs });
        violations.push(...(await lightAndDark(page, '12-requests', listed('requests'))));
        await page.goto(`${demo.url}/services/appointments`);
        violations.push(...(await lightAndDark(page, '13-appointments', listed('appointments'))));
        await plumber.goto(`${demo.url}/services/appointments?role=provider`);
        await plumber.getByRole('link', { name: 'Mes interventions' }).waitFor({ timeout: slowMs });
        await listed('appointments')(plumber);
        violations.push(...(await asIs(plumber, '14-provider-jobs-light')));
        await clientContext.close();
        await plumberContext.close();

        // Money: the client paid the amount exactly; the plumber paid the platform commission; the rep earned its own.
        expect(clientBefore - (await availableCenti(demo, asClient))).toBe(40_000);
        const legs = (await historyOf(demo, asPlumber)).filter((e) => e.operationId.length > 0);
        const commission = legs.find((e) => e.leg === 'platform_commission');
        expect(commission?.amountCentiCredits, JSON.stringify(legs.slice(0, 10))).toBeLessThan(0);
        const rep = await repCommissions(demo, await signIn(demo, 'commercial@demo.ismail.ci', demoPassword));
        expect(rep.filter((l) => l.module === 'services' && l.amountCentiCredits > 0).length).toBeGreaterThan(0);
        expect(violations).toEqual([]);

        const ledger = spawnSync('npx', ['ismail', 'ledger', 'check', '--cloud-url', demo.url], {
          cwd: repo,
          env: { ...process.env, ISMAIL_DATA_DIR: path.join(root, 'cloud') },
          encoding: 'utf8',
        });
        expect(ledger.stdout, ledger.stderr).toMatch(/^ledger OK/);
        expect(ledger.status).toBe(0);
      } catch (error) {
        // What each page showed when the journey broke, for the person reading the failure.
        const pages = browser?.contexts().flatMap((c) => c.pages()) ?? [];
        for (const [i, open] of pages.entries()) {
          const shot = path.join(screenshots, `failure-${String(i)}.png`);
          await open.screenshot({ path: shot, fullPage: true, timeout: 15_000 }).catch((e: unknown) => {
            process.stderr.write(`no screenshot of ${open.url()}: ${String(e)}\n`);
          });
          process.stderr.write(`failure-${String(i)}: ${open.url()}\n`);
        }
        throw error;
      } finally {
        await browser?.close();
        demo.process.kill('SIGKILL');
        await exited(demo.process);
      }
    },
  );
});
