// A sales rep onboards a partner in the professional portal, in Debian's Chromium on a 360x640 phone and
// a 1280x800 laptop, against a real cloud (its built dist, demo data) on one database whose SMS go to the Africa's
// Talking simulator: the demo rep opens "Inscrire un partenaire" from "Mes partenaires", creates the business, sends
// an identity document and a photo, sends the consent code, first types a wrong one (refused in clear words), then
// the one the partner received by SMS; the file is submitted and the new partner shows in "Mes partenaires". Every
// screen is photographed and axe-checked.
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startAfricasTalkingSimulator } from '@ismail/firmware-sim';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { checkEveryLook, phoneContext, seriousViolations, throttle } from './portal-browser.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'rep-onboarding');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const database = cloudDatabases.at(-1);
const demoPassword = 'demo-ismail-2026';
const pdf = Buffer.from('%PDF-1.4\npièce d’identité\n%%EOF\n');
// A 1x1 grey PNG: the cloud checks its first bytes, the phone decodes it.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==',
  'base64',
);

async function signInUi(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  // Signed in once the form is gone: the button alone is renamed « Connexion… » while the request is on its way,
  // and navigating then aborts the sign-in (the menu then opened on /sign-in under CI load).
  await page.getByLabel('Adresse e-mail').waitFor({ state: 'detached', timeout: slowMs });
}

/** This screen as it is now (a wizard step a reload would lose): photographed and axe-checked on the phone and wide. */
async function asItIs(page: Page, name: string): Promise<string[]> {
  await page.screenshot({ path: path.join(screenshots, `${name}-fr-light.png`), fullPage: true });
  const found = (await seriousViolations(page)).map((v) => `${name}: ${v}`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: path.join(screenshots, `${name}-wide.png`), fullPage: true });
  found.push(...(await seriousViolations(page)).map((v) => `${name}-wide: ${v}`));
  await page.setViewportSize({ width: 360, height: 640 });
  return found;
}

describe('a sales rep onboards a partner in Chromium (real cloud, SMS simulator)', () => {
  it(
    'creates the partner, sends its documents, records its SMS consent and finds it in Mes partenaires',
    {
      timeout: 600_000,
    },
    async () => {
      expect(database, 'a test database').toBeDefined();
      if (database === undefined) return;
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-rep-onboarding-'));
      const portalDir = path.join(root, 'portal');
      cpSync(path.dirname(portalBuilt), portalDir, { recursive: true });
      const sms = await startAfricasTalkingSimulator({
        port: 0,
        username: 'ismail-sandbox',
        apiKey: 'at-key-0123456789',
      });
      const demo = await startDemoCloud(root, database, {
        PORTAL_DIR: portalDir,
        SMS_PROVIDER: 'africastalking',
        AT_API_URL: sms.url,
        AT_USERNAME: 'ismail-sandbox',
        AT_API_KEY: 'at-key-0123456789',
      });
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
        await signInUi(page, demo.url, 'commercial@demo.ismail.ci', demoPassword);
        await page.goto(`${demo.url}/business/partners`);
        await page.getByTestId('onboard-partner').click();
        const formReady = (p: Page) => p.locator('#onboard-businessName').waitFor({ timeout: slowMs });
        await formReady(page);
        violations.push(...(await checkEveryLook(page, screenshots, '1-business', formReady)));

        const name = `Quincaillerie ${randomUUID().slice(0, 6)}`;
        await page.getByLabel('Nom de l’entreprise').fill(name);
        await page.getByLabel('Téléphone du partenaire (+225)').fill('+33 6 12 34 56 78');
        await page.getByLabel('Adresse e-mail du partenaire').fill(`quincaillerie-${randomUUID()}@test.ismail.ci`);
        await page.getByRole('button', { name: 'Créer le compte du partenaire' }).click();
        await page.getByText(/le téléphone doit être un numéro ivoirien/).waitFor({ timeout: slowMs });
        violations.push(...(await asItIs(page, '1-business-refused')));
        await page.getByLabel('Téléphone du partenaire (+225)').fill('07 08 09 10 11');
        await page.getByRole('button', { name: 'Créer le compte du partenaire' }).click();

        await page.getByLabel('Pièce d’identité du partenaire (photo ou PDF)').waitFor({ timeout: slowMs });
        await page
          .getByLabel('Pièce d’identité du partenaire (photo ou PDF)')
          .setInputFiles({ name: 'cni.pdf', mimeType: 'application/pdf', buffer: pdf });
        await page.getByText('Document reçu.').first().waitFor({ timeout: slowMs });
        await page
          .getByLabel('Photo du visage du partenaire (JPEG ou PNG)')
          .setInputFiles({ name: 'visage.png', mimeType: 'image/png', buffer: png });
        await expect.poll(() => page.getByText('Document reçu.').count(), { timeout: slowMs }).toBe(2);
        violations.push(...(await asItIs(page, '2-documents')));
        await page.getByRole('button', { name: 'Continuer' }).click();

        await page.getByRole('button', { name: 'Envoyer le code par SMS' }).click();
        await page.getByLabel('Code lu par le partenaire').waitFor({ timeout: slowMs });
        const text = sms.messages().at(-1);
        expect(text?.number).toBe('+2250708091011');
        const code = /(\d{6})/.exec(text?.message ?? '')?.[1] ?? '';
        expect(code).toMatch(/^\d{6}$/);
        await page.getByLabel('Code lu par le partenaire').fill(code === '000000' ? '000001' : '000000');
        await page.getByRole('button', { name: 'Enregistrer l’accord et soumettre le dossier' }).click();
        await page.getByText('Ce code n’est pas le bon. Demandez au partenaire de relire le SMS.').waitFor({
          timeout: slowMs,
        });
        violations.push(...(await asItIs(page, '3-consent-wrong-code')));
        await page.getByLabel('Code lu par le partenaire').fill(code);
        await page.getByRole('button', { name: 'Enregistrer l’accord et soumettre le dossier' }).click();
        await page.getByTestId('onboard-done').waitFor({ timeout: slowMs });
        violations.push(...(await asItIs(page, '4-done')));

        await page.getByRole('link', { name: 'Retour à mes partenaires' }).click();
        const listed = (p: Page) => p.getByTestId('rep-partners').getByText(name).waitFor({ timeout: slowMs });
        await listed(page);
        violations.push(...(await checkEveryLook(page, screenshots, '5-partners', listed)));
        expect(violations).toEqual([]);
        await context.close();
      } finally {
        await browser?.close();
        demo.process.kill('SIGTERM');
        await exited(demo.process);
        await sms.close();
      }
    },
  );
});
