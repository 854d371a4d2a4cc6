// Several registers on one hub (issue 28.1), in real Chromium against a real cloud and hub
// process: the hub listens over HTTPS on this machine's LAN address (not loopback) with a
// certificate from its own CA. Node verifies that chain with the CA alone; Chromium is then
// told to accept exactly that server key (its SPKI hash), nothing broader. Two browser
// terminals pair with one-time codes shown on the hub's screen, the demo cashier signs in on
// each, and both sell the last counted unit of a product at the same moment: one sale, the
// other terminal shows « Rupture de stock ». Each terminal's invoices are gapless in its own
// series (F-<register>-T1-…, -T2-…). An unpaired browser gets the pairing page and the API's
// refusal; a used code is refused; a revoked terminal is refused and sent back to pairing;
// plain HTTP on the LAN address does not answer. Screenshots of the pairing page, fr light
// and dark, go to renderer/.test-output/screenshots.
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:tls';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited, freePort, until, waitForHttp } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { chromiumPath, screenshots, startHub, untilSynced } from './support/counter-stack.js';
import { seriousViolations } from './portal-browser.js';

const password = 'demo-ismail-2026';
const barcode = '6111234567895';
const year = new Date().getUTCFullYear();
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a !== undefined && !a.internal && a.family === 'IPv4')?.address;
const database = cloudDatabases[0];

describe('two terminals on the shop LAN sell through one hub (real cloud and hub, Chromium)', () => {
  it(
    'pairs two terminals, sells the last unit once, numbers each terminal’s series, refuses the unpaired and the revoked',
    { timeout: 300_000 },
    async () => {
      expect(lanAddress, 'a non-loopback IPv4 address on this machine (the shop LAN)').toBeDefined();
      expect(database).toBeDefined();
      const lanHost = lanAddress ?? '';
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-e2e-lan-'));
      const demo = await startDemoCloud(root, database ?? cloudDatabases[0]!);
      const lanPort = await freePort();
      const { hub, hubUrl } = await startHub(root, demo.url, {
        HUB_LAN_HOST: lanHost,
        HUB_LAN_PORT: String(lanPort),
        HUB_RESPONSE_CHECK: 'throw',
      });
      const lanUrl = `https://${lanHost}:${String(lanPort)}`;
      let browser: Browser | undefined;
      try {
        await waitForHttp(`${hubUrl}/health`, 15_000);
        const admin = {
          authorization: `Bearer ${readFileSync(path.join(root, 'hub', 'hub', 'admin-token'), 'utf8').trim()}`,
          'content-type': 'application/json',
        };
        const asAdmin = async (method: string, route: string, body?: unknown) => {
          const answer = await fetch(`${hubUrl}${route}`, {
            method,
            headers: body === undefined ? { authorization: admin.authorization } : admin,
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
        };
        const registered = await demo.registerHub('Magasin Plateau');
        expect(
          (await asAdmin('POST', '/api/v1/pairing', { hubId: registered.hub.id, pairingCode: registered.pairingCode }))
            .status,
        ).toBe(200);
        await untilSynced(hubUrl, false);
        expect((await asAdmin('POST', '/api/v1/cash-sessions', { floatXof: 10_000 })).status).toBe(201);
        const found = await asAdmin('GET', `/api/v1/catalog/products?barcode=${barcode}`);
        const productId = (found.body.products as { id: string }[])[0]?.id ?? '';
        expect(productId).toMatch(/^[0-9a-f-]{36}$/);
        expect((await asAdmin('PUT', `/api/v1/stock/${productId}`, { onHand: 1 })).status).toBe(200);

        // The chain, checked by Node against the hub CA only, for the LAN address; then its key's SPKI hash.
        const ca = readFileSync(path.join(root, 'hub', 'hub', 'iot', 'ca-cert.pem'), 'utf8');
        const presented = await until(
          () =>
            new Promise<{ authorized: boolean; der: Buffer | null; error: string | null }>((resolve) => {
              const socket = connect({ host: lanHost, port: lanPort, ca }, () => {
                resolve({ authorized: socket.authorized, der: socket.getPeerCertificate().raw, error: null });
                socket.end();
              });
              socket.on('error', (error: Error) => resolve({ authorized: false, der: null, error: error.message }));
            }),
          (r) => r.authorized,
          15_000,
        );
        expect(presented.error).toBeNull();
        expect(presented.authorized).toBe(true);
        const certificate = new X509Certificate(presented.der ?? Buffer.alloc(0));
        expect(certificate.checkIssued(new X509Certificate(ca))).toBe(true);
        expect(certificate.subjectAltName).toContain(`IP Address:${lanHost}`);
        const spki = createHash('sha256')
          .update(certificate.publicKey.export({ type: 'spki', format: 'der' }))
          .digest('base64');
        // Plain HTTP on the LAN address: nothing listens there.
        const plain = await new Promise<string>((resolve) => {
          const req = httpRequest(
            { host: lanHost, port: Number(new URL(hubUrl).port), path: '/health', timeout: 5_000 },
            (res) => resolve(`answered ${String(res.statusCode)}`),
          );
          req.on('error', (error) => resolve(`no answer (${(error as NodeJS.ErrnoException).code ?? ''})`));
          req.on('timeout', () => req.destroy(new Error('timeout')));
          req.end();
        });
        expect(plain).toMatch(/^no answer/);

        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            // Exactly the key Node verified above against the hub CA, not "any certificate".
            `--ignore-certificate-errors-spki-list=${spki}`,
          ],
        });
        const open = async (colorScheme: 'light' | 'dark'): Promise<Page> =>
          (
            await browser!.newContext({ viewport: { width: 1280, height: 860 }, colorScheme, locale: 'fr-FR' })
          ).newPage();
        const shot = (page: Page, name: string) =>
          page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
        const code = async (): Promise<string> => {
          const made = await asAdmin('POST', '/api/v1/terminals/pairing-codes');
          expect(made.status).toBe(201);
          expect(made.body.pairUrl).toBe(`${lanUrl}/?pair=${String(made.body.code)}`);
          return String(made.body.code);
        };
        const pairPage = async (page: Page, label: string, withCode: string | null, screenshot: string) => {
          await page.goto(withCode === null ? lanUrl : `${lanUrl}/?pair=${withCode}`);
          await page.getByRole('heading', { name: 'Jumeler ce poste au hub' }).waitFor({ timeout: 15_000 });
          if (withCode === null) await page.getByLabel('Code de jumelage (8 chiffres)').fill(await code());
          await page.getByLabel('Nom du poste').fill(label);
          await shot(page, screenshot);
          expect(await seriousViolations(page)).toEqual([]);
          await page.getByRole('button', { name: 'Jumeler ce poste' }).click();
          await page.getByLabel('Adresse e-mail').waitFor({ timeout: 10_000 });
        };
        const signIn = async (page: Page): Promise<void> => {
          await page.getByLabel('Adresse e-mail').fill('caisse@demo.ismail.ci');
          await page.getByLabel('Mot de passe').fill(password);
          await page.keyboard.press('Enter');
          await page.getByRole('navigation').waitFor({ timeout: 15_000 });
        };
        const putInCart = async (page: Page): Promise<void> => {
          await page.keyboard.press('Alt+1');
          const entry = page.getByLabel('Scanner un article ou la carte du client, ou rechercher');
          await entry.focus();
          await page.keyboard.type(barcode);
          await page.keyboard.press('Enter');
          await expect
            .poll(async () => page.getByTestId('sell-total').textContent(), { timeout: 10_000 })
            .toMatch(/[1-9]/);
        };
        const noticeOf = (page: Page) => page.getByTestId('notice');

        // An unpaired browser: the pairing page, and the API refuses it.
        const stranger = await open('light');
        await stranger.goto(lanUrl);
        await stranger.getByRole('heading', { name: 'Jumeler ce poste au hub' }).waitFor({ timeout: 15_000 });
        const refused = await stranger.evaluate(async () => {
          const answer = await fetch('/api/v1/invoices');
          return { status: answer.status, body: (await answer.json()) as { error: { details: unknown } } };
        });
        expect(refused).toMatchObject({
          status: 401,
          body: { error: { details: [{ path: 'terminal', problem: 'NOT_PAIRED' }] } },
        });

        // The hub's own screen (loopback): the manager makes a code, shown with its QR.
        const counter = await open('light');
        await counter.goto(hubUrl);
        await counter.getByLabel('Adresse e-mail').fill('partenaire@demo.ismail.ci');
        await counter.getByLabel('Mot de passe').fill(password);
        await counter.keyboard.press('Enter');
        await counter.getByRole('navigation').waitFor({ timeout: 15_000 });
        await counter.keyboard.press('Alt+6');
        await counter.getByRole('button', { name: 'Nouveau code de jumelage' }).click();
        const shown = counter.getByTestId('pairing-code');
        await shown.waitFor({ timeout: 10_000 });
        await expect.poll(async () => shown.getByRole('img').getAttribute('alt')).toContain(`${lanUrl}/?pair=`);
        await shot(counter, '28-hub-code-qr');
        expect(await seriousViolations(counter)).toEqual([]);
        const first = ((await shown.locator('strong').textContent()) ?? '').replace(/\s+/g, '');
        expect(first).toMatch(/^\d{8}$/);

        // Two terminals: one from the QR's address (code filled in), one typing the code, in dark.
        const till1 = await open('light');
        await pairPage(till1, 'Caisse 1', first, '28-jumelage-clair');
        const till2 = await open('dark');
        await pairPage(till2, 'Caisse 2', null, '28-jumelage-sombre');
        // The used code, tried again from the stranger: refused, it stays unpaired.
        await stranger.getByLabel('Code de jumelage (8 chiffres)').fill(first);
        await stranger.getByLabel('Nom du poste').fill('Intrus');
        await stranger.getByRole('button', { name: 'Jumeler ce poste' }).click();
        await expect
          .poll(async () => stranger.getByTestId('pairing-error').textContent(), { timeout: 10_000 })
          .toContain('déjà utilisé ou expiré');

        await signIn(till1);
        await signIn(till2);
        expect(await till1.getByTestId('terminal-name').textContent()).toContain('Poste 1 (Caisse 1)');
        expect(await till2.getByTestId('terminal-name').textContent()).toContain('Poste 2 (Caisse 2)');
        // The last unit, on both terminals at the same moment.
        await Promise.all([putInCart(till1), putInCart(till2)]);
        await Promise.all([till1.keyboard.press('F9'), till2.keyboard.press('F9')]);
        const outcome = async (page: Page) => {
          await expect
            .poll(async () => (await noticeOf(page).textContent()) ?? '', { timeout: 15_000 })
            .toMatch(/Vente enregistrée|Rupture de stock/);
          return (await noticeOf(page).textContent()) ?? '';
        };
        const [said1, said2] = await Promise.all([outcome(till1), outcome(till2)]);
        const said = [said1, said2];
        expect(said.filter((text) => text.includes('Vente enregistrée'))).toHaveLength(1);
        expect(said.filter((text) => text.includes('Rupture de stock'))).toHaveLength(1);
        const loser = said1.includes('Rupture de stock') ? till1 : till2;
        await shot(loser, '28-rupture-de-stock');

        // More units: each terminal sells on, in its own series.
        expect((await asAdmin('PUT', `/api/v1/stock/${productId}`, { onHand: 20 })).status).toBe(200);
        const sell = async (page: Page): Promise<string> => {
          await putInCart(page);
          await page.keyboard.press('F9');
          await expect
            .poll(async () => noticeOf(page).textContent(), { timeout: 15_000 })
            .toContain('Vente enregistrée');
          return /facture (\S+),/.exec((await noticeOf(page).textContent()) ?? '')?.[1] ?? '';
        };
        await sell(till1);
        await sell(till2);
        await sell(till1);
        await sell(till2);
        const invoices = await asAdmin('GET', '/api/v1/invoices?kind=invoice&limit=50');
        const numbers = (invoices.body.invoices as { number: string }[]).map((i) => i.number);
        const series = (n: number): string[] => numbers.filter((number) => number.includes(`-T${String(n)}-`)).sort();
        const register = /^F-(H[0-9A-F]{8})-T1-/.exec(series(1)[0] ?? '')?.[1] ?? '';
        expect(register).toMatch(/^H[0-9A-F]{8}$/);
        for (const n of [1, 2]) {
          const mine = series(n);
          expect(mine.length).toBeGreaterThanOrEqual(2);
          expect(mine).toEqual(
            mine.map((_, i) => `F-${register}-T${String(n)}-${String(year)}-${String(i + 1).padStart(6, '0')}`),
          );
        }
        expect(series(1).length + series(2).length).toBe(5);
        // The cloud takes every terminal's invoices in their own series: the outbox drains, nothing refused.
        const drained = await until(
          async () => (await asAdmin('GET', '/api/v1/sync/status')).body as { outboxDepth: number; rejected: number },
          (status) => status.outboxDepth === 0,
          30_000,
        );
        expect(drained).toMatchObject({ outboxDepth: 0, rejected: 0 });

        // Revoked from the hub's screen: the terminal's next sale is refused and it goes back to pairing.
        const listed = await asAdmin('GET', '/api/v1/terminals');
        const second = (listed.body.terminals as { id: string; number: number }[]).find((t) => t.number === 2);
        expect((await asAdmin('POST', `/api/v1/terminals/${second?.id ?? ''}/revoke`)).status).toBe(200);
        const afterRevoke = await till2.evaluate(async () => (await fetch('/api/v1/invoices')).status);
        expect(afterRevoke).toBe(403);
        await till2.reload();
        await till2.getByText('Ce poste a été retiré du hub par un responsable').waitFor({ timeout: 15_000 });
        await shot(till2, '28-poste-retire-sombre');
        // The other terminal goes on.
        await sell(till1);
      } finally {
        await browser?.close();
        hub.kill('SIGTERM');
        demo.process.kill('SIGTERM');
        await Promise.all([exited(hub), exited(demo.process)]);
      }
    },
  );
});
