// Onboarding and My card end to end, on each test database, in Debian's Chromium on a 360x640
// phone over 3G, against a real cloud (its built dist, demo data) and a real hub paired with
// it: a newcomer opens "Créer un compte" from the sign-in screen, creates a client account, sends
// the ID document, the selfie and the proof of address from files (a JPEG and PNGs drawn in the
// browser's canvas), consents; the status page says it is reviewed; an admin (second factor)
// approves through the API; the page shows the ISMAIL ID; My card shows the card and a dynamic QR
// whose code the hub's card check accepts once and refuses as REPLAYED the second time; the
// checks show in the card's history. Offline, the card opens from this device's copy, and a
// dynamic code past its end is never shown: the printed card's code is. On one database every
// screen is photographed and axe-checked in French and English, light and dark.
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startDemoCloud, type DemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited, waitForHttp } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import {
  checkEveryLook,
  phoneContext,
  seriousViolations,
  throttle,
  privatePortalCopy,
  typical3g,
} from './portal-browser.js';
import { chromiumPath, launchChromium, startHub, untilSynced } from './support/counter-stack.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'onboarding');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
/** The database whose run photographs every screen in the four looks (the others walk the flow only). */
const photographed = cloudDatabases.at(-1)?.name;

/** RFC 6238 code of the demo admins' published secret (demo only), as an authenticator app shows it. */
function demoTotp(atMs = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP') bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)?.map((b) => parseInt(b, 2)) ?? []);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** Pairs the hub with the demo cloud and waits for its card keys and revocation list; answers its admin headers. */
async function pairedHub(demo: DemoCloud, root: string, hubUrl: string): Promise<Record<string, string>> {
  await waitForHttp(`${hubUrl}/health`, 30_000);
  const registered = await demo.registerHub('Guichet Plateau');
  const admin = {
    authorization: `Bearer ${readFileSync(path.join(root, 'hub', 'hub', 'admin-token'), 'utf8').trim()}`,
    'content-type': 'application/json',
  };
  const paired = await fetch(`${hubUrl}/api/v1/pairing`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ hubId: registered.hub.id, pairingCode: registered.pairingCode }),
  });
  expect(paired.status).toBe(200);
  await untilSynced(hubUrl, true);
  return admin;
}

/** Approves the newcomer's case as the demo admin, signed in with the second factor. */
async function approve(demo: DemoCloud, clientToken: string): Promise<void> {
  const mine = (await (
    await fetch(`${demo.url}/v1/kyc/cases/mine`, { headers: { authorization: `Bearer ${clientToken}` } })
  ).json()) as { case: { caseId: string; state: string } };
  expect(mine.case.state).toBe('in_review');
  const signIn = await fetch(`${demo.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.ismail.ci', password: 'demo-ismail-2026', totpCode: demoTotp() }),
  });
  expect(signIn.status, await signIn.clone().text()).toBe(200);
  const { accessToken } = (await signIn.json()) as { accessToken: string };
  const decided = await fetch(`${demo.url}/v1/admin/kyc/cases/${mine.case.caseId}/decision`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ approve: true, reason: 'pièces conformes à la personne' }),
  });
  expect(decided.status, await decided.clone().text()).toBe(200);
}

/** Small real images drawn in the page's canvas: a sharp, bright pattern with a little text. */
async function drawnImage(page: Page, type: 'image/jpeg' | 'image/png', label: string): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    ([mime, text]) => {
      const canvas = document.createElement('canvas');
      canvas.width = 320;
      canvas.height = 200;
      const g = canvas.getContext('2d');
      if (g === null) return '';
      g.fillStyle = '#f4f1e8';
      g.fillRect(0, 0, 320, 200);
      g.fillStyle = '#1a2a44';
      for (let x = 0; x < 320; x += 16)
        for (let y = 0; y < 200; y += 16) if ((x + y) % 32 === 0) g.fillRect(x, y, 8, 8);
      g.font = 'bold 28px sans-serif';
      g.fillText(text, 20, 110);
      return canvas.toDataURL(mime, 0.9);
    },
    [type, label] as const,
  );
  return Buffer.from(dataUrl.split(',')[1] ?? '', 'base64');
}

const progress = (page: Page, step: number) =>
  page.locator(`[data-testid="sign-up-progress"][data-step="${String(step)}"]`).waitFor({ timeout: slowMs });

/** One document step: the file chosen, its feedback read, sent with its progress, then on. */
async function sendDocument(
  page: Page,
  input: string,
  file: { name: string; mimeType: string; buffer: Buffer },
): Promise<void> {
  await page.getByTestId(input).setInputFiles(file);
  const feedback = page.getByTestId('file-feedback');
  await feedback.filter({ hasText: file.name }).waitFor({ timeout: slowMs });
  await page.getByRole('button', { name: /^Envoyer/ }).click();
  await page.getByText('Reçu par ISMAIL.').waitFor({ timeout: slowMs });
  await page.getByRole('button', { name: 'Continuer' }).click();
}

describe.each(cloudDatabases)('portal onboarding and my card (real cloud and hub) on $name', (database) => {
  it(
    'signs up with KYC from files, is approved, shows the card with a dynamic QR the hub accepts once, and opens offline',
    { timeout: 600_000 },
    async () => {
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      const photos = database.name === photographed;
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-onboarding-e2e-'));
      const demo = await startDemoCloud(root, database, { PORTAL_DIR: privatePortalCopy(portalBuilt, root) });
      const { hub, hubUrl } = await startHub(root, demo.url, { HUB_CARD_TRUST_PULL_S: '2' });
      const browser = await launchChromium();
      try {
        const hubAdmin = pairedHub(demo, root, hubUrl);
        hubAdmin.catch(() => undefined);
        const context = await phoneContext(browser, 'fr', 'light');
        let page = await context.newPage();
        let setOffline = await throttle(context, page, typical3g);
        await sayLaterToUpdates(page);
        const violations: string[] = [];
        const look = async (name: string, ready: (p: Page) => Promise<unknown>) => {
          if (photos) violations.push(...(await checkEveryLook(page, screenshots, name, ready)));
        };

        await page.goto(demo.url);
        await page.getByRole('link', { name: 'Créer un compte' }).click();
        await progress(page, 1);
        await look('1-sign-up-identity', (p) => progress(p, 1));
        await page.getByLabel('Prénom').fill('Mariam');
        await page.getByLabel('Nom', { exact: true }).fill('Diabaté');
        await page.getByLabel('Adresse e-mail').fill(`mariam-${randomUUID()}@test.ismail.ci`);
        await page.getByLabel(/^Mot de passe/).fill('inscription-e2e-2026');
        await page.getByRole('button', { name: 'Créer mon compte' }).click();
        await progress(page, 2);
        await look('2-sign-up-id-document', (p) => p.getByTestId('file-id_document').waitFor({ state: 'attached' }));

        const idJpeg = await drawnImage(page, 'image/jpeg', 'CNI CI0012345');
        await page.getByTestId('file-id_document').setInputFiles({
          name: 'cni.jpg',
          mimeType: 'image/jpeg',
          buffer: idJpeg,
        });
        await page.getByText('Photo nette et bien éclairée.').waitFor({ timeout: slowMs });
        if (photos) {
          await page.screenshot({
            path: path.join(screenshots, '2-sign-up-file-checked-fr-light.png'),
            fullPage: true,
          });
          violations.push(...(await seriousViolations(page)).map((v) => `file checked: ${v}`));
        }
        await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
        await page.getByText('Reçu par ISMAIL.').waitFor({ timeout: slowMs });
        await page.getByRole('button', { name: 'Continuer' }).click();
        await progress(page, 3);
        const selfie = await drawnImage(page, 'image/png', 'SELFIE');
        await sendDocument(page, 'camera-photo', { name: 'selfie.png', mimeType: 'image/png', buffer: selfie });
        await progress(page, 4);
        const proof = await drawnImage(page, 'image/png', 'FACTURE CIE');
        await sendDocument(page, 'file-proof_of_address', { name: 'cie.png', mimeType: 'image/png', buffer: proof });
        await progress(page, 5);
        await look('3-sign-up-consent', (p) =>
          p.locator('[data-testid="consent-form"][data-checking="false"]').waitFor(),
        );
        await page.getByRole('checkbox').check();
        await page.getByRole('button', { name: 'Envoyer mon dossier' }).click();

        const state = page.getByTestId('kyc-state');
        await state.and(page.locator('[data-state="in_review"]')).waitFor({ timeout: slowMs });
        await look('4-kyc-in-review', (p) => p.locator('[data-state="in_review"]').waitFor({ timeout: slowMs }));

        const clientToken = await page.evaluate(
          () =>
            (JSON.parse(localStorage.getItem('ismail.portal.session') ?? '{}') as { accessToken: string }).accessToken,
        );
        await approve(demo, clientToken);
        await page.reload();
        await state.and(page.locator('[data-state="approved"]')).waitFor({ timeout: slowMs });
        const ismailId = (await page.getByTestId('ismail-id').textContent()) ?? '';
        expect(ismailId).toMatch(/^CI\d{6}-[0-9A-Z]{4}-CL$/);
        expect(await page.getByRole('status').first().textContent()).toContain('Votre identité est vérifiée');
        await look('5-kyc-approved', (p) => p.getByTestId('ismail-id').waitFor({ timeout: slowMs }));

        await page.getByRole('link', { name: 'Voir ma carte' }).click();
        await cardAndHub(page, demo, hubUrl, await hubAdmin, ismailId);
        // Offline first, then the card's four looks on the reopened app.
        ({ page, setOffline } = await offlineCard(context, page, demo.url));
        await setOffline(false);
        await look('6-card', (p) =>
          p.locator('[data-testid="card-qr"][data-form="dynamic"]').waitFor({ timeout: slowMs }),
        );
        await context.close();
        expect(violations).toEqual([]);
      } finally {
        await browser.close();
        hub.kill('SIGKILL');
        demo.process.kill('SIGKILL');
        await Promise.all([exited(hub), exited(demo.process)]);
      }
    },
  );
});

/**
 * My card: the face with the ISMAIL ID, a dynamic QR with its countdown; the code read from the
 * page is accepted once by the hub's card check and refused as REPLAYED the second time; a check
 * at the cloud shows in the card's history.
 */
async function cardAndHub(
  page: Page,
  demo: DemoCloud,
  hubUrl: string,
  hubAdmin: Record<string, string>,
  ismailId: string,
): Promise<void> {
  const qr = page.locator('[data-testid="card-qr"][data-form="dynamic"]');
  await qr.waitFor({ timeout: slowMs });
  expect(await page.getByTestId('card-ismail-id').textContent()).toBe(ismailId);
  expect(await page.getByTestId('qr-countdown').textContent()).toMatch(/^Nouveau code dans [0-2]:\d{2}$/);
  const token = (await qr.getAttribute('data-token')) ?? '';
  const check = async () =>
    (await (
      await fetch(`${hubUrl}/api/v1/cards/verify`, {
        method: 'POST',
        headers: hubAdmin,
        body: JSON.stringify({ token }),
      })
    ).json()) as { ok: boolean; ismailId?: string; kind?: string; reason?: string };
  expect(await check()).toMatchObject({ ok: true, ismailId, kind: 'dyn' });
  expect(await check()).toMatchObject({ ok: false, reason: 'REPLAYED' });

  const cloudCheck = await fetch(`${demo.url}/v1/cards/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: await cardToken(page), place: 'Contrôle Plateau' }),
  });
  expect(((await cloudCheck.json()) as { outcome: string }).outcome).toBe('valid');
  await page.reload();
  const history = page.getByTestId('card-history');
  await history.filter({ hasText: 'Contrôle Plateau' }).waitFor({ timeout: slowMs });
  expect(await history.textContent()).toContain('Acceptée');
}

/** The printed card's code, as the cloud gives it to its holder. */
async function cardToken(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const session = JSON.parse(localStorage.getItem('ismail.portal.session') ?? '{}') as { accessToken: string };
    const answer = await fetch('/v1/cards/mine', { headers: { authorization: `Bearer ${session.accessToken}` } });
    return ((await answer.json()) as { token: string }).token;
  });
}

/** The shell's "new version" prompt can cover the step's buttons on a phone: say "later" whenever it does. */
async function sayLaterToUpdates(page: Page): Promise<void> {
  await page.addLocatorHandler(page.getByRole('button', { name: /^(Plus tard|Later)$/ }), async (later) => {
    await later.click();
  });
}

/**
 * Offline: the person closes the app, and reopens it five minutes later without a network. The card opens from
 * this device's copy, marked offline; the kept dynamic code (two minutes) has ended, so the printed card's code is
 * shown instead. Answers the reopened page and its network switch.
 *
 * The app is closed before the phone's clock moves on and reopened in a new page: an earlier version reloaded the
 * same page after moving the clock and, under load, 1 time in 10 the reload showed « Chargement… » with the kept
 * copy emptied (not understood; the diagnostics below list every read, write and removal of the copy).
 */
async function offlineCard(
  context: BrowserContext,
  page: Page,
  cloudUrl: string,
): Promise<{ page: Page; setOffline: (offline: boolean) => Promise<void> }> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const keptBefore = await page.evaluate(keptCopy);
  await page.close();
  await context.setOffline(true);
  await context.clock.install({ time: new Date(Date.now() + 5 * 60_000) });
  const reopened = await context.newPage();
  const setOffline = await throttle(context, reopened, typical3g);
  await setOffline(true);
  await sayLaterToUpdates(reopened);
  await reopened.addInitScript(() => {
    const key = 'ismail.portal.cache';
    const entries: unknown[] = [];
    (window as unknown as { ismailCacheLog: unknown[] }).ismailCacheLog = entries;
    const log = (op: string, chars: number) => {
      const stack = (new Error().stack ?? '').split('\n').slice(2, 5).join(' | ');
      entries.push({ op, chars, at: Date.now(), stack: stack.slice(0, 400) });
    };
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call(this) below
    const { getItem, setItem, removeItem } = Storage.prototype;
    Storage.prototype.getItem = function (this: Storage, name: string) {
      const value = getItem.call(this, name);
      if (this === localStorage && name === key) log('get', value?.length ?? -1);
      return value;
    };
    Storage.prototype.setItem = function (this: Storage, name: string, value: string) {
      if (this === localStorage && name === key) log('set', value.length);
      setItem.call(this, name, value);
    };
    Storage.prototype.removeItem = function (this: Storage, name: string) {
      if (this === localStorage && name === key) log('remove', 0);
      removeItem.call(this, name);
    };
  });
  const messages: string[] = [];
  reopened.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') messages.push(message.text().slice(0, 300));
  });
  await reopened.goto(`${cloudUrl}/card`);
  await reopened
    .getByTestId('card-face')
    .waitFor({ timeout: slowMs })
    .catch(async (error: unknown) => {
      // What the page showed, for the CI log: its text, whether the service worker served it, the kept copy.
      const state = await reopened.evaluate(() => ({
        text: document.body.innerText.slice(0, 300),
        path: location.pathname,
        controlled: navigator.serviceWorker.controller !== null,
        session: localStorage.getItem('ismail.portal.session') !== null,
        cacheLog: (window as unknown as { ismailCacheLog?: unknown[] }).ismailCacheLog ?? [],
      }));
      const keptAfter = await reopened.evaluate(keptCopy);
      throw new Error(
        `the card did not open offline: ${JSON.stringify({ ...state, keptBefore, keptAfter, messages })}`,
        { cause: error },
      );
    });
  await reopened.getByTestId('offline-mark').waitFor({ timeout: slowMs });
  await reopened.getByTestId('qr-static').waitFor({ timeout: slowMs });
  expect(await reopened.locator('[data-testid="card-qr"]').getAttribute('data-form')).toBe('printed');
  expect(await reopened.locator('[data-form="dynamic"]').count()).toBe(0);
  return { page: reopened, setOffline };
}

/** The offline copy of server data on this device: its size, when it was written, and which answers it holds. */
function keptCopy(): { chars: number; timestamp?: number; nowMs: number; keys?: string[] } {
  const raw = localStorage.getItem('ismail.portal.cache');
  if (raw === null) return { chars: 0, nowMs: Date.now() };
  try {
    const kept = JSON.parse(raw) as {
      timestamp: number;
      clientState: { queries: { queryKey: unknown; state: { status: string } }[] };
    };
    return {
      chars: raw.length,
      timestamp: kept.timestamp,
      nowMs: Date.now(),
      keys: kept.clientState.queries.map((q) => `${JSON.stringify(q.queryKey)}:${q.state.status}`),
    };
  } catch {
    return { chars: raw.length, nowMs: Date.now() };
  }
}
