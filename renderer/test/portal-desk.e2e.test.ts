// The agency chief's ID desk end to end in Debian's Chromium, served by a real cloud (its built dist, demo data): a
// client's KYC is approved through the admin API and their printed card PNG (rendered by the cloud) becomes the fake
// camera's video (a Y4M written here). The demo agency chief signs in on a 360x640 phone, opens the
// camera on /desk: the card reads valid with the holder's ID, role and status; the card is revoked through the admin
// API and the same card scanned again is refused with its reason; the ID typed in lower case with look-alikes is
// refused for the same reason; the desk's log is read back through the API. /desk and /desk/team are photographed
// and pass axe in the four looks on a phone, and once at 1280x800 (renderer/.test-output/screenshots/portal/desk).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { startDemoCloud, type DemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { checkEveryLook, privatePortalCopy, seriousViolations, throttle } from './portal-browser.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'desk');
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

/*
 * A tiny YUV4MPEG2 (C420) writer for Chromium's fake camera (`--use-file-for-fake-video-capture`): the printed card
 * PNG the cloud renders, scaled by area averaging into a white frame of the camera's size, repeated a few times
 * (Chromium loops the file). BT.601 full-range conversion: a QR only needs its dark and light modules apart.
 */
interface Y4mOptions {
  readonly width: number;
  readonly height: number;
  readonly frames: number;
}

/** The frame's luma (Y) and the grey chroma planes of an RGBA image fitted into width x height on white. */
function lumaOfFitted(png: PNG, width: number, height: number): Uint8Array {
  const luma = new Uint8Array(width * height).fill(255);
  const scale = Math.min((width * 0.9) / png.width, (height * 0.9) / png.height);
  const drawnW = Math.floor(png.width * scale);
  const drawnH = Math.floor(png.height * scale);
  const left = Math.floor((width - drawnW) / 2);
  const top = Math.floor((height - drawnH) / 2);
  for (let y = 0; y < drawnH; y++) {
    const y0 = Math.floor(y / scale);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) / scale));
    for (let x = 0; x < drawnW; x++) {
      const x0 = Math.floor(x / scale);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) / scale));
      let sum = 0;
      let count = 0;
      for (let sy = y0; sy < y1 && sy < png.height; sy++) {
        for (let sx = x0; sx < x1 && sx < png.width; sx++) {
          const i = (sy * png.width + sx) * 4;
          const alpha = (png.data[i + 3] ?? 255) / 255;
          const grey = 0.299 * (png.data[i] ?? 0) + 0.587 * (png.data[i + 1] ?? 0) + 0.114 * (png.data[i + 2] ?? 0);
          sum += grey * alpha + 255 * (1 - alpha);
          count++;
        }
      }
      luma[(top + y) * width + left + x] = Math.round(sum / Math.max(1, count));
    }
  }
  return luma;
}

/** A Y4M file showing `pngBytes` still, in grey (the fake camera needs no colour to read a QR). */
function y4mOfPng(pngBytes: Buffer, options: Y4mOptions): Buffer {
  const { width, height, frames } = options;
  if (width % 2 !== 0 || height % 2 !== 0) throw new RangeError('C420 needs even dimensions');
  const luma = lumaOfFitted(PNG.sync.read(pngBytes), width, height);
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), Buffer.from(luma), chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${String(width)} H${String(height)} F10:1 Ip A1:1 C420\n`);
  return Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]);
}

async function signIn(demo: DemoCloud, email: string, password: string, totp = false): Promise<Record<string, string>> {
  const response = await fetch(`${demo.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, ...(totp ? { totpCode: demoTotp.generate() } : {}) }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const { accessToken } = (await response.json()) as { accessToken: string };
  return { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
}

const portrait = (): Buffer => {
  const image = new PNG({ width: 32, height: 32 });
  image.data.fill(0x70);
  return PNG.sync.write(image);
};

/** A client approved by the super admin: their card id, ISMAIL ID and printed card PNG. */
async function approvedClient(demo: DemoCloud, admin: Record<string, string>) {
  const email = `desk-e2e-${randomUUID()}@test.ismail.ci`;
  const password = 'portail-guichet-2026';
  const created = await fetch(`${demo.url}/v1/operator/accounts`, {
    method: 'POST',
    headers: demo.operator,
    body: JSON.stringify({ profile: 'client', email, password, firstName: 'Mariam', lastName: 'Koné' }),
  });
  expect(created.status).toBe(201);
  const auth = await signIn(demo, email, password);
  const { caseId } = (await (
    await fetch(`${demo.url}/v1/kyc/cases`, { method: 'POST', headers: { authorization: auth.authorization ?? '' } })
  ).json()) as {
    caseId: string;
  };
  for (const [kind, type, body] of [
    ['photo', 'image/png', portrait()],
    ['id_document', 'application/pdf', Buffer.from('%PDF-1.4\nE2E\n%%EOF\n')],
  ] as const) {
    const put = await fetch(`${demo.url}/v1/kyc/cases/${caseId}/documents/${kind}`, {
      method: 'PUT',
      headers: { authorization: auth.authorization ?? '', 'content-type': type },
      body: new Uint8Array(body),
    });
    expect(put.status, await put.clone().text()).toBe(201);
  }
  const submitted = await fetch(`${demo.url}/v1/kyc/cases/${caseId}/submit`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ consent: true, consentVersion: 'kyc-consent-2026-11' }),
  });
  expect(submitted.status, await submitted.clone().text()).toBe(200);
  const decided = await fetch(`${demo.url}/v1/admin/kyc/cases/${caseId}/decision`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ approve: true, reason: 'pièces conformes' }),
  });
  expect(decided.status, await decided.clone().text()).toBe(200);
  const card = (await (await fetch(`${demo.url}/v1/cards/mine`, { headers: auth })).json()) as {
    cardId: string;
    ismailId: string;
  };
  const png = Buffer.from(
    await (await fetch(`${demo.url}/v1/cards/mine/export?format=png`, { headers: auth })).arrayBuffer(),
  );
  return { ...card, png };
}

/**
 * The phone context: camera granted, French, service workers blocked (each page load reaches the cloud, so the
 * page runs under the cloud's own CSP, whose 'wasm-unsafe-eval' the polyfill's ZXing needs to start).
 */
async function deskContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
    serviceWorkers: 'block',
    permissions: ['camera'],
  });
  context.setDefaultNavigationTimeout(slowMs);
  context.setDefaultTimeout(slowMs);
  await context.addInitScript(() => {
    if (localStorage.getItem('ismail.portal.language') === null) localStorage.setItem('ismail.portal.language', 'fr');
  });
  return context;
}

const verdict = (page: Page, words: string) => page.getByTestId('verdict').filter({ hasText: words });

async function deskFlow(
  page: Page,
  demo: DemoCloud,
  admin: Record<string, string>,
  client: { cardId: string; ismailId: string },
) {
  await page.goto(demo.url);
  await page.getByLabel('Adresse e-mail').fill('chef@demo.ismail.ci');
  await page.getByLabel('Mot de passe').fill(demoPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByTestId('balance-credits').waitFor({ timeout: slowMs });
  await page.goto(`${demo.url}/desk`);
  await page.getByRole('heading', { name: 'Guichet d’identité', level: 1 }).waitFor();

  await page.getByRole('button', { name: 'Ouvrir la caméra' }).click();
  const valid = verdict(page, 'Carte valide');
  await valid.waitFor({ timeout: slowMs });
  const shown = ((await valid.textContent()) ?? '').replace(/\s+/g, ' ');
  expect(shown).toContain(client.ismailId);
  expect(shown).toContain('Mariam Koné');
  expect(shown).toContain('Client');
  expect(shown).toContain('actif');
  await page.getByRole('img', { name: 'Photo de Mariam Koné' }).waitFor();
  await page.screenshot({ path: path.join(screenshots, 'verdict-valid-fr-light.png'), fullPage: true });

  const revoked = await fetch(`${demo.url}/v1/admin/cards/${client.cardId}/revoke`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ reason: 'carte déclarée perdue' }),
  });
  expect(revoked.status).toBe(200);
  await page.getByRole('button', { name: 'Ouvrir la caméra' }).click();
  const refused = verdict(page, 'Refusée');
  await refused.waitFor({ timeout: slowMs });
  expect(await page.getByTestId('verdict-reason').textContent()).toBe('Carte révoquée.');
  await page.screenshot({ path: path.join(screenshots, 'verdict-revoked-fr-light.png'), fullPage: true });

  // Typed in lower case with O for 0 and L for 1: read as the same ID, refused for the same reason.
  const typed = client.ismailId.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
  await page.getByLabel('Ou tapez l’identifiant ISMAIL').fill(typed);
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await expect.poll(async () => page.getByTestId('desk-log').locator('li').count(), { timeout: slowMs }).toBe(3);
  expect(await page.getByTestId('verdict-reason').textContent()).toBe('Carte révoquée.');

  const chief = await signIn(demo, 'chef@demo.ismail.ci', demoPassword);
  const log = (await (await fetch(`${demo.url}/v1/desk/checks`, { headers: chief })).json()) as {
    checks: { ismailId: string; outcome: string; reason: string | null; place: string }[];
  };
  expect(log.checks.slice(0, 3).map((c) => [c.ismailId, c.outcome, c.reason])).toEqual([
    [client.ismailId, 'refused', 'REVOKED'],
    [client.ismailId, 'refused', 'REVOKED'],
    [client.ismailId, 'valid', null],
  ]);
}

async function deskLooks(page: Page, demo: DemoCloud): Promise<string[]> {
  const found: string[] = [];
  const screens: [string, string, (p: Page) => Promise<unknown>][] = [
    ['desk', '/desk', (p) => p.getByTestId('desk-log').locator('li').first().waitFor({ timeout: slowMs })],
    ['team', '/desk/team', (p) => p.getByTestId('team-tree').locator('li').first().waitFor({ timeout: slowMs })],
  ];
  for (const [name, url, ready] of screens) {
    await page.setViewportSize({ width: 360, height: 640 });
    await page.goto(`${demo.url}${url}`);
    await ready(page);
    found.push(...(await checkEveryLook(page, screenshots, name, ready)));
    await page.setViewportSize(laptop);
    await page.reload();
    await ready(page);
    await page.screenshot({ path: path.join(screenshots, `${name}-wide.png`), fullPage: true });
    found.push(...(await seriousViolations(page)).map((v) => `${name}-wide: ${v}`));
  }
  return found;
}

describe.each(cloudDatabases.slice(-1))('portal ID desk in Chromium on $name', (database) => {
  it(
    'verifies a printed card from the camera, then refuses it once revoked, each with its reason',
    { timeout: 420_000 },
    async () => {
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-desk-'));
      const demo = await startDemoCloud(root, database, { PORTAL_DIR: privatePortalCopy(portalBuilt, root) });
      let browser: Browser | undefined;
      try {
        const admin = await signIn(demo, 'super@demo.ismail.ci', demoPassword, true);
        const client = await approvedClient(demo, admin);
        const video = path.join(root, 'card.y4m');
        writeFileSync(video, y4mOfPng(client.png, { width: 1280, height: 720, frames: 3 }));
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--use-fake-ui-for-media-stream',
            '--use-fake-device-for-media-stream',
            `--use-file-for-fake-video-capture=${video}`,
          ],
        });
        const context = await deskContext(browser);
        const page = await context.newPage();
        await throttle(context, page);
        try {
          await deskFlow(page, demo, admin, client);
        } catch (error) {
          await page.screenshot({ path: path.join(screenshots, 'failure.png'), fullPage: true });
          throw error;
        }
        // The looks on a page of their own: the flow above already walked the desk.
        expect(await deskLooks(await context.newPage(), demo)).toEqual([]);
      } finally {
        await browser?.close();
        demo.process.kill('SIGKILL');
        await exited(demo.process);
      }
    },
  );
});
