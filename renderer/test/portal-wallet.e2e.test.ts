// The portal's wallet end to end in Debian's Chromium on a 360x640 phone over slow 3G, served by a real cloud (its
// built dist, demo data) wired to the Wave, MTN MoMo and Orange Money simulators, each told to deliver its
// notification twice: a new client tops up 1,000 FCFA with each (Wave's and Orange's pages and back, MoMo's "approve
// on your phone" wait) and each credits 20 credits exactly once; the client sends credits to another client by
// ISMAIL ID through the confirmation and receipt (and is refused their own ID); the demo sales rep asks for a
// withdrawal and sees it pending, a client is refused withdrawals. Every wallet screen is photographed and passes axe
// in French and English, light and dark (renderer/.test-output/screenshots/portal/wallet).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startMomoSimulator, startOrangeMoneySimulator, startWaveSimulator } from '@ismail/firmware-sim';
import { startDemoCloud, type DemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited, until } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import {
  checkEveryLook,
  looks,
  phoneContext,
  seriousViolations,
  throttle,
  privatePortalCopy,
  slow3g,
} from './portal-browser.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'wallet');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const demoPassword = 'demo-ismail-2026';

const secrets = {
  wave: { apiKey: 'wave-e2e-api-key-0123456789', signingSecret: 'wave-e2e-signing-secret-0123456789' },
  momo: {
    subscriptionKey: 'momo-e2e-subscription-0123456789',
    apiUser: randomUUID(),
    apiKey: 'momo-e2e-key-0123456789',
  },
  orange: {
    clientId: 'orange-e2e-client',
    clientSecret: 'orange-e2e-secret-0123456789',
    merchantKey: 'om-e2e-merchant',
  },
};

async function startSimulators() {
  const wave = await startWaveSimulator({ port: 0, ...secrets.wave, duplicateDeliveries: 1 });
  // Long enough to see the "approve on your phone" wait over slow 3G.
  const momo = await startMomoSimulator({ port: 0, ...secrets.momo, approvalDelayMs: 4_000, duplicateCallbacks: 1 });
  const orange = await startOrangeMoneySimulator({ port: 0, ...secrets.orange, duplicateNotifications: 1 });
  const env = {
    WAVE_API_URL: wave.url,
    WAVE_API_KEY: secrets.wave.apiKey,
    WAVE_SIGNING_SECRET: secrets.wave.signingSecret,
    MOMO_API_URL: momo.url,
    MOMO_SUBSCRIPTION_KEY: secrets.momo.subscriptionKey,
    MOMO_API_USER: secrets.momo.apiUser,
    MOMO_API_KEY: secrets.momo.apiKey,
    MOMO_TARGET_ENVIRONMENT: 'mtnivorycoast',
    ORANGE_MONEY_API_URL: orange.url,
    ORANGE_MONEY_CLIENT_ID: secrets.orange.clientId,
    ORANGE_MONEY_CLIENT_SECRET: secrets.orange.clientSecret,
    ORANGE_MONEY_MERCHANT_KEY: secrets.orange.merchantKey,
    ORANGE_MONEY_COUNTRY: 'ci',
  };
  return { wave, momo, orange, env, close: () => Promise.all([wave.close(), momo.close(), orange.close()]) };
}

interface Person {
  readonly email: string;
  readonly password: string;
  readonly token: string;
  readonly ismailId: string;
}

async function signInApi(demo: DemoCloud, email: string, password: string): Promise<Person> {
  const answer = await fetch(`${demo.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(answer.status, await answer.clone().text()).toBe(200);
  const { accessToken: token } = (await answer.json()) as { accessToken: string };
  const me = (await (await fetch(`${demo.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    ismailId: string;
  };
  return { email, password, token, ismailId: me.ismailId };
}

/** A new client, activated (so with an ISMAIL ID), made through the operator's API. */
async function newClient(demo: DemoCloud, firstName: string, lastName: string): Promise<Person> {
  const email = `wallet-${randomUUID()}@test.ismail.ci`;
  const password = 'portail-wallet-2026';
  const created = await fetch(`${demo.url}/v1/operator/accounts`, {
    method: 'POST',
    headers: demo.operator,
    body: JSON.stringify({ profile: 'client', email, password, firstName, lastName }),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const activated = await fetch(`${demo.url}/v1/operator/accounts/${id}/activate`, {
    method: 'POST',
    headers: { authorization: demo.operator.authorization ?? '' },
  });
  expect(activated.status).toBe(200);
  return signInApi(demo, email, password);
}

const call = async (demo: DemoCloud, person: Person, url: string, body?: object): Promise<Response> =>
  fetch(`${demo.url}${url}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${person.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': randomUUID() }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const balanceOf = async (demo: DemoCloud, person: Person): Promise<number> =>
  ((await (await call(demo, person, '/v1/wallet')).json()) as { availableCentiCredits: number }).availableCentiCredits;
const text = async (page: Page, testId: string): Promise<string> => {
  const found = page.getByTestId(testId);
  await found.waitFor({ timeout: slowMs });
  return ((await found.textContent()) ?? '').replace(/\s/g, ' ');
};

async function signIn(page: Page, demo: DemoCloud, person: Person): Promise<void> {
  await page.goto(demo.url);
  await page.getByLabel('Adresse e-mail').fill(person.email);
  await page.getByLabel('Mot de passe').fill(person.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByTestId('balance-credits').waitFor({ timeout: slowMs });
}

/** Starts a 1,000 FCFA top-up from the portal's form; Wave and Orange then show their own page. */
async function startTopUp(page: Page, demo: DemoCloud, provider: string, phone?: string): Promise<void> {
  await page.goto(`${demo.url}/wallet/top-up`);
  await page.getByLabel('Montant (FCFA)').fill('1000');
  await page.getByRole('radio', { name: provider }).check();
  if (phone !== undefined) await page.getByLabel('Numéro MTN MoMo qui paie').fill(phone);
  // A double tap: the button is disabled at once and the intent's key is the same anyway.
  await page.getByRole('button', { name: /^Payer/ }).dblclick();
}

async function expectCredited(page: Page): Promise<void> {
  await page.waitForURL(/\/wallet\/top-up\/return/, { timeout: slowMs });
  expect(await text(page, 'top-up-credited')).toBe('20,00 crédits ajoutés à votre portefeuille.');
}

/** Returns the address of the last (settled) top-up's screen, which names its payment. */
async function topUpThreeWays(page: Page, demo: DemoCloud, client: Person, sims: Sims): Promise<string> {
  await startTopUp(page, demo, 'Wave');
  await page.getByRole('button', { name: 'Payer', exact: true }).click({ timeout: slowMs });
  await expectCredited(page);
  // Wave's webhook arrived twice (its deliberate duplicate), and the wallet holds 20 credits, not 40.
  await until(
    async () => sims.wave.deliveries().filter((d) => d.status === 200).length,
    (n) => n >= 2,
  );
  expect(await balanceOf(demo, client)).toBe(2_000);

  await startTopUp(page, demo, 'MTN MoMo', '07 00 00 00 04');
  expect(await text(page, 'top-up-status')).toContain('Approuvez le paiement sur votre téléphone');
  await expectCredited(page);
  await until(
    async () => sims.momo.callbacks().filter((c) => c.status === 200).length,
    (n) => n >= 2,
  );
  expect(await balanceOf(demo, client)).toBe(4_000);

  await startTopUp(page, demo, 'Orange Money');
  await page.getByRole('button', { name: 'Confirmer', exact: true }).click({ timeout: slowMs });
  await expectCredited(page);
  await until(
    async () => sims.orange.notifications().filter((n) => n.copy >= 0 && n.status === 200).length,
    (n) => n >= 2,
  );
  expect(await balanceOf(demo, client)).toBe(6_000);
  const history = (await (await call(demo, client, '/v1/wallet/history?kinds=buy_credits_mobile_money')).json()) as {
    entries: unknown[];
  };
  expect(history.entries).toHaveLength(3);
  await page.waitForURL(/paymentId=/, { timeout: slowMs });
  const settled = new URL(page.url());
  return `${settled.pathname}${settled.search}`;
}

type Sims = Awaited<ReturnType<typeof startSimulators>>;

/** Fills the transfer form and continues to the confirmation. */
async function toConfirmation(page: Page, demo: DemoCloud, ismailId: string, credits: string, next: string) {
  await page.goto(`${demo.url}/wallet/transfer`);
  await page.locator('#transfer-id').fill(ismailId);
  await page.locator('#transfer-amount').fill(credits);
  await page.getByRole('button', { name: next }).click();
}

async function transferFlow(page: Page, demo: DemoCloud, client: Person, recipient: Person): Promise<void> {
  await toConfirmation(page, demo, client.ismailId, '5', 'Continuer');
  expect(await text(page, 'transfer-problem')).toBe(
    "C'est votre propre identifiant ISMAIL : choisissez un autre destinataire.",
  );
  await toConfirmation(page, demo, recipient.ismailId, '5', 'Continuer');
  expect(await text(page, 'transfer-recipient')).toBe(`Awa K. (${recipient.ismailId})`);
  await page.getByRole('button', { name: 'Envoyer', exact: true }).dblclick();
  expect(await text(page, 'transfer-receipt')).toContain('Crédits envoyés');
  expect(await balanceOf(demo, recipient)).toBe(500);
  expect(await balanceOf(demo, client)).toBe(5_500);
}

/** The confirmation and the receipt live in the screen's state: each look sends 1 credit to photograph both. */
async function transferLooks(page: Page, demo: DemoCloud, recipient: Person): Promise<string[]> {
  const found: string[] = [];
  for (const [language, theme] of looks) {
    await page.evaluate(
      ([l, t]) => {
        localStorage.setItem('ismail.portal.language', l);
        localStorage.setItem('ismail.portal.theme', t);
      },
      [language, theme] as const,
    );
    await toConfirmation(page, demo, recipient.ismailId, '1', language === 'fr' ? 'Continuer' : 'Continue');
    await page.getByTestId('transfer-confirm').waitFor({ timeout: slowMs });
    for (const step of ['confirm', 'receipt'] as const) {
      if (step === 'receipt') {
        await page.getByRole('button', { name: language === 'fr' ? 'Envoyer' : 'Send', exact: true }).click();
        await page.getByTestId('transfer-receipt').waitFor({ timeout: slowMs });
      }
      const tag = `transfer-${step}-${language}-${theme}`;
      await page.screenshot({ path: path.join(screenshots, `${tag}.png`), fullPage: true });
      found.push(...(await seriousViolations(page)).map((v) => `${tag}: ${v}`));
    }
  }
  await page.evaluate(() => localStorage.setItem('ismail.portal.language', 'fr'));
  return found;
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).waitFor({ timeout: slowMs });

async function clientLooks(
  page: Page,
  demo: DemoCloud,
  people: { client: Person; recipient: Person },
  settledTopUp: string,
): Promise<string[]> {
  const { client, recipient } = people;
  const found: string[] = [];
  const look = async (name: string, address: string, ready: (p: Page) => Promise<unknown>) => {
    await page.goto(`${demo.url}${address}`);
    found.push(...(await checkEveryLook(page, screenshots, name, ready)));
  };
  await look('wallet', '/wallet', (p) => p.getByTestId('wallet-credits').waitFor({ timeout: slowMs }));
  await look('history', '/history?kind=topUp', (p) => p.getByTestId('history').waitFor({ timeout: slowMs }));
  await look('top-up', '/wallet/top-up', heading);
  await look('top-up-done', settledTopUp, (p) => p.getByTestId('top-up-credited').waitFor({ timeout: slowMs }));
  const done = (await (await call(demo, client, '/v1/wallet/history?kinds=buy_credits_mobile_money')).json()) as {
    entries: { operationId: string }[];
  };
  expect(done.entries.length).toBe(3);
  // A MoMo payer who never answers (number ending in 3) keeps a top-up pending: the "approve" screen.
  const pending = (await (
    await call(demo, client, '/v1/wallet/top-ups/mobile-money', {
      provider: 'momo',
      amountXof: 1000,
      payerMsisdn: '2250700000003',
    })
  ).json()) as { paymentId: string };
  await look('top-up-pending', `/wallet/top-up/return?provider=momo&paymentId=${pending.paymentId}`, (p) =>
    p.locator('.spinner').waitFor({ timeout: slowMs }),
  );
  await look('transfer', '/wallet/transfer', heading);
  found.push(...(await transferLooks(page, demo, recipient)));
  await look('withdrawals-refused', '/wallet/withdrawals', (p) =>
    p.getByTestId('withdrawals-refused').waitFor({ timeout: slowMs }),
  );
  return found;
}

async function repWithdrawal(browser: Browser, demo: DemoCloud): Promise<string[]> {
  const rep = await signInApi(demo, 'commercial@demo.ismail.ci', demoPassword);
  const demoClient = await signInApi(demo, 'client@demo.ismail.ci', demoPassword);
  expect(
    (
      await call(demo, demoClient, '/v1/wallet/transfers/by-ismail-id', {
        toIsmailId: rep.ismailId,
        amountCentiCredits: 2_000,
      })
    ).status,
  ).toBe(201);
  const context: BrowserContext = await phoneContext(browser, 'fr', 'light');
  try {
    const page = await context.newPage();
    await throttle(context, page, slow3g);
    await signIn(page, demo, rep);
    await page.goto(`${demo.url}/menu`);
    await page.getByRole('link', { name: 'Retraits' }).click();
    await page.getByLabel('Crédits à retirer').fill('10');
    await page.getByLabel('Numéro mobile money').fill('07 01 02 03 04');
    await page.getByRole('button', { name: 'Demander le retrait' }).click();
    expect(await text(page, 'withdrawal-sent')).toBe('Demande envoyée : 10,00 crédits.');
    const line = page.getByTestId('withdrawals').getByRole('listitem').first();
    await expect
      .poll(async () => (await line.textContent())?.replace(/\s/g, ' '), { timeout: slowMs })
      .toContain('10,00 crédits vers +225 07 01 02 0304En attente');
    const listed = (await (await call(demo, rep, '/v1/wallet/withdrawals')).json()) as {
      withdrawals: { status: string; destinationMsisdn: string }[];
    };
    expect(listed.withdrawals[0]).toMatchObject({ status: 'pending', destinationMsisdn: '2250701020304' });
    return await checkEveryLook(page, screenshots, 'withdrawals', (p) =>
      p.getByTestId('withdrawals').waitFor({ timeout: slowMs }),
    );
  } finally {
    await context.close();
  }
}

describe.each(cloudDatabases.slice(-1))('portal wallet in Chromium over slow 3G on $name', (database) => {
  it(
    'tops up by Wave, MoMo and Orange Money once each, transfers by ISMAIL ID, asks a withdrawal',
    { timeout: 600_000 },
    async () => {
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const sims = await startSimulators();
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-wallet-'));
      const demo = await startDemoCloud(root, database, {
        ...sims.env,
        PORTAL_DIR: privatePortalCopy(portalBuilt, root),
      });
      sims.wave.setWebhookUrl(`${demo.url}/v1/payments/wave/webhook`);
      let browser: Browser | undefined;
      try {
        const client = await newClient(demo, 'Koffi', 'Yao');
        const recipient = await newClient(demo, 'Awa', 'Koné');
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const context = await phoneContext(browser, 'fr', 'light');
        const page = await context.newPage();
        await throttle(context, page, slow3g);
        await signIn(page, demo, client);
        const settledTopUp = await topUpThreeWays(page, demo, client, sims).catch(async (error: unknown) => {
          // What the phone showed when it went wrong, beside the screenshots.
          await page.screenshot({ path: path.join(screenshots, 'failure.png'), fullPage: true });
          throw error;
        });
        await transferFlow(page, demo, client, recipient);
        // The photographs: same session, a page without the throttle (the flows above ran over slow 3G).
        const looksPage = await context.newPage();
        const violations = await clientLooks(looksPage, demo, { client, recipient }, settledTopUp);
        await context.close();
        violations.push(...(await repWithdrawal(browser, demo)));
        expect(violations).toEqual([]);
      } finally {
        await browser?.close();
        demo.process.kill('SIGKILL');
        await exited(demo.process);
        await sims.close();
      }
    },
  );
});
