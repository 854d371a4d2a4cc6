// Social in the client portal, end to end in Debian's Chromium on a 360x640 phone,
// against a real cloud (its built dist, demo data) and the local OpenID Connect provider: a share
// link answers its Open Graph card with the price in FCFA and a product name's markup escaped; a
// client taps "Continuer avec un autre compte", signs in at the provider's own page, is told the
// identity is linked to nothing, links their existing account only after its password, sees it in
// the linked accounts, signs out, and the next "Continuer avec …" goes straight in; unlinking is
// confirmed and read back from the cloud; a forged answer is refused in words. Every social screen
// passes axe (no serious or critical violation) in French and English, light and dark, and is
// photographed into renderer/.test-output/screenshots/portal/social.
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startOidcProviderSimulator } from '@ismail/firmware-sim';
import { startDemoCloud, type DemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { checkEveryLook, looks, phoneContext, seriousViolations, throttle } from './portal-browser.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'social');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const oidcClient = { clientId: 'ismail-e2e', clientSecret: 'oidc-e2e-secret-0123456789' };
const label = 'Simulateur OIDC';
const lastDatabase = cloudDatabases.at(-1);
// There is always one (the embedded PostgreSQL): a list without it is a broken test setup, said loudly.
if (lastDatabase === undefined) throw new Error('no cloud database to test on');
const database = lastDatabase;

/** An active client made through the operator API, with the password the person knows. */
async function activeClient(demo: DemoCloud): Promise<{ id: string; email: string; password: string }> {
  const email = `social-${randomUUID().slice(0, 8)}@test.ismail.ci`;
  const password = 'social-e2e-2026';
  const created = await fetch(`${demo.url}/v1/operator/accounts`, {
    method: 'POST',
    headers: demo.operator,
    body: JSON.stringify({ profile: 'client', email, password, firstName: 'Awa', lastName: 'Koné' }),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const activated = await fetch(`${demo.url}/v1/operator/accounts/${id}/activate`, {
    method: 'POST',
    headers: { authorization: demo.operator.authorization ?? '' },
  });
  expect(activated.status).toBe(200);
  return { id, email, password };
}

/** The demo partner adds a product whose name holds markup; its share link must show it as text. */
async function sharedProduct(demo: DemoCloud): Promise<string> {
  const signIn = await fetch(`${demo.url}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'partenaire@demo.ismail.ci', password: 'demo-ismail-2026' }),
  });
  const { accessToken } = (await signIn.json()) as { accessToken: string };
  const created = await fetch(`${demo.url}/v1/shop/products`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Pagne <script>alert(1)</script> wax',
      description: 'Coton 6 yards',
      category: 'mode',
      kind: 'physical',
      priceXof: 12_500,
      taxGroup: 'CI-TVA-18',
    }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

const meta = (html: string, property: string): string | undefined =>
  new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)">`).exec(html)?.[1];

/** The portal session this page holds (to read the cloud back as this person). */
async function sessionToken(page: Page): Promise<string> {
  const raw = await page.evaluate(() => localStorage.getItem('ismail.portal.session'));
  return (JSON.parse(raw ?? '{}') as { accessToken?: string }).accessToken ?? '';
}

/** From the portal's sign-in screen to the provider's answer, through the provider's own login page when asked. */
async function continueWithProvider(page: Page, login?: { login: string; password: string }): Promise<void> {
  await page.getByRole('button', { name: `Continuer avec ${label}` }).click();
  if (login !== undefined) {
    await page.getByLabel('Identifiant').fill(login.login);
    await page.getByLabel('Mot de passe').fill(login.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
  }
}

describe(`portal social (real cloud, ${database.name})`, () => {
  it(
    'shares a product card, links an existing account after its password, signs in again straight away, unlinks',
    { timeout: 600_000 },
    async () => {
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-social-'));
      const awa = { login: `awa-${randomUUID().slice(0, 6)}`, password: 'provider-pw-2026' };
      const sim = await startOidcProviderSimulator({
        port: 0,
        ...oidcClient,
        label,
        // The cloud's port is known once it runs: registered again below.
        redirectUris: ['http://127.0.0.1:9/social/callback'],
        users: [
          { ...awa, email: 'awa.perso@exemple.ci', givenName: 'Awa', familyName: 'Koné' },
          {
            login: 'ines',
            password: 'provider-pw-2026',
            email: 'ines@exemple.ci',
            givenName: 'Inès',
            familyName: 'Traoré',
          },
        ],
      });
      // The cloud serves its own copy of the built portal: a rebuild during the run (another suite, a
      // developer) would otherwise swap the files under the page and the service worker would offer an update.
      const portalDir = path.join(root, 'portal');
      cpSync(path.dirname(portalBuilt), portalDir, { recursive: true });
      const demo = await startDemoCloud(root, database ?? cloudDatabases[0]!, {
        PORTAL_DIR: portalDir,
        OIDC_ISSUER: sim.issuer,
        OIDC_CLIENT_ID: oidcClient.clientId,
        OIDC_CLIENT_SECRET: oidcClient.clientSecret,
        OIDC_PROVIDER_LABEL: label,
      });
      sim.setRedirectUris([`${demo.url}/social/callback`]);
      let browser: Browser | undefined;
      try {
        // Share link: the card WhatsApp reads, escaped, sending people to the portal.
        const productId = await sharedProduct(demo);
        const card = await fetch(`${demo.url}/s/p/${productId}`);
        expect(card.status).toBe(200);
        const html = await card.text();
        expect(html).not.toMatch(/<script/i);
        expect(meta(html, 'og:title')).toBe('Pagne &lt;script&gt;alert(1)&lt;/script&gt; wax');
        expect(meta(html, 'og:description')?.replace(/\s/g, ' ')).toBe('12 500 FCFA · Coton 6 yards');
        expect(meta(html, 'og:url')).toBe(`${demo.url}/s/p/${productId}`);
        expect(meta(html, 'twitter:card')).toBe('summary');
        const missing = await fetch(`${demo.url}/s/p/${randomUUID()}`);
        expect(missing.status).toBe(404);
        expect(await missing.text()).toContain('Lien introuvable');

        const person = await activeClient(demo);
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const violations: string[] = [];

        // The walk, in French and light.
        const context = await phoneContext(browser, 'fr', 'light');
        const page = await context.newPage();
        await throttle(context, page);
        await page.goto(`${demo.url}/sign-in`);
        await page.getByRole('link', { name: 'Continuer avec un autre compte' }).click({ timeout: slowMs });
        await page.getByRole('heading', { name: 'Continuer avec un autre compte' }).waitFor({ timeout: slowMs });
        await continueWithProvider(page, awa);
        const unlinked = page.getByText(`Votre compte ${label} n’est lié à aucun compte ISMAIL`);
        await unlinked.waitFor({ timeout: slowMs });
        expect(new URL(page.url()).search).toBe('');
        await page.getByRole('button', { name: 'J’ai déjà un compte ISMAIL' }).click();
        // A wrong password links nothing.
        await page.getByLabel('Adresse e-mail du compte ISMAIL').fill(person.email);
        await page.getByLabel('Mot de passe du compte ISMAIL').fill('pas-le-bon');
        await page.getByRole('button', { name: 'Lier et me connecter' }).click();
        await expect
          .poll(() => page.getByRole('alert').textContent(), { timeout: slowMs })
          .toBe('Adresse e-mail, mot de passe ou code incorrect.');
        await page.getByLabel('Mot de passe du compte ISMAIL').fill(person.password);
        await page.getByRole('button', { name: 'Lier et me connecter' }).click();
        await page.getByRole('heading', { name: label }).waitFor({ timeout: slowMs });
        expect(new URL(page.url()).pathname).toBe('/social/accounts');
        const token = await sessionToken(page);
        const me = (await (
          await fetch(`${demo.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as {
          id: string;
        };
        expect(me.id).toBe(person.id);

        // Signed out, the social button goes straight in: the provider remembers Awa, the cloud the link.
        await page.evaluate(() => localStorage.removeItem('ismail.portal.session'));
        await page.goto(`${demo.url}/social/sign-in`);
        await continueWithProvider(page);
        await page.waitForURL((url) => url.pathname === '/', { timeout: slowMs });
        expect(await sessionToken(page)).not.toBe(token);
        const again = (await (
          await fetch(`${demo.url}/v1/me`, { headers: { authorization: `Bearer ${await sessionToken(page)}` } })
        ).json()) as { id: string };
        expect(again.id).toBe(person.id);

        // Every social screen in the four looks (no throttling: the walk above was the slow one).
        const looksContext = await phoneContext(browser, 'fr', 'light');
        const shots = await looksContext.newPage();
        await shots.goto(`${demo.url}/social/sign-in`);
        const providerButton = (p: Page) => p.locator('.social-provider').waitFor();
        violations.push(...(await checkEveryLook(shots, screenshots, '1-social-sign-in', providerButton)));
        let first = true;
        for (const [language, theme] of looks) {
          await shots.evaluate(
            ([l, t]) => {
              localStorage.setItem('ismail.portal.language', l);
              localStorage.setItem('ismail.portal.theme', t);
            },
            [language, theme] as const,
          );
          await shots.goto(`${demo.url}/social/sign-in`);
          await shots.locator('.social-provider').click();
          if (first) {
            await shots.getByLabel('Identifiant').fill('ines');
            await shots.getByLabel('Mot de passe').fill('provider-pw-2026');
            await shots.getByRole('button', { name: 'Se connecter' }).click();
            first = false;
          }
          await shots.locator('.social-choices').waitFor();
          const tag = `${language}-${theme}`;
          await shots.locator('.social-choices button').first().click();
          await shots.locator('#social-link-email').waitFor();
          await shots.screenshot({ path: path.join(screenshots, `2-social-link-${tag}.png`), fullPage: true });
          violations.push(...(await seriousViolations(shots)).map((v) => `2-social-link-${tag}: ${v}`));
          await shots.locator('.social-choices button').nth(1).click();
          await shots.locator('#social-first-name').waitFor();
          expect(await shots.locator('#social-first-name').inputValue()).toBe('Inès');
          await shots.screenshot({ path: path.join(screenshots, `3-social-sign-up-${tag}.png`), fullPage: true });
          violations.push(...(await seriousViolations(shots)).map((v) => `3-social-sign-up-${tag}: ${v}`));
        }
        // An answer this browser did not start (or a stale one) is refused in words, with a way to start again.
        await shots.evaluate(() => {
          localStorage.setItem('ismail.portal.language', 'fr');
          localStorage.removeItem('ismail.portal.theme');
        });
        await shots.goto(`${demo.url}/social/callback?code=forged&state=forged`);
        const refusal = (p: Page) => p.getByRole('alert').waitFor();
        await refusal(shots);
        expect(await shots.getByRole('alert').textContent()).toBe(
          'Cette connexion a expiré ou a déjà servi. Recommencez.',
        );
        violations.push(...(await checkEveryLook(shots, screenshots, '6-social-callback-refused', refusal)));
        await looksContext.close();

        // The linked accounts in the four looks, then unlinking, confirmed and read back.
        await page.goto(`${demo.url}/social/accounts`);
        const linkedList = (p: Page) => p.locator('.social-identity').waitFor({ timeout: slowMs });
        await linkedList(page);
        violations.push(...(await checkEveryLook(page, screenshots, '4-social-accounts', linkedList)));
        await page.getByRole('button', { name: `Délier ${label}` }).click();
        await page.getByRole('button', { name: 'Oui, délier' }).waitFor();
        await page.screenshot({ path: path.join(screenshots, '5-social-unlink-confirm-fr-light.png'), fullPage: true });
        violations.push(...(await seriousViolations(page)).map((v) => `5-social-unlink-confirm: ${v}`));
        await page.getByRole('button', { name: 'Oui, délier' }).click();
        await expect
          .poll(() => page.locator('.social-notice').textContent(), { timeout: slowMs })
          .toBe('Compte délié.');
        await page.getByText('Aucun compte lié.').waitFor({ timeout: slowMs });
        const identities = (await (
          await fetch(`${demo.url}/v1/social/identities`, {
            headers: { authorization: `Bearer ${await sessionToken(page)}` },
          })
        ).json()) as { identities: unknown[] };
        expect(identities.identities).toEqual([]);
        await context.close();
        expect(violations).toEqual([]);
      } finally {
        await browser?.close();
        demo.process.kill('SIGTERM');
        await exited(demo.process);
        await sim.close();
      }
    },
  );
});
