// Claims (issue 27) in Debian's Chromium on a 360x640 phone, against a real cloud (its built dist, demo data, test
// clock) on one database: the demo client orders soap, opens a claim from the order's « Signaler un problème » link
// (the form says what it is about; a double tap files one claim) and is told when to expect an answer; the demo partner
// reads it, writes an internal note and answers; the client reads the answer (not the note) and replies; the status
// filter and the search find the claim; once the test clock passes its deadline, the escalation job raises it and an
// admin sees it in the queue at level « Administrateur ». The list, the thread and the queue are photographed
// light and dark and pass axe (renderer/.test-output/screenshots/portal/support).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startDemoCloud, type DemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { phoneContext, privatePortalCopy, seriousViolations, signInPortal } from './portal-browser.js';
import { demoPassword, signIn } from './portal-services-setup.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'support');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const database = cloudDatabases.at(-1);
const partnerEmail = 'partenaire@demo.ismail.ci';
const clientEmail = 'client@demo.ismail.ci';
/** The demo admins' TOTP secret (public: demo only, cloud/src/demo/accounts.ts). */
const demoTotp = new TOTP({
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  secret: Secret.fromBase32('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'),
});

interface Summary {
  id: string;
  reference: string;
  status: string;
  level: string;
  slaDueAt: string;
  overdue: boolean;
}

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
  await page.evaluate(() => localStorage.removeItem('ismail.portal.theme'));
  return found;
}

async function call<T>(demo: DemoCloud, method: string, url: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${demo.url}${url}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status, `${method} ${url}: ${await response.clone().text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}

/** The demo client buys a soap from the demo partner's shop (paid from its wallet): the order the claim is about. */
async function orderSoap(demo: DemoCloud, asClient: Record<string, string>): Promise<string> {
  const { products } = await call<{ products: { id: string; name: string }[] }>(
    demo,
    'GET',
    '/v1/shop/products?text=savon',
    asClient,
  );
  const soap = products[0];
  expect(soap, 'the demo shop sells soap').toBeDefined();
  const order = await call<{ id: string }>(
    demo,
    'POST',
    '/v1/shop/orders',
    { ...asClient, 'idempotency-key': randomUUID() },
    { items: [{ productId: soap?.id ?? '', quantity: 1 }], delivery: 'pickup' },
  );
  return order.id;
}

describe('claims in Chromium (real cloud)', () => {
  it(
    'a claim about an order: opened from the order, answered by the partner, found, escalated to the admins',
    { timeout: 900_000 },
    async () => {
      expect(database, 'a test database').toBeDefined();
      if (database === undefined) return;
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-support-'));
      const demo = await startDemoCloud(root, database, {
        PORTAL_DIR: privatePortalCopy(portalBuilt, root),
        ISMAIL_TEST_CLOCK: 'true',
      });
      let browser: Browser | undefined;
      try {
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const violations: string[] = [];
        const asClient = await signIn(demo, clientEmail, demoPassword);
        const asPartner = await signIn(demo, partnerEmail, demoPassword);
        const orderId = await orderSoap(demo, asClient);

        // The client opens a claim from the order's page: the form says what it is about, the category follows.
        const client = await (await phoneContext(browser, 'fr', 'light')).newPage();
        await signInPortal(client, demo.url, { email: clientEmail, password: demoPassword });
        await client.goto(`${demo.url}/shop/orders/${orderId}`);
        await client.getByRole('link', { name: 'Signaler un problème' }).click();
        await client.getByRole('heading', { name: 'Nouvelle réclamation', level: 1 }).waitFor({ timeout: slowMs });
        await client.getByText(`À propos de la commande ${orderId.slice(0, 8)}`).waitFor({ timeout: slowMs });
        expect(await client.getByLabel('Catégorie').inputValue()).toBe('order');
        await client.getByLabel('Objet').fill('Savon reçu abîmé');
        await client.getByLabel('Votre message').fill('Le savon noir est arrivé écrasé dans son emballage.');
        // A double tap (a 3G retry alike) files one claim: one Idempotency-Key per form, the button off while sending.
        await client.getByRole('button', { name: 'Envoyer la réclamation' }).dblclick();
        const created = client.getByTestId('ticket-created');
        await created.waitFor({ timeout: slowMs });
        const reference = /R-\d{4}-\d{6}/.exec((await created.textContent()) ?? '')?.[0] ?? '';
        expect(reference).not.toBe('');
        expect(await created.textContent()).toMatch(/Vous recevrez une réponse avant le \d{2}\/\d{2}\/\d{4}/);
        const mine = await call<{ tickets: Summary[] }>(demo, 'GET', '/v1/support/tickets', asClient);
        expect(mine.tickets.filter((t) => t.reference === reference)).toHaveLength(1);
        expect(mine.tickets).toHaveLength(1);
        const ticket = mine.tickets[0] as Summary;

        // The partner concerned reads it from its menu, writes an internal note, then answers.
        const partner = await (await phoneContext(browser, 'fr', 'light')).newPage();
        await signInPortal(partner, demo.url, { email: partnerEmail, password: demoPassword });
        await partner.goto(`${demo.url}/menu`);
        await partner.getByRole('link', { name: 'Réclamations', exact: true }).click();
        await partner.getByRole('heading', { name: 'Réclamations de mes clients', level: 1 }).waitFor();
        await partner.getByRole('link', { name: 'Savon reçu abîmé' }).click();
        await partner.getByTestId('thread').waitFor({ timeout: slowMs });
        await partner.getByLabel('Votre réponse').fill('Vérifier le lot de savons du 3 décembre.');
        await partner.getByLabel('Note interne (le client ne la voit pas)').check();
        await partner.getByRole('button', { name: 'Envoyer', exact: true }).click();
        await partner.getByText('Note interne — invisible du client').waitFor({ timeout: slowMs });
        await partner.getByLabel('Votre réponse').fill('Désolés ! Nous vous remplaçons le savon demain à la boutique.');
        await partner.getByRole('button', { name: 'Envoyer', exact: true }).click();
        await expect.poll(() => partner.getByTestId('message').count(), { timeout: slowMs }).toBe(3);
        violations.push(...(await lightAndDark(partner, '2-thread-partner', (p) => p.getByTestId('thread').waitFor())));
        const seenByPartner = await call<{ tickets: Summary[] }>(demo, 'GET', '/v1/support/tickets', asPartner);
        expect(seenByPartner.tickets.find((t) => t.id === ticket.id)?.status).toBe('waiting_customer');

        // The client finds it by status and by reference, reads the answer (not the note) and replies.
        await client.goto(`${demo.url}/reclamations`);
        await client.getByTestId(`ticket-${reference}`).waitFor({ timeout: slowMs });
        await client.getByLabel('Statut').selectOption('closed');
        await client.getByText('Aucune réclamation.').waitFor({ timeout: slowMs });
        await client.getByLabel('Statut').selectOption('waiting_customer');
        await client.getByTestId(`ticket-${reference}`).waitFor({ timeout: slowMs });
        await client.getByLabel('Statut').selectOption('');
        await client.getByLabel('Rechercher (référence, objet)').fill('introuvable');
        await client.getByText('Aucune réclamation.').waitFor({ timeout: slowMs });
        await client.getByLabel('Rechercher (référence, objet)').fill(reference);
        await client.getByTestId(`ticket-${reference}`).waitFor({ timeout: slowMs });
        expect(await client.getByTestId(`ticket-${reference}`).textContent()).toContain('En attente de votre réponse');
        violations.push(
          ...(await lightAndDark(client, '1-list', (p) => p.getByTestId(`ticket-${reference}`).waitFor())),
        );
        await client.getByRole('link', { name: 'Savon reçu abîmé' }).click();
        await client.getByText('Nous vous remplaçons le savon demain').waitFor({ timeout: slowMs });
        expect(await client.getByTestId('message').count()).toBe(2);
        expect(await client.getByText('Vérifier le lot de savons').count()).toBe(0);
        await client.getByLabel('Votre réponse').fill('Merci, je passerai demain.');
        await client.getByRole('button', { name: 'Envoyer', exact: true }).click();
        await expect.poll(() => client.getByTestId('message').count(), { timeout: slowMs }).toBe(3);
        violations.push(...(await lightAndDark(client, '3-thread-client', (p) => p.getByTestId('thread').waitFor())));

        // Its deadline passes (test clock): the escalation job raises it to the admins.
        const dueMs = new Date(ticket.slaDueAt).getTime();
        const { now } = await call<{ now: string }>(demo, 'POST', '/v1/operator/test-clock', demo.operator, {
          advanceMs: 1,
        });
        await call(demo, 'POST', '/v1/operator/test-clock', demo.operator, {
          advanceMs: Math.max(1, dueMs - new Date(now).getTime() + 3_600_000),
        });
        const admin = await (await phoneContext(browser, 'fr', 'light')).newPage();
        await signInPortal(admin, demo.url, {
          email: 'admin@demo.ismail.ci',
          password: demoPassword,
          totpCode: () => demoTotp.generate(),
        });
        await admin.goto(`${demo.url}/admin/reclamations`);
        const queued = admin.getByTestId(`ticket-${reference}`);
        // The job runs every 5 s under the test clock: the queue is read again until the level shows.
        await expect
          .poll(
            async () => {
              await admin.reload();
              await queued.waitFor({ timeout: slowMs });
              return queued.textContent();
            },
            { timeout: slowMs, interval: 3_000 },
          )
          .toContain('Administrateur');
        violations.push(...(await lightAndDark(admin, '4-admin-queue', (p) => p.getByTestId('queue').waitFor())));
        expect(violations).toEqual([]);
      } finally {
        await browser?.close();
        demo.process.kill('SIGKILL');
        await exited(demo.process);
      }
    },
  );
});
