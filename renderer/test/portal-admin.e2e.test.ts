// The admins' portal screens end to end in Debian's Chromium, served by a real cloud (its built dist, demo data):
// the demo Super Admin signs in with the authenticator code on a 1280x800 laptop, opens a pending KYC
// case, views its photo (the audit entry is read back through the audit API), approves it (ISMAIL ID and card),
// simulates then applies a tariff change (read back through the tariffs API), rotates the card key and the card
// issued before still verifies (on screen and through the public verifier), and runs the chain and ledger checks.
// Every admin screen is photographed and passes axe in French and English, light and dark, on a 360x640 phone, and
// once more at 1280x800 (renderer/.test-output/screenshots/portal/admin).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { startDemoCloud, type DemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { checkEveryLook, phoneContext, privatePortalCopy, seriousViolations, throttle } from './portal-browser.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'admin');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const demoPassword = 'demo-ismail-2026';
/** The demo admins' TOTP secret (public: demo only, cloud/src/demo/accounts.ts). */
const demoTotp = new TOTP({
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  secret: Secret.fromBase32('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'),
});
const laptop = { width: 1280, height: 800 };

const portrait = (): Buffer => {
  const image = new PNG({ width: 32, height: 32 });
  image.data.fill(0x70);
  return PNG.sync.write(image);
};

/** A new client, pending, with a KYC case submitted for review (photo and ID document). Returns its name. */
async function pendingCase(demo: DemoCloud, firstName: string, lastName: string): Promise<{ photoId: string }> {
  const email = `admin-e2e-${randomUUID()}@test.ismail.ci`;
  const password = 'portail-admin-2026';
  const created = await fetch(`${demo.url}/v1/operator/accounts`, {
    method: 'POST',
    headers: demo.operator,
    body: JSON.stringify({ profile: 'client', email, password, firstName, lastName }),
  });
  expect(created.status).toBe(201);
  const signedIn = await fetch(`${demo.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const { accessToken } = (await signedIn.json()) as { accessToken: string };
  const auth = { authorization: `Bearer ${accessToken}` };
  const opened = await fetch(`${demo.url}/v1/kyc/cases`, { method: 'POST', headers: auth });
  const { caseId } = (await opened.json()) as { caseId: string };
  const put = async (kind: string, type: string, body: Buffer) =>
    fetch(`${demo.url}/v1/kyc/cases/${caseId}/documents/${kind}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': type },
      body: new Uint8Array(body),
    });
  const photo = await put('photo', 'image/png', portrait());
  expect(photo.status).toBe(201);
  const { documentId: photoId } = (await photo.json()) as { documentId: string };
  expect((await put('id_document', 'application/pdf', Buffer.from('%PDF-1.4\nE2E\n%%EOF\n'))).status).toBe(201);
  const submitted = await fetch(`${demo.url}/v1/kyc/cases/${caseId}/submit`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ consent: true, consentVersion: 'kyc-consent-2026-11' }),
  });
  expect(submitted.status, await submitted.clone().text()).toBe(200);
  return { photoId };
}

/** The cloud API with the browser's own admin session (the second factor passed once, in the sign-in screen). */
async function asBrowser(page: Page, demo: DemoCloud, url: string, body?: object): Promise<Response> {
  const token = await page.evaluate(
    () => (JSON.parse(localStorage.getItem('ismail.portal.session') ?? '{}') as { accessToken?: string }).accessToken,
  );
  return fetch(`${demo.url}${url}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token ?? ''}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const text = async (page: Page, testId: string): Promise<string> => {
  const found = page.getByTestId(testId);
  await found.waitFor({ timeout: slowMs });
  return ((await found.textContent()) ?? '').replace(/\s/g, ' ');
};

async function signInWithCode(page: Page, demo: DemoCloud): Promise<void> {
  await page.goto(demo.url);
  await page.getByLabel('Adresse e-mail').fill('super@demo.ismail.ci');
  await page.getByLabel('Mot de passe').fill(demoPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  const code = page.getByLabel("Code de l'application d'authentification");
  await code.waitFor({ timeout: slowMs });
  await code.fill(demoTotp.generate());
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByTestId('balance-credits').waitFor({ timeout: slowMs });
}

async function kycFlow(page: Page, demo: DemoCloud, photoId: string): Promise<string> {
  await page.goto(`${demo.url}/admin/kyc`);
  await page.getByRole('link', { name: /Adjoua Brou/ }).click({ timeout: slowMs });
  await page.getByRole('button', { name: 'Voir : Photo' }).click({ timeout: slowMs });
  await page.getByRole('img', { name: 'Photo du titulaire' }).waitFor({ timeout: slowMs });
  const reads = (await (
    await asBrowser(page, demo, `/v1/admin/audit?action=kyc.document_read&subjectId=${photoId}`)
  ).json()) as { entries: { actorLabel: string; subjectType: string }[] };
  expect(reads.entries).toHaveLength(1);
  expect(reads.entries[0]).toMatchObject({ actorLabel: 'super_admin', subjectType: 'kyc_document' });
  await page.getByLabel('Motif de la décision').fill('Pièces conformes, photo nette');
  await page.getByRole('button', { name: 'Approuver' }).click();
  const decided = await text(page, 'kyc-decided');
  // The decision stays on screen once the queue is read again without the case (it used to vanish then).
  await page.waitForLoadState('networkidle');
  expect(await page.getByTestId('kyc-decided').isVisible()).toBe(true);
  await page.screenshot({ path: path.join(screenshots, 'kyc-decided-wide.png'), fullPage: true });
  const ismailId = /CI\d{6}-[0-9A-Z]{4}-CL/.exec(decided)?.[0];
  expect(decided).toContain('Dossier approuvé');
  expect(ismailId).toBeDefined();
  return ismailId ?? '';
}

async function tariffFlow(page: Page, demo: DemoCloud): Promise<void> {
  await page.goto(`${demo.url}/admin/tariffs`);
  const tariff = page.getByTestId('tariff-service_purchase');
  await tariff.getByRole('button', { name: 'Modifier ce tarif' }).click({ timeout: slowMs });
  await tariff.getByLabel('Prix le plus bas (crédits)').fill('6');
  await tariff.getByLabel('Prix le plus haut (crédits)').fill('60');
  await tariff.getByLabel('Nombre d’opérations à simuler').fill('10');
  await tariff.getByRole('button', { name: 'Simuler' }).click();
  const simulation = ((await tariff.getByTestId('tariff-simulation').textContent()) ?? '').replace(/\s/g, ' ');
  expect(simulation).toContain('Coût de 10 opération(s)');
  expect(simulation).toMatch(/Avant\s*50,00 – 500,00/);
  expect(simulation).toMatch(/Après\s*60,00 – 600,00/);
  expect(simulation).toContain('+10,00 / +100,00');
  await tariff.getByRole('button', { name: 'Appliquer ce tarif' }).click();
  expect(await text(page, 'tariff-applied')).toContain('Tarif appliqué');
  const tariffs = (await (await asBrowser(page, demo, '/v1/admin/rates/tariffs')).json()) as {
    current: { code: string; minCredits: number; maxCredits: number }[];
  };
  expect(tariffs.current.find((t) => t.code === 'service_purchase')).toMatchObject({ minCredits: 6, maxCredits: 60 });
}

async function cardFlow(page: Page, demo: DemoCloud, ismailId: string): Promise<void> {
  await page.goto(`${demo.url}/admin/cards`);
  await page.getByLabel('Identifiant ISMAIL').fill(ismailId);
  await page.getByRole('button', { name: 'Chercher la carte' }).click();
  expect(await text(page, 'card-state')).toBe('Active');
  const card = (await (await asBrowser(page, demo, `/v1/admin/cards/by-ismail-id/${ismailId}`)).json()) as {
    token: string;
  };
  await page.getByRole('button', { name: 'Changer la clé…' }).click();
  await page.getByRole('button', { name: 'Oui, changer la clé' }).click();
  expect(await text(page, 'key-rotated')).toContain('Nouvelle clé en service');
  await page.getByRole('button', { name: 'Vérifier la carte' }).click();
  expect(await text(page, 'card-verified')).toBe('La carte est valide.');
  const verified = await fetch(`${demo.url}/v1/cards/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: card.token }),
  });
  expect(await verified.json()).toMatchObject({ outcome: 'valid', holder: { ismailId } });
}

async function checksFlow(page: Page, demo: DemoCloud): Promise<void> {
  await page.goto(`${demo.url}/admin/audit`);
  await page.getByRole('button', { name: 'Vérifier la chaîne' }).click({ timeout: slowMs });
  expect(await text(page, 'chain-result')).toContain('Chaîne intacte');
  await page.getByRole('button', { name: 'Lancer le contrôle' }).click();
  expect(await text(page, 'ledger-result')).toContain('Grand livre équilibré');
  await page.getByLabel('Type d’action').selectOption('key.');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  expect(await text(page, 'audit-entries')).toContain('key.rotated');
}

/** Every admin screen in the four looks on a phone, and in French light on a laptop. */
async function adminLooks(page: Page, demo: DemoCloud): Promise<string[]> {
  const found: string[] = [];
  const heading = (p: Page) => p.getByRole('heading', { level: 1 }).waitFor({ timeout: slowMs });
  const screens: [string, string, (p: Page) => Promise<unknown>][] = [
    ['home', '/admin', (p) => p.getByRole('link', { name: /Dossiers KYC|KYC cases/ }).waitFor({ timeout: slowMs })],
    ['kyc-queue', '/admin/kyc', (p) => p.getByTestId('kyc-queue').waitFor({ timeout: slowMs })],
    ['cards', '/admin/cards', (p) => p.getByRole('button', { name: /Chercher|Find/ }).waitFor({ timeout: slowMs })],
    ['tariffs', '/admin/tariffs', (p) => p.getByTestId('tariff-service_purchase').waitFor({ timeout: slowMs })],
    ['audit', '/admin/audit', (p) => p.getByTestId('audit-entries').waitFor({ timeout: slowMs })],
  ];
  for (const [name, url, ready] of screens) {
    await page.setViewportSize({ width: 360, height: 640 });
    await page.goto(`${demo.url}${url}`);
    await heading(page);
    found.push(...(await checkEveryLook(page, screenshots, name, ready)));
    await page.setViewportSize(laptop);
    await page.reload();
    await ready(page);
    await page.screenshot({ path: path.join(screenshots, `${name}-wide.png`), fullPage: true });
    found.push(...(await seriousViolations(page)).map((v) => `${name}-wide: ${v}`));
  }
  // A case page with its photo shown (each view audited, as above).
  await page.setViewportSize({ width: 360, height: 640 });
  await page.goto(`${demo.url}/admin/kyc`);
  await page.getByRole('link', { name: /Koffi Yao/ }).click({ timeout: slowMs });
  await page.getByRole('button', { name: 'Voir : Photo' }).click({ timeout: slowMs });
  await page.getByRole('img').waitFor({ timeout: slowMs });
  await page.screenshot({ path: path.join(screenshots, 'kyc-case-fr-light.png'), fullPage: true });
  found.push(...(await seriousViolations(page)).map((v) => `kyc-case: ${v}`));
  await page.setViewportSize(laptop);
  await page.screenshot({ path: path.join(screenshots, 'kyc-case-wide.png'), fullPage: true });
  found.push(...(await seriousViolations(page)).map((v) => `kyc-case-wide: ${v}`));
  return found;
}

describe.each(cloudDatabases.slice(-1))('portal admin screens in Chromium on $name', (database) => {
  it(
    'signs in with TOTP, reviews KYC with an audited viewer, simulates a tariff, rotates the card key',
    { timeout: 420_000 },
    async () => {
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-admin-'));
      const demo = await startDemoCloud(root, database, { PORTAL_DIR: privatePortalCopy(portalBuilt, root) });
      let browser: Browser | undefined;
      try {
        const { photoId } = await pendingCase(demo, 'Adjoua', 'Brou');
        await pendingCase(demo, 'Koffi', 'Yao');
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const context = await phoneContext(browser, 'fr', 'light');
        const page = await context.newPage();
        await page.setViewportSize(laptop);
        await throttle(context, page);
        await signInWithCode(page, demo);
        try {
          const ismailId = await kycFlow(page, demo, photoId);
          await tariffFlow(page, demo);
          await cardFlow(page, demo, ismailId);
          await checksFlow(page, demo);
        } catch (error) {
          await page.screenshot({ path: path.join(screenshots, 'failure.png'), fullPage: true });
          throw error;
        }
        const violations = await adminLooks(await context.newPage(), demo);
        expect(violations).toEqual([]);
      } finally {
        await browser?.close();
        demo.process.kill('SIGKILL');
        await exited(demo.process);
      }
    },
  );
});
