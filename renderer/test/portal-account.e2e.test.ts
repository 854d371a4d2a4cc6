// The portal's invoices, notifications and account security end to end in Debian's Chromium on
// a 360x640 phone over 3G, against a real cloud (its built dist, demo data) and the web push
// simulator of firmware-sim: a new client buys a product from the demo shop (the partner confirms,
// the cloud issues the invoice addressed to the client), finds it in the list, opens it and saves
// its PDF; the inbox receives a notification live over the WebSocket and the bell shows it unread;
// web push: a subscription with keys this test holds (headless Chromium reaches no real push
// service) receives the cloud's message, which decrypts to the French text, and the same message
// delivered to the page's service worker through the DevTools protocol is shown by it; the client
// changes the password (another session ends), enrols an authenticator with a code computed here
// with the library the cloud uses, and signs out another device. Every screen is photographed and
// passes axe in French and English, light and dark (renderer/.test-output/screenshots/portal/account).
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSubscription, startPushServiceSimulator } from '@ismail/firmware-sim';
import { startDemoCloud, type DemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { checkEveryLook, phoneContext, seriousViolations, throttle, typical3g } from './portal-browser.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'account');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const demoPassword = 'demo-ismail-2026';
const lastDatabase = cloudDatabases.at(-1);
// There is always one (the embedded PostgreSQL): a list without it is a broken test setup, said loudly.
if (lastDatabase === undefined) throw new Error('no cloud database to test on');
const database = lastDatabase;

async function call<T>(demo: DemoCloud, method: string, url: string, token: string | null, body?: unknown) {
  const response = await fetch(`${demo.url}${url}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: token.startsWith('Bearer ') ? token : `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      'idempotency-key': randomUUID(),
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: (text === '' ? {} : JSON.parse(text)) as T };
}

const signIn = async (demo: DemoCloud, email: string, password: string) => {
  const answer = await call<{ accessToken: string; refreshToken: string }>(demo, 'POST', '/v1/auth/sign-in', null, {
    email,
    password,
  });
  expect(answer.status).toBe(200);
  return answer.json.accessToken;
};

/** A new active client with 130 credits from the demo client, who buys one product the partner confirms. */
async function clientWithInvoice(demo: DemoCloud) {
  const email = `compte-${randomUUID()}@test.ismail.ci`;
  const password = 'compte-e2e-2026';
  const created = await call<{ id: string }>(demo, 'POST', '/v1/operator/accounts', demo.operator.authorization ?? '', {
    profile: 'client',
    email,
    password,
    firstName: 'Aya',
    lastName: 'Yao',
  });
  const headers = { authorization: demo.operator.authorization ?? '' };
  expect(created.status).toBe(201);
  const id = created.json.id;
  expect((await fetch(`${demo.url}/v1/operator/accounts/${id}/activate`, { method: 'POST', headers })).status).toBe(
    200,
  );
  const demoClient = await signIn(demo, 'client@demo.ismail.ci', demoPassword);
  const sent = await call(demo, 'POST', '/v1/wallet/transfers', demoClient, {
    toAccountId: id,
    amountCentiCredits: 13_000,
  });
  expect(sent.status).toBe(201);
  const token = await signIn(demo, email, password);
  const products = await call<{ products: { id: string; name: string }[] }>(
    demo,
    'GET',
    '/v1/shop/products?limit=50',
    token,
  );
  const product = products.json.products.find((p) => p.name === 'Attiéké frais 1 kg');
  expect(product).toBeDefined();
  const order = await call<{ id: string }>(demo, 'POST', '/v1/shop/orders', token, {
    items: [{ productId: product?.id, quantity: 1 }],
    delivery: 'pickup',
  });
  expect(order.status, JSON.stringify(order.json)).toBe(201);
  const partner = await signIn(demo, 'partenaire@demo.ismail.ci', demoPassword);
  const confirmed = await call(demo, 'POST', `/v1/shop/orders/${order.json.id}/confirm`, partner);
  expect(confirmed.status, JSON.stringify(confirmed.json)).toBe(200);
  return { id, email, password, token, demoClientId: demo.idOf('client@demo.ismail.ci') };
}

async function untilValue<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Where the walk is, with the time since it began: a slow step on a loaded machine is then named in the log. */
const startedMs = Date.now();
const step = (name: string) => {
  process.stderr.write(`portal-account: ${name} at ${String(Math.round((Date.now() - startedMs) / 1000))} s\n`);
};

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).waitFor({ timeout: slowMs });

describe('portal invoices, notifications and security (real cloud)', () => {
  it('walks invoices, live inbox, web push, password, authenticator and sessions', { timeout: 600_000 }, async () => {
    if (database === undefined) return;
    expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
    expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
    mkdirSync(screenshots, { recursive: true });
    const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-account-e2e-'));
    const push = await startPushServiceSimulator({ port: 0 });
    const caFile = path.join(root, 'push-ca.pem');
    writeFileSync(caFile, push.certificatePem);
    // A copy of the built portal: other suites rebuilding renderer/dist meanwhile cannot pull it from under the walk.
    const portalDir = path.join(root, 'portal');
    cpSync(path.dirname(portalBuilt), portalDir, { recursive: true });
    const demo = await startDemoCloud(root, database, {
      PORTAL_DIR: portalDir,
      ISMAIL_PUSH_TEST_SERVICE: push.url,
      ISMAIL_PUSH_TEST_SERVICE_CA: caFile,
    });
    let browser: Browser | undefined;
    try {
      const person = await clientWithInvoice(demo);
      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      const context = await phoneContext(browser, 'fr', 'light');
      await context.grantPermissions(['notifications'], { origin: demo.url });
      const page = await context.newPage();
      const setOffline = await throttle(context, page, typical3g);
      const violations: string[] = [];

      await page.goto(demo.url);
      await page.getByLabel('Adresse e-mail').fill(person.email);
      await page.getByLabel('Mot de passe').fill(person.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByTestId('balance-credits').waitFor({ timeout: slowMs });

      step('signed in');
      // Invoices: the one the shop issued to this client, its detail and its PDF.
      await page.getByRole('link', { name: 'Plus', exact: true }).click();
      await page.getByRole('link', { name: 'Mes factures', exact: true }).click();
      const list = page.getByTestId('invoices');
      await list.waitFor({ timeout: slowMs });
      const row = list.getByRole('listitem');
      await expect.poll(() => row.count(), { timeout: slowMs }).toBe(1);
      const rowText = (await row.first().textContent())?.replace(/\s/g, ' ') ?? '';
      expect(rowText).toContain('1 000 FCFA');
      expect(rowText).toContain('Émise');
      await row.first().getByRole('link').click();
      await page.getByTestId('invoice-lines').waitFor({ timeout: slowMs });
      expect(await page.getByTestId('invoice-lines').textContent()).toContain('Attiéké frais 1 kg');
      expect((await page.getByTestId('invoice-total').textContent())?.replace(/\s/g, ' ')).toBe('Total TTC1 000 FCFA');
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: slowMs }),
        page.getByRole('button', { name: 'Télécharger le PDF' }).click(),
      ]);
      const pdfPath = path.join(root, 'facture.pdf');
      await download.saveAs(pdfPath);
      expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
      expect(download.suggestedFilename()).toMatch(/\.pdf$/);
      const invoiceUrl = page.url();

      step('invoice saved');
      // Web push: a subscription this test can decrypt, registered through the cloud's API as the page would.
      const key = await call<{ publicKey: string }>(demo, 'GET', '/v1/notifications/push-key', null);
      const subscriber = browserSubscription(push.subscribe(key.json.publicKey).endpoint);
      const registered = await call(
        demo,
        'POST',
        '/v1/notifications/push-subscriptions',
        person.token,
        subscriber.json,
      );
      expect(registered.status).toBe(201);

      // The inbox is open when a large debit happens: it arrives live, and the bell counts it.
      await page.getByRole('link', { name: 'Plus', exact: true }).click();
      await page.getByRole('main').getByRole('link', { name: 'Notifications', exact: true }).click();
      await page.getByTestId('unread-count').waitFor({ timeout: slowMs });
      const debits = page.getByTestId('inbox').getByRole('listitem').filter({ hasText: 'Débit important' });
      expect(await debits.count()).toBe(0);
      const debit = await call(demo, 'POST', '/v1/wallet/transfers', person.token, {
        toAccountId: person.demoClientId,
        amountCentiCredits: 10_000,
      });
      expect(debit.status).toBe(201);
      await expect.poll(() => debits.count(), { timeout: slowMs }).toBe(1);
      const badge = page.getByTestId('unread-badge');
      const badgeCount = async () => ((await badge.count()) === 0 ? 0 : Number(await badge.textContent()));
      await expect.poll(badgeCount, { timeout: slowMs }).toBeGreaterThanOrEqual(1);
      const unread = await badgeCount();
      await debits
        .first()
        .getByRole('button', { name: /^Marquer comme lue/ })
        .click();
      await expect.poll(badgeCount, { timeout: slowMs }).toBe(unread - 1);

      step('live notification seen');
      // The push service received the cloud's message for that debit; it decrypts to the French text.
      const messages = await untilValue(
        () => push.messages(subscriber.json.endpoint),
        (m) => m.length > 0,
      );
      expect(messages.length).toBeGreaterThanOrEqual(1);
      const payload = subscriber.decrypt(messages[0]?.body ?? Buffer.alloc(0));
      const decrypted = JSON.parse(payload) as { title: string; body: string };
      expect(decrypted.title).toBe('Débit important');
      expect(decrypted.body).toContain('100,00');
      // In the holder's words, never the ledger's kind name ("transfer").
      expect(decrypted.body).toMatch(/ : transfert\.$/);
      await deliverToServiceWorker(page, demo.url, payload, decrypted.title);

      step('push shown by the service worker');
      await securityFlows(page, demo, person);

      step('security flows done');
      // Every screen in every look (network back to normal: the 3G walk is above).
      await setOffline(false);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      const shots: [string, string, (p: Page) => Promise<unknown>][] = [
        ['1-invoices', '/invoices', (p) => p.getByTestId('invoices').waitFor({ timeout: slowMs })],
        ['2-invoice', new URL(invoiceUrl).pathname, (p) => p.getByTestId('invoice-total').waitFor({ timeout: slowMs })],
        ['3-inbox', '/notifications', (p) => p.getByTestId('inbox').waitFor({ timeout: slowMs })],
        ['4-preferences', '/notifications/preferences', (p) => p.getByTestId('consent-history').waitFor()],
        [
          '5-security',
          '/account/security',
          // Enrolled above: the screen says the authenticator is on.
          async (p) => {
            await p.getByTestId('sessions').waitFor({ timeout: slowMs });
            await p.getByTestId('totp-on').waitFor({ timeout: slowMs });
          },
        ],
      ];
      // The preferences screen shows a consent history: give consent, then withdraw it, through the screen.
      await page.goto(`${demo.url}/notifications/preferences`);
      const consent = page.getByTestId('marketing-consent');
      await consent.waitFor({ timeout: slowMs });
      // The box follows the cloud's answer (a controlled input): click, then wait for the recorded state.
      await consent.click();
      await expect.poll(() => consent.isChecked(), { timeout: slowMs }).toBe(true);
      await consent.click();
      await expect
        .poll(() => page.getByTestId('consent-history').getByRole('listitem').count(), { timeout: slowMs })
        .toBe(2);
      expect(await page.getByTestId('consent-history').getByRole('listitem').first().textContent()).toContain('retiré');
      for (const [name, address, ready] of shots) {
        await page.goto(`${demo.url}${address}`);
        await heading(page);
        await ready(page);
        violations.push(...(await checkEveryLook(page, screenshots, name, ready)));
      }
      expect(violations).toEqual([]);
      await context.close();
    } finally {
      await browser?.close();
      demo.process.kill('SIGKILL');
      await exited(demo.process);
      await push.close();
    }
  });
});

/**
 * Delivers the push the cloud sent to the page's own service worker through the DevTools protocol
 * (ServiceWorker.deliverPushMessage): the worker shows it with its French title.
 */
async function deliverToServiceWorker(page: Page, origin: string, payload: string, title: string): Promise<void> {
  // Active, not only registered: a push delivered while the worker still installs (precaching every lazy screen, slow
  // on a loaded machine) is dropped, and nothing is shown.
  await page.waitForFunction(
    async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated',
    null,
    { timeout: slowMs },
  );
  const cdp = await page.context().newCDPSession(page);
  const registrationId = new Promise<string>((resolve, reject) => {
    setTimeout(() => reject(new Error('the service worker registration was not reported')), 30_000);
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event: { registrations: { registrationId: string }[] }) => {
      const first = event.registrations[0];
      if (first !== undefined) resolve(first.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId: await registrationId, data: payload });
  const shown = await untilValue(
    () =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        const shown = (await registration?.getNotifications()) ?? [];
        return shown.map((n) => ({ title: n.title, body: n.body }));
      }),
    (list) => list.length > 0,
    30_000,
  );
  expect(shown.map((n) => n.title)).toContain(title);
}

/** Password change (another session ends), authenticator enrolment, and signing out another device. */
async function securityFlows(page: Page, demo: DemoCloud, person: { email: string; password: string }): Promise<void> {
  const elsewhere = await signIn(demo, person.email, person.password);
  await page.getByRole('link', { name: 'Plus', exact: true }).click();
  await page.getByRole('link', { name: 'Sécurité du compte', exact: true }).click();
  await page.getByTestId('sessions').waitFor({ timeout: slowMs });

  // A wrong current password is refused in words; the right one changes it and ends the other session.
  const newPassword = 'nouveau-mot-de-passe-2026';
  await page.getByLabel('Mot de passe actuel').fill('pas-le-bon');
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(newPassword);
  await page.getByLabel('Nouveau mot de passe, encore une fois').fill(newPassword);
  await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
  await page.getByText("Le mot de passe actuel n'est pas le bon.").waitFor({ timeout: slowMs });
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel('Mot de passe actuel').fill(person.password);
  await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
  await page.getByTestId('password-changed').waitFor({ timeout: slowMs });
  expect((await call(demo, 'GET', '/v1/auth/sessions', elsewhere)).status).toBe(401);
  const old = await call(demo, 'POST', '/v1/auth/sign-in', null, { email: person.email, password: person.password });
  expect(old.status).toBe(401);

  // Another device signs in; "sign out the other devices" ends it.
  const other = await signIn(demo, person.email, newPassword);
  await page.reload();
  const sessions = page.getByTestId('sessions');
  await sessions.waitFor({ timeout: slowMs });
  await expect.poll(() => sessions.getByRole('listitem').count(), { timeout: slowMs }).toBe(2);
  expect(await sessions.textContent()).toContain('Firefox · Linux');
  expect(await sessions.textContent()).toContain('(cet appareil)');
  await page.getByRole('button', { name: 'Déconnecter les autres appareils' }).click();
  await page.getByTestId('others-ended').waitFor({ timeout: slowMs });
  await expect.poll(() => sessions.getByRole('listitem').count(), { timeout: slowMs }).toBe(1);
  expect((await call(demo, 'GET', '/v1/auth/sessions', other)).status).toBe(401);

  // The authenticator: its key is read from the screen, the code computed as the cloud does (otpauth).
  await page.getByRole('button', { name: 'Ajouter une application' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent({ timeout: slowMs })) ?? '';
  expect(await page.getByRole('img', { name: /Code QR à scanner/ }).isVisible()).toBe(true);
  const code = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate();
  await page.getByLabel('Code à 6 chiffres').fill(code);
  await page.getByRole('button', { name: 'Valider' }).click();
  await page.getByTestId('totp-enrolled').waitFor({ timeout: slowMs });
  const withoutCode = await call<{ error: { code: string } }>(demo, 'POST', '/v1/auth/sign-in', null, {
    email: person.email,
    password: newPassword,
  });
  expect(withoutCode.json.error.code).toBe('SECOND_FACTOR_CODE_REQUIRED');
}
