// "Mot de passe oublié" end to end in Debian's Chromium on a 360x640 phone, against a real cloud (its
// built dist, demo data) on one database with the mail simulator: from the sign-in screen the demo client asks for
// a link, the e-mail arrives with a link to this cloud's portal, the page it opens takes the token out of the address
// bar, refuses two different passwords, sets the new one and signs the client in; the old password no longer signs
// in, the new one does from a fresh phone, and the link opened again says it is no longer valid. Every screen is
// photographed and passes axe in French and English, light and dark (renderer/.test-output/screenshots/portal/reset).
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startSmtpCapture } from '@ismail/firmware-sim';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { checkEveryLook, phoneContext, privatePortalCopy, throttle } from './portal-browser.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'reset');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
// One database: the PostgreSQL server when the run has one, else PGlite.
const database = cloudDatabases.at(-1);
const demoPassword = 'demo-ismail-2026';
const client = 'client@demo.ismail.ci';
const newPassword = 'mon nouveau mot de passe';

const signInApi = async (url: string, password: string): Promise<number> =>
  (
    await fetch(`${url}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: client, password }),
    })
  ).status;

describe('a forgotten password is reset from an e-mailed link in Chromium (real cloud, mail simulator)', () => {
  it('asks for the link, opens it, sets the password, signs in with it', { timeout: 600_000 }, async () => {
    expect(database, 'a test database').toBeDefined();
    if (database === undefined) return;
    expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
    expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
    mkdirSync(screenshots, { recursive: true });
    const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-reset-'));
    const smtp = await startSmtpCapture({ port: 0 });
    const demo = await startDemoCloud(root, database, {
      PORTAL_DIR: privatePortalCopy(portalBuilt, root),
      SMTP_URL: `smtp://127.0.0.1:${String(smtp.port)}`,
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

      // From sign-in to the request form, photographed in every look.
      await page.goto(demo.url);
      await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
      const forgotReady = async (p: Page) =>
        p.getByRole('heading', { name: /Mot de passe oublié|Forgotten password/ }).waitFor({ timeout: slowMs });
      await forgotReady(page);
      violations.push(...(await checkEveryLook(page, screenshots, '1-forgot', forgotReady)));
      await page.getByLabel('Adresse e-mail').fill(client);
      await page.getByRole('button', { name: 'Envoyer le lien' }).click();
      await page.getByTestId('reset-link-sent').waitFor({ timeout: slowMs });
      await page.screenshot({ path: path.join(screenshots, '2-sent-fr-light.png'), fullPage: true });

      // The e-mail: in French, with a link to this cloud's portal whose token is in the fragment.
      // The demo's own notifications reach the simulator too: the reset e-mail is told by its subject.
      const subject = 'Choisissez un nouveau mot de passe ISMAIL';
      const resetMails = () => smtp.messages().filter((m) => m.subject === subject);
      const deadline = Date.now() + slowMs;
      while (resetMails().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      const [mail] = resetMails();
      expect(resetMails()).toHaveLength(1);
      expect(mail?.envelopeTo).toEqual([client]);
      const link = /(http\S+\/reset-password#token=[A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
      expect(link, mail?.text).toBeDefined();
      expect(link?.startsWith(`${demo.url}/reset-password#token=`)).toBe(true);

      // The link's page: the token leaves the address bar; the screen is checked in every look (it survives reloads).
      await page.goto(link ?? '');
      const resetReady = async (p: Page) =>
        p.getByLabel(/^Nouveau mot de passe$|^New password$/).waitFor({ timeout: slowMs });
      await resetReady(page);
      expect(page.url()).toBe(`${demo.url}/reset-password`);
      violations.push(...(await checkEveryLook(page, screenshots, '3-reset', resetReady)));
      await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(newPassword);
      await page.getByLabel('Nouveau mot de passe, encore une fois').fill(`${newPassword}!`);
      await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
      await page.getByText('Les deux mots de passe ne sont pas les mêmes.').waitFor({ timeout: slowMs });
      await page.screenshot({ path: path.join(screenshots, '4-mismatch-fr-light.png'), fullPage: true });
      expect(await signInApi(demo.url, demoPassword)).toBe(200);

      // The same password twice: set, and the client is signed in (the home screen, not sign-in).
      await page.getByLabel('Nouveau mot de passe, encore une fois').fill(newPassword);
      await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
      await page.waitForURL(`${demo.url}/`, { timeout: slowMs });
      await page.getByRole('heading', { name: 'Mon solde' }).waitFor({ timeout: slowMs });
      await page.screenshot({ path: path.join(screenshots, '5-signed-in-fr-light.png'), fullPage: true });
      expect(await signInApi(demo.url, demoPassword)).toBe(401);

      // A fresh phone signs in with the new password; the link opened again is dead.
      const other = await phoneContext(browser, 'fr', 'light');
      const phone = await other.newPage();
      await throttle(other, phone);
      await phone.goto(demo.url);
      await phone.getByLabel('Adresse e-mail').fill(client);
      await phone.getByLabel('Mot de passe').fill(newPassword);
      await phone.getByRole('button', { name: 'Se connecter' }).click();
      await phone.getByRole('heading', { name: 'Mon solde' }).waitFor({ timeout: slowMs });
      const deadPage = await other.newPage();
      await throttle(other, deadPage);
      await deadPage.goto(link ?? '');
      await deadPage.getByLabel('Nouveau mot de passe', { exact: true }).fill(`${newPassword} 2`);
      await deadPage.getByLabel('Nouveau mot de passe, encore une fois').fill(`${newPassword} 2`);
      await deadPage.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
      await deadPage.getByTestId('reset-link-dead').waitFor({ timeout: slowMs });
      expect(await deadPage.getByTestId('reset-link-dead').textContent()).toBe(
        "Ce lien n'est plus valable : demandez-en un nouveau.",
      );
      const deadReady = async (p: Page) =>
        p.getByRole('link', { name: /Demander un nouveau lien|Ask for a new link/ }).waitFor({ timeout: slowMs });
      violations.push(...(await checkEveryLook(deadPage, screenshots, '6-dead', deadReady)));
      expect(await signInApi(demo.url, newPassword)).toBe(200);
      expect(violations).toEqual([]);
    } finally {
      await browser?.close();
      demo.process.kill('SIGTERM');
      await exited(demo.process);
      await smtp.close();
    }
  });
});
