// The shop and booking as a buyer in the client portal, in Debian's Chromium on a 360x640 phone over 3G, against
// a real cloud (its built dist, demo data) on one database: a new client with credits finds a product, puts two in
// the cart kept on the phone and pays from the wallet with a double tap that orders once; the seller confirms and
// delivers through the API; the buyer sees the order's timeline, downloads the invoice PDF, is invited to review and
// reviews. The buyer then books a room: search by place, dates and guests, the calendar grid (arrow keys,
// aria-selected), the price and cancellation amounts shown before holding, hold, confirm and pay; the reservation
// shows confirmed. Both payments are in the wallet history, and `npx ismail ledger check` passes. Every screen is
// photographed and axe-checked in French and English, light and dark.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startDemoCloud, type DemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { checkEveryLook, phoneContext, throttle, typical3g } from './portal-browser.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'shop');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const database = cloudDatabases.at(-1);
const demoPassword = 'demo-ismail-2026';
const text = async (page: Page, testId: string): Promise<string> =>
  ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s/g, ' ');

async function signIn(demo: DemoCloud, email: string, password: string): Promise<Record<string, string>> {
  const response = await fetch(`${demo.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const { accessToken } = (await response.json()) as { accessToken: string };
  return { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
}

/** A new client, activated, with 1 200 credits (60 000 FCFA) sent by the demo client. */
async function clientWithCredits(demo: DemoCloud): Promise<{ email: string; password: string; id: string }> {
  const email = `acheteur-${randomUUID()}@test.ismail.ci`;
  const password = 'boutique-e2e-2026';
  const created = await fetch(`${demo.url}/v1/operator/accounts`, {
    method: 'POST',
    headers: demo.operator,
    body: JSON.stringify({ profile: 'client', email, password, firstName: 'Aya', lastName: 'Traoré' }),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  await fetch(`${demo.url}/v1/operator/accounts/${id}/activate`, {
    method: 'POST',
    headers: { authorization: demo.operator.authorization ?? '' },
  });
  const sent = await fetch(`${demo.url}/v1/wallet/transfers`, {
    method: 'POST',
    headers: { ...(await signIn(demo, 'client@demo.ismail.ci', demoPassword)), 'idempotency-key': randomUUID() },
    body: JSON.stringify({ toAccountId: id, amountCentiCredits: 120_000 }),
  });
  expect(sent.status, await sent.clone().text()).toBe(201);
  return { email, password, id };
}

const day = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('shop and booking as a buyer in Chromium over 3G (real cloud)', () => {
  it(
    'orders once, follows the timeline, gets the invoice, reviews; books a room; the ledger holds',
    {
      timeout: 600_000,
    },
    async () => {
      expect(database, 'a test database').toBeDefined();
      if (database === undefined) return;
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-shop-'));
      // The cloud serves its own copy of the built portal: a rebuild during the run (another suite, a developer)
      // would otherwise swap the files under the page and the service worker would offer an update.
      const portalDir = path.join(root, 'portal');
      cpSync(path.dirname(portalBuilt), portalDir, { recursive: true });
      const demo = await startDemoCloud(root, database, { PORTAL_DIR: portalDir });
      let browser: Browser | undefined;
      try {
        const buyer = await clientWithCredits(demo);
        const asBuyer = await signIn(demo, buyer.email, buyer.password);
        const asPartner = await signIn(demo, 'partenaire@demo.ismail.ci', demoPassword);
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const context = await phoneContext(browser, 'fr', 'light');
        const page = await context.newPage();
        await throttle(context, page, typical3g);
        const violations: string[] = [];
        const heading = (name: string | RegExp) => async (p: Page) =>
          p.getByRole('heading', { level: 1, name }).waitFor({ timeout: slowMs });

        await page.goto(demo.url);
        await page.getByLabel('Adresse e-mail').fill(buyer.email);
        await page.getByLabel('Mot de passe').fill(buyer.password);
        await page.getByRole('button', { name: 'Se connecter' }).click();
        await page.getByTestId('balance-credits').waitFor({ timeout: slowMs });

        // The catalogue, searched by words (typed search params in the address).
        await page.goto(`${demo.url}/shop?text=savon`);
        const products = page.getByTestId('products');
        await products.waitFor({ timeout: slowMs });
        expect((await products.textContent())?.replace(/\s/g, ' ')).toContain('Savon noir artisanal1 500 FCFA');
        violations.push(
          ...(await checkEveryLook(page, screenshots, '1-catalog', async (p) =>
            p.getByTestId('products').waitFor({ timeout: slowMs }),
          )),
        );
        await page.getByRole('link', { name: 'Savon noir artisanal' }).click();
        await page.getByTestId('product-price').waitFor({ timeout: slowMs });
        expect(await text(page, 'product-price')).toBe('1 500 FCFA');
        expect(await page.getByText('En stock : 38').count()).toBe(1);
        violations.push(
          ...(await checkEveryLook(page, screenshots, '2-product', async (p) =>
            p.getByTestId('product-price').waitFor({ timeout: slowMs }),
          )),
        );

        // Two in the cart (kept on the phone across a reload), paid with a double tap: one order.
        await page.getByLabel('Quantité').fill('2');
        await page.getByRole('button', { name: 'Ajouter au panier' }).click();
        await page.getByRole('link', { name: 'Voir le panier' }).click();
        await page.getByTestId('cart-total').waitFor({ timeout: slowMs });
        await page.reload();
        await page.getByTestId('cart-total').waitFor({ timeout: slowMs });
        expect(await text(page, 'cart-total')).toBe('3 000 FCFA');
        violations.push(
          ...(await checkEveryLook(page, screenshots, '3-cart', async (p) =>
            p.getByTestId('cart-total').waitFor({ timeout: slowMs }),
          )),
        );
        await page.getByRole('button', { name: 'Payer avec mon portefeuille' }).dblclick();
        await page.getByTestId('timeline').waitFor({ timeout: slowMs });
        expect(await text(page, 'order-total')).toBe('3 000 FCFA');
        const orders = (await (await fetch(`${demo.url}/v1/shop/orders`, { headers: asBuyer })).json()) as {
          orders: { id: string; status: string; totalXof: number }[];
        };
        expect(orders.orders).toEqual([expect.objectContaining({ status: 'pending', totalXof: 3_000 })]);
        const orderId = orders.orders[0]?.id ?? '';
        expect(new URL(page.url()).pathname).toBe(`/shop/orders/${orderId}`);

        // The seller confirms and delivers through the API; the timeline shows each step, the invoice downloads.
        for (const step of ['confirm', 'status'] as const) {
          const moved = await fetch(`${demo.url}/v1/shop/orders/${orderId}/${step}`, {
            method: 'POST',
            headers: asPartner,
            ...(step === 'status' ? { body: JSON.stringify({ status: 'delivered' }) } : { body: '{}' }),
          });
          expect(moved.status, await moved.clone().text()).toBe(200);
        }
        await page.reload();
        const timeline = page.getByTestId('timeline');
        // The review link shows once the order reads delivered (the persisted copy shows first, then the fresh one).
        await page.getByRole('link', { name: 'Donner mon avis' }).waitFor({ timeout: slowMs });
        const steps = (await timeline.getByRole('listitem').allTextContents()).map((s) => s.replace(/\s/g, ' '));
        expect(steps[0]).toMatch(/^Commande passée\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
        expect(steps[1]).toMatch(/^Confirmée par le vendeur\d{2}\//);
        // Delivered without being marked shipped: that step is left out, not shown "to come".
        expect(steps[2]).toMatch(/^Livrée\d{2}\//);
        expect(steps).toHaveLength(3);
        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: slowMs }),
          page.getByRole('button', { name: 'Télécharger la facture (PDF)' }).click(),
        ]);
        const pdf = readFileSync((await download.path()) ?? '');
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        violations.push(
          ...(await checkEveryLook(page, screenshots, '4-order', async (p) =>
            p.getByRole('link', { name: /Donner mon avis|Leave a review/ }).waitFor({ timeout: slowMs }),
          )),
        );

        // Invited to review (a notification linking to the review screen), then reviews once.
        const inbox = (await (await fetch(`${demo.url}/v1/notifications?limit=20`, { headers: asBuyer })).json()) as {
          notifications: { title: string; body: string }[];
        };
        expect(inbox.notifications.map((n) => n.title)).toContain('Donnez votre avis');
        await page.getByRole('link', { name: 'Donner mon avis' }).click();
        await page.getByRole('heading', { level: 1, name: 'Votre avis' }).waitFor({ timeout: slowMs });
        await page.getByLabel('4 sur 5').waitFor({ timeout: slowMs });
        violations.push(...(await checkEveryLook(page, screenshots, '5-review', heading(/Votre avis|Your review/))));
        await page.getByLabel('4 sur 5').check();
        await page.getByLabel('Commentaire (facultatif)').fill('Mousse bien, sent bon.');
        await page.getByRole('button', { name: 'Envoyer mon avis' }).click();
        await page.getByText('Merci, votre avis sur Savon noir artisanal est publié.').waitFor({ timeout: slowMs });
        const again = await fetch(`${demo.url}/v1/shop/products/${await productIdOf(demo, asBuyer, orderId)}/reviews`, {
          method: 'POST',
          headers: asBuyer,
          body: JSON.stringify({ rating: 1 }),
        });
        expect(again.status).toBe(409);

        // Booking: search, calendar, quote with the cancellation amounts, hold, confirm and pay.
        const [checkIn, checkOut] = [day(40), day(42)];
        await page.goto(`${demo.url}/booking?place=Bassam&checkIn=${checkIn}&checkOut=${checkOut}&guests=2`);
        const units = page.getByTestId('units');
        await units.waitFor({ timeout: slowMs });
        violations.push(
          ...(await checkEveryLook(page, screenshots, '6-booking-search', async (p) =>
            p.getByTestId('units').waitFor({ timeout: slowMs }),
          )),
        );
        await units.getByRole('link').first().click();
        const quote = page.getByTestId('quote');
        await quote.waitFor({ timeout: slowMs });
        expect((await quote.textContent())?.replace(/\s/g, ' ')).toContain('50 000 FCFA');
        const rules = await page.getByTestId('refund-steps').getByRole('listitem').allTextContents();
        expect(rules[0]?.replace(/\s/g, ' ')).toMatch(/^Annulation gratuite jusqu'au .+ : 50 000 FCFA remboursés\.$/);
        expect(rules[1]?.replace(/\s/g, ' ')).toMatch(/ : 25 000 FCFA remboursés\.$/);
        expect(rules.at(-1)).toBe('Ensuite : aucun remboursement.');
        const grid = page.getByRole('grid');
        expect(await grid.locator('[aria-selected="true"]').count()).toBe(3);
        const first = grid.getByRole('button', { name: /libre/ }).and(page.locator('[tabindex="0"]'));
        await first.focus();
        const before = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
        await page.keyboard.press('ArrowRight');
        const after = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
        expect(after).not.toBe(before);
        expect(after).toMatch(
          /^(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d{1,2} \S+ \d{4}, (libre|complet), /,
        );
        violations.push(
          ...(await checkEveryLook(page, screenshots, '7-stay', async (p) =>
            p.getByTestId('quote').waitFor({ timeout: slowMs }),
          )),
        );
        await page.getByRole('button', { name: 'Bloquer ces dates' }).click();
        await page.getByRole('button', { name: 'Confirmer et payer 50 000 FCFA' }).click();
        const reservations = page.getByTestId('reservations');
        await reservations.getByText('Confirmée').first().waitFor({ timeout: slowMs });
        violations.push(
          ...(await checkEveryLook(page, screenshots, '8-reservations', async (p) =>
            p.getByTestId('reservations').waitFor({ timeout: slowMs }),
          )),
        );
        const mine = (await (await fetch(`${demo.url}/v1/booking/reservations`, { headers: asBuyer })).json()) as {
          reservations: { status: string; amountXof: number; checkIn: string; invoiceId: string | null }[];
        };
        expect(mine.reservations).toEqual([
          expect.objectContaining({ status: 'confirmed', amountXof: 50_000, checkIn }),
        ]);

        // Both payments are in the wallet: 60 + 1 000 credits out of 1 200 (50 FCFA a credit).
        const wallet = (await (await fetch(`${demo.url}/v1/wallet`, { headers: asBuyer })).json()) as {
          availableCentiCredits: number;
        };
        expect(wallet.availableCentiCredits).toBe(120_000 - 6_000 - 100_000);
        await page.goto(`${demo.url}/history`);
        const history = page.getByTestId('history');
        await history.waitFor({ timeout: slowMs });
        const rows = (await history.textContent())?.replace(/\s/g, ' ') ?? '';
        expect(rows).toContain('60,00');
        expect(rows).toContain('1 000,00');
        // The order's hold is written as set aside, and only its capture as a debit: one payment reads as one.
        expect(rows).toContain('60,00 crédits mis de côté');
        expect(rows.split('−60,00').length - 1).toBe(1);
        await page.screenshot({ path: path.join(screenshots, '9-history-fr-light.png'), fullPage: true });
        await context.close();
        expect(violations).toEqual([]);

        const ledger = spawnSync('npx', ['ismail', 'ledger', 'check', '--cloud-url', demo.url], {
          cwd: repo,
          env: { ...process.env, ISMAIL_DATA_DIR: path.join(root, 'cloud') },
          encoding: 'utf8',
        });
        expect(ledger.stdout, ledger.stderr).toMatch(/^ledger OK/);
        expect(ledger.status).toBe(0);
      } finally {
        await browser?.close();
        demo.process.kill('SIGKILL');
        await exited(demo.process);
      }
    },
  );
});

async function productIdOf(demo: DemoCloud, headers: Record<string, string>, orderId: string): Promise<string> {
  const order = (await (await fetch(`${demo.url}/v1/shop/orders/${orderId}`, { headers })).json()) as {
    items: { productId: string }[];
  };
  return order.items[0]?.productId ?? '';
}
