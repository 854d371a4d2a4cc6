// A partner's operations screens in the professional portal, in Debian's Chromium on a 360x640 phone and
// a 1280x800 laptop, against a real cloud (its built dist, demo data) on one database: the demo partner adds a staff
// member with "Créer" delegated (the cloud reads it back), changes their permissions and removes them after a
// confirmation; sees its hubs with their sync health and gets a pairing code for a new one, which pairs a hub through
// the cloud; creates a webhook pointing at a tiny HTTP server started here, sends a test event, and the server
// receives it signed with the secret shown once while the delivery shows in the log with its status code. Every
// screen is photographed and axe-checked in French and English, light and dark, and once more at laptop width.
import { createHmac, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'partner');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const database = cloudDatabases.at(-1);
const demoPassword = 'demo-ismail-2026';

async function signIn(demo: DemoCloud, email: string, password: string): Promise<Record<string, string>> {
  const response = await fetch(`${demo.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const { accessToken } = (await response.json()) as { accessToken: string };
  return { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
}

async function signInUi(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
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

/** The partner's system: records what it receives and answers 200. */
async function receiver(): Promise<{
  port: number;
  received: { body: string; signature: string; event: string }[];
  close: () => Promise<void>;
}> {
  const received: { body: string; signature: string; event: string }[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({
        body,
        signature: String(request.headers['x-ismail-signature']),
        event: String(request.headers['x-ismail-event']),
      });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('a partner’s staff, hubs and webhooks in Chromium (real cloud)', () => {
  it(
    'adds staff, registers a hub with a pairing code and proves a webhook with a signed test event',
    { timeout: 600_000 },
    async () => {
      expect(database, 'a test database').toBeDefined();
      if (database === undefined) return;
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-partner-'));
      const portalDir = path.join(root, 'portal');
      cpSync(path.dirname(portalBuilt), portalDir, { recursive: true });
      const hook = await receiver();
      // The operator's explicit allowance for this one local receiver (the default allows no private address).
      const demo = await startDemoCloud(root, database, {
        PORTAL_DIR: portalDir,
        ISMAIL_WEBHOOKS_ALLOW_PRIVATE_HOSTS: `127.0.0.1:${String(hook.port)}`,
      });
      let browser: Browser | undefined;
      try {
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const violations: string[] = [];
        const asPartner = await signIn(demo, 'partenaire@demo.ismail.ci', demoPassword);
        const me = (await (await fetch(`${demo.url}/v1/me`, { headers: asPartner })).json()) as { id: string };
        const context = await phoneContext(browser, 'fr', 'light');
        const page = await context.newPage();
        await throttle(context, page);
        await signInUi(page, demo.url, 'partenaire@demo.ismail.ci', demoPassword);

        // Staff: the demo cashier (caisse@) is listed; a new one is added with "Créer" delegated.
        await page.goto(`${demo.url}/menu`);
        await page.getByRole('link', { name: 'Personnel et droits' }).click();
        const staffList = page.getByTestId('staff-list');
        await staffList.getByText('caisse@demo.ismail.ci').waitFor({ timeout: slowMs });
        const email = `caisse-${randomUUID().slice(0, 8)}@test.ismail.ci`;
        await page.getByLabel('Prénom').fill('Koffi');
        await page.getByLabel('Nom', { exact: true }).fill('Yao');
        await page.getByLabel('Adresse e-mail').fill(email);
        await page.getByLabel('Mot de passe provisoire').fill('caisse-e2e-2026');
        await page.locator('#new-staff-write').check();
        await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
        const koffi = staffList.getByTestId('staff-member').filter({ hasText: 'Koffi Yao' });
        await koffi.waitFor({ timeout: slowMs });
        type Staff = { staff: { id: string; email: string; delegatedActions: string[] }[] };
        const readStaff = async () =>
          ((await (await fetch(`${demo.url}/v1/accounts/${me.id}/staff`, { headers: asPartner })).json()) as Staff)
            .staff;
        expect((await readStaff()).find((s) => s.email === email)?.delegatedActions).toEqual(['read', 'write']);
        const staffReady = async (p: Page) => p.getByTestId('staff-list').getByText(email).waitFor({ timeout: slowMs });
        violations.push(...(await checkEveryLook(page, screenshots, '1-staff', staffReady)));
        violations.push(...(await wide(page, '1-staff', staffReady)));
        // Their permissions changed in place, then they are removed after a confirmation.
        await koffi.getByRole('checkbox', { name: /^Modifier/ }).check();
        await koffi.getByRole('button', { name: 'Enregistrer les droits' }).click();
        await koffi.getByText('Droits enregistrés.').waitFor({ timeout: slowMs });
        expect((await readStaff()).find((s) => s.email === email)?.delegatedActions).toEqual([
          'read',
          'write',
          'modify',
        ]);
        await koffi.getByRole('button', { name: 'Retirer' }).click();
        await koffi.getByRole('alertdialog').waitFor({ timeout: slowMs });
        await page.screenshot({ path: path.join(screenshots, '2-staff-remove.png'), fullPage: true });
        violations.push(...(await seriousViolations(page)).map((v) => `2-staff-remove: ${v}`));
        await koffi.getByRole('button', { name: 'Oui, retirer' }).click();
        await koffi.waitFor({ state: 'detached', timeout: slowMs });
        expect((await readStaff()).some((s) => s.email === email)).toBe(false);

        // Hubs: the demo counter with its health; a new hub's pairing code, which pairs it through the cloud.
        await page.goto(`${demo.url}/menu`);
        await page.getByRole('link', { name: 'Hubs et appareils' }).click();
        const demoHub = page.getByTestId('hub').filter({ hasText: 'Caisse démo' });
        await demoHub.waitFor({ timeout: slowMs });
        expect(await demoHub.getByTestId('hub-health').textContent()).toMatch(
          /^(Jamais synchronisé|À jour|En retard)$/,
        );
        const hubsReady = async (p: Page) =>
          p.getByTestId('hub').filter({ hasText: 'Caisse démo' }).waitFor({ timeout: slowMs });
        violations.push(...(await checkEveryLook(page, screenshots, '3-hubs', hubsReady)));
        violations.push(...(await wide(page, '3-hubs', hubsReady)));
        await page.getByLabel('Nom du hub (ex. Caisse 2)').fill('Caisse 2');
        await page.getByRole('button', { name: "Obtenir un code d'appairage" }).click();
        await page.getByTestId('pairing-code').waitFor({ timeout: slowMs });
        const pairingCode = ((await page.getByTestId('pairing-code').textContent()) ?? '').replace(/\s/g, '');
        expect(pairingCode).toMatch(/^[A-HJKMNP-Z2-9]{10}$/);
        expect(await page.getByText(`Code : ${pairingCode.split('').join(' ')}`).count()).toBe(1);
        const newHub = page.getByTestId('hub').filter({ hasText: 'Caisse 2' });
        await newHub.waitFor({ timeout: slowMs });
        expect(await newHub.getByTestId('hub-health').textContent()).toBe("En attente d'appairage");
        await page.screenshot({ path: path.join(screenshots, '4-hub-code.png'), fullPage: true });
        violations.push(...(await seriousViolations(page)).map((v) => `4-hub-code: ${v}`));
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.screenshot({ path: path.join(screenshots, '4-hub-code-wide.png'), fullPage: true });
        await page.setViewportSize({ width: 360, height: 640 });
        const hubs = (await (await fetch(`${demo.url}/v1/partner/hubs`, { headers: asPartner })).json()) as {
          hubs: { id: string; name: string }[];
        };
        const hubId = hubs.hubs.find((h) => h.name === 'Caisse 2')?.id;
        const paired = await fetch(`${demo.url}/v1/hubs/pair`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ hubId, pairingCode, publicKey: { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) } }),
        });
        expect(paired.status, await paired.clone().text()).toBe(200);

        // Webhooks: one pointing at the receiver; its secret shown once; a test event arrives signed and is logged.
        await page.goto(`${demo.url}/menu`);
        await page.getByRole('link', { name: 'Webhooks' }).click();
        await page.getByText('Aucun webhook pour le moment.').waitFor({ timeout: slowMs });
        await page.getByLabel('Adresse (HTTPS)').fill(`http://127.0.0.1:${String(hook.port)}/ismail`);
        await page.getByRole('button', { name: 'Ajouter le webhook' }).click();
        await page.getByTestId('webhook-secret').waitFor({ timeout: slowMs });
        const secret = ((await page.getByTestId('webhook-secret').textContent()) ?? '').trim();
        expect(secret).toMatch(/^whsec_/);
        const card = page.getByTestId('webhook').first();
        await card.getByRole('button', { name: 'Envoyer un test' }).click();
        await card
          .getByTestId('delivery-log')
          .getByRole('listitem')
          .filter({ hasText: 'Livré' })
          .waitFor({ timeout: slowMs });
        expect(hook.received).toHaveLength(1);
        const [delivery] = hook.received;
        const [t, v1] = (delivery?.signature ?? '').split(',').map((part) => part.split('=')[1]);
        expect(v1).toBe(
          createHmac('sha256', secret)
            .update(`${t ?? ''}.${delivery?.body ?? ''}`)
            .digest('hex'),
        );
        expect(delivery?.event).toBe('webhook.test');
        const logged = ((await card.getByTestId('delivery-log').textContent()) ?? '').replace(/\s/g, ' ');
        expect(logged).toContain('Événement de test');
        expect(logged).toContain('code 200');
        expect(logged).toContain('tentatives : 1');
        const webhooksReady = async (p: Page) =>
          p.getByTestId('delivery-log').getByRole('listitem').first().waitFor({ timeout: slowMs });
        violations.push(...(await checkEveryLook(page, screenshots, '5-webhooks', webhooksReady)));
        violations.push(...(await wide(page, '5-webhooks', webhooksReady)));
        // The secret is not shown again once the screen is left.
        expect(await page.getByText(secret).count()).toBe(0);
        await context.close();
        expect(violations).toEqual([]);
      } finally {
        await browser?.close();
        demo.process.kill('SIGKILL');
        await exited(demo.process);
        await hook.close();
      }
    },
  );
});
