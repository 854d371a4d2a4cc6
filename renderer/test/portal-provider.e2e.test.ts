// A provider's and an admin's Services screens in Debian's Chromium on a 360x640 phone, against a real
// cloud (its built dist, demo data) on one database: the demo partner creates its provider profile, opens Monday in two
// ranges and adds a fixed-price offer (the cloud reads them back), finds them on its public profile, answers a
// client's request (made through the API) with a two-line quote whose total the form shows before sending; the client
// accepts it, the work is marked done and the client disputes it (through the API); the demo admin, signed in with
// its authenticator code, decides a 40 % refund on the disputes screen, which shows the split in FCFA first, and the
// cloud reads the appointment back refunded by exactly that split. Each screen is photographed light and dark and
// passes axe (renderer/.test-output/screenshots/portal/provider).
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
import { phoneContext, privatePortalCopy, seriousViolations, throttle } from './portal-browser.js';
import { clientWithCredits, demoPassword, getJson, openAt, passStart, signIn } from './portal-services-setup.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'provider');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const database = cloudDatabases.at(-1);
const partnerEmail = 'partenaire@demo.ismail.ci';
const providerName = 'Électricité Kouassi Yopougon';
const flat = (s: string | null): string => (s ?? '').replace(/\s/g, ' ');
/** The demo admins' TOTP secret (public: demo only, cloud/src/demo/accounts.ts). */
const demoTotp = new TOTP({
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  secret: Secret.fromBase32('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'),
});

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

/** The screen as it is now (a form half filled would not survive a reload): photographed and axe-checked. */
async function asIs(page: Page, name: string): Promise<string[]> {
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
  return (await seriousViolations(page)).map((v) => `${name}: ${v}`);
}

async function signInPage(page: Page, url: string, email: string, totp = false): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(demoPassword);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  if (totp) {
    const code = page.getByLabel("Code de l'application d'authentification");
    await code.waitFor({ timeout: slowMs });
    await code.fill(demoTotp.generate());
    await page.getByRole('button', { name: 'Se connecter' }).click();
  }
  // Signed in once the form is gone: the button alone is renamed « Connexion… » while the request is on its way,
  // and navigating then aborts the sign-in (the menu then opened on /sign-in under CI load).
  await page.getByLabel('Adresse e-mail').waitFor({ state: 'detached', timeout: slowMs });
}

async function post(demo: DemoCloud, url: string, headers: Record<string, string>, body: unknown): Promise<unknown> {
  const answer = await fetch(`${demo.url}${url}`, {
    method: 'POST',
    headers: { ...headers, 'idempotency-key': randomUUID() },
    body: JSON.stringify(body),
  });
  expect(answer.status, `${url}: ${await answer.clone().text()}`).toBeLessThan(300);
  return answer.status === 204 ? null : answer.json();
}

/** The partner's profile, Monday's hours and an offer, through the screen; what the cloud read back. */
async function createProfile(page: Page, demo: DemoCloud, asPartner: Record<string, string>): Promise<string> {
  await page.goto(`${demo.url}/menu`);
  await page.getByRole('link', { name: 'Mon profil prestataire', exact: true }).click();
  await page.getByLabel('Nom affiché').fill(providerName);
  await page.getByLabel('Accroche').fill('Électricien à Yopougon : prises, disjoncteurs, pannes');
  await page.getByLabel('Description').fill('Installations et dépannages électriques depuis 2012. Travail garanti.');
  await page.getByRole('checkbox', { name: 'Électricité' }).check();
  await page.getByRole('checkbox', { name: 'Yopougon' }).check();
  await page.getByLabel('Prix minimum (FCFA)').fill('10 000');
  await page.getByLabel('Prix maximum (FCFA)').fill('60 000');
  await page.getByLabel('Délai de prévenance (minutes)').fill('0');
  await page.getByRole('button', { name: 'Créer mon profil' }).click();
  await page.getByRole('link', { name: 'Voir mon profil public' }).waitFor({ timeout: slowMs });

  const monday = page.getByRole('group', { name: 'Lundi' });
  await monday.getByRole('checkbox', { name: 'Fermé' }).uncheck();
  await monday.getByLabel('Fin').fill('12:00');
  await monday.getByRole('button', { name: 'Ajouter une plage' }).click();
  await monday.getByLabel('Début').nth(1).fill('14:00');
  await monday.getByLabel('Fin').nth(1).fill('18:30');
  await page.getByRole('button', { name: 'Enregistrer les horaires' }).click();
  await page.getByRole('status').filter({ hasText: 'Horaires enregistrés.' }).waitFor({ timeout: slowMs });

  await page.getByRole('button', { name: 'Nouvelle prestation' }).click();
  await page.getByLabel('Intitulé').fill('Pose d’une prise');
  await page.getByLabel('Prix (FCFA, TTC)').fill('12 000');
  await page.getByLabel('Durée (minutes)').fill('45');
  await page.getByRole('button', { name: 'Ajouter la prestation' }).click();
  await page.getByTestId('offers').getByRole('heading', { name: 'Pose d’une prise' }).waitFor({ timeout: slowMs });

  const mine = await getJson<{
    id: string;
    displayName: string;
    categories: string[];
    communes: string[];
    minNoticeMinutes: number;
    weekly: { weekday: number; startMinute: number; endMinute: number }[];
    offers: { title: string; pricing: string; priceXof: number | null; durationMinutes: number }[];
  }>(demo, '/v1/services/me/profile', asPartner);
  expect(mine).toMatchObject({
    displayName: providerName,
    categories: ['electricity'],
    communes: ['Yopougon'],
    minNoticeMinutes: 0,
  });
  expect(mine.weekly).toEqual([
    { weekday: 0, startMinute: 480, endMinute: 720 },
    { weekday: 0, startMinute: 840, endMinute: 1110 },
  ]);
  expect(mine.offers).toEqual([
    expect.objectContaining({ title: 'Pose d’une prise', pricing: 'fixed', priceXof: 12_000, durationMinutes: 45 }),
  ]);
  return mine.id;
}

describe('a provider’s and an admin’s Services screens in Chromium (real cloud)', () => {
  it('profile, hours and offer; a quote; a dispute decided as a 40 % refund', { timeout: 900_000 }, async () => {
    expect(database, 'a test database').toBeDefined();
    if (database === undefined) return;
    expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
    expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
    mkdirSync(screenshots, { recursive: true });
    const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-provider-'));
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
      const context = await phoneContext(browser, 'fr', 'light');
      const page = await context.newPage();
      await throttle(context, page);
      await signInPage(page, demo.url, partnerEmail);
      const asPartner = await signIn(demo, partnerEmail, demoPassword);

      const providerId = await createProfile(page, demo, asPartner);
      const profileReady = async (p: Page) =>
        p.getByTestId('offers').getByRole('heading', { name: 'Pose d’une prise' }).waitFor();
      violations.push(...(await lightAndDark(page, '1-profile', profileReady)));
      await page.getByRole('link', { name: 'Voir mon profil public' }).click();
      await page.waitForURL(`**/services/providers/${providerId}`, { timeout: slowMs });
      await page.getByRole('heading', { level: 1, name: providerName }).waitFor({ timeout: slowMs });
      await page.locator('main').getByText('Pose d’une prise').first().waitFor({ timeout: slowMs });
      const shown = flat(await page.locator('main').textContent());
      expect(shown).toContain(providerName);
      expect(shown).toContain('12 000 FCFA');

      // A client asks for work through the API; the partner finds it in its inbox and quotes it on its screen.
      const client = await clientWithCredits(demo);
      const asClient = await signIn(demo, client.email, client.password);
      const description = 'Trois prises à poser dans le salon, et une qui grésille près de la télévision à Niangon.';
      const request = (await post(demo, '/v1/services/requests', asClient, {
        providerIds: [providerId],
        category: 'electricity',
        description,
        commune: 'Yopougon',
        wishedFrom: new Date(Date.now() + 3_600_000).toISOString(),
        wishedTo: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      })) as { id: string };
      await page.goto(`${demo.url}/menu`);
      await page.getByRole('link', { name: 'Demandes reçues', exact: true }).click();
      const inboxLink = page.getByTestId('inbox').getByRole('link', { name: /Trois prises à poser dans le salon/ });
      violations.push(...(await lightAndDark(page, '2-inbox', async () => inboxLink.waitFor({ timeout: slowMs }))));
      await inboxLink.click();
      await page.getByTestId('request').getByText(description).waitFor({ timeout: slowMs });
      // The work starts in a few minutes (hours opened from that minute) so that it can be marked done below.
      const start = await openAt(demo, asPartner, 4);
      await page.getByLabel('Libellé').fill('Pose de prise');
      await page.getByLabel('Quantité').fill('3');
      await page.getByLabel('Prix unitaire (FCFA)').fill('7 500');
      await page.getByRole('button', { name: 'Ajouter une ligne' }).click();
      await page.getByLabel('Libellé').nth(1).fill('Déplacement');
      await page.getByLabel('Prix unitaire (FCFA)').nth(1).fill('3 400');
      expect(flat(await page.getByTestId('quote-total').textContent())).toBe('Total TTC : 25 900 FCFA');
      expect(await page.getByLabel('TVA').first().locator('option:checked').textContent()).toBe('TVA 18 %');
      expect(await page.getByLabel('Validité (jours)').inputValue()).toBe('7');
      await page.getByLabel('Date et heure').fill(start.local);
      await page.getByLabel('Durée (minutes)').fill('60');
      await page.getByLabel('Note').fill('Prises Legrand fournies.');
      violations.push(...(await asIs(page, '3-quote-form')));
      await page.getByRole('button', { name: 'Envoyer le devis' }).click();
      await page.getByText('Devis envoyé au client.').waitFor({ timeout: slowMs });
      await page.getByRole('button', { name: 'Envoyer une nouvelle version' }).waitFor({ timeout: slowMs });
      const quoteReady = async (p: Page) => p.getByTestId('my-quotes').getByText('Version 1').waitFor();
      violations.push(...(await lightAndDark(page, '3-request', quoteReady)));

      // The client accepts and pays; the appointment is among the partner's; done, then disputed by the client.
      const detail = await getJson<{ quotes: { id: string; version: number; totalXof: number }[] }>(
        demo,
        `/v1/services/requests/${request.id}`,
        asClient,
      );
      const quote = detail.quotes[0];
      expect(quote?.totalXof).toBe(25_900);
      const appointment = (await post(demo, `/v1/services/quotes/${quote?.id ?? ''}/accept`, asClient, {
        version: quote?.version,
      })) as { id: string; title: string };
      await page.goto(`${demo.url}/menu`);
      await page.getByRole('link', { name: 'Interventions', exact: true }).click();
      const booked = page.getByTestId('appointments-upcoming').getByRole('link', { name: appointment.title });
      violations.push(...(await lightAndDark(page, '4-appointments', async () => booked.waitFor({ timeout: slowMs }))));
      await context.close();
      await passStart(demo, start.startsAtMs);
      await post(demo, `/v1/services/appointments/${appointment.id}/done`, asPartner, {});
      const reason = 'Une des prises grésille encore le lendemain.';
      const dispute = (await post(demo, `/v1/services/appointments/${appointment.id}/dispute`, asClient, {
        reason,
      })) as { id: string };
      // An admin decides once the other side answered (or its three days ran out).
      const answer = 'Les quatre prises fonctionnaient à mon départ, testées devant la cliente.';
      await post(demo, `/v1/services/disputes/${dispute.id}/answer`, asPartner, { answer });

      // The admin decides a 40 % refund: the split is shown in FCFA before confirming, and the cloud applies it.
      const adminContext = await phoneContext(browser, 'fr', 'light');
      const admin = await adminContext.newPage();
      await throttle(adminContext, admin);
      await signInPage(admin, demo.url, 'admin@demo.ismail.ci', true);
      await admin.goto(`${demo.url}/menu`);
      await admin.getByRole('link', { name: 'Litiges services', exact: true }).click();
      const card = admin.getByTestId(`dispute-${dispute.id}`);
      const disputesReady = async (p: Page) => p.getByTestId(`dispute-${dispute.id}`).getByText(reason).waitFor();
      await card.waitFor({ timeout: slowMs });
      violations.push(...(await lightAndDark(admin, '5-disputes', disputesReady)));
      expect(flat(await card.textContent())).toContain('25 900 FCFA');
      expect(flat(await card.textContent())).toContain(answer);
      await card.getByRole('radio', { name: 'Rembourser' }).check();
      await card.getByLabel('Part remboursée (%)').fill('40');
      const split = 'Le client reçoit 10 360 FCFA, le prestataire garde 15 540 FCFA.';
      expect(flat(await card.getByTestId('dispute-split').textContent())).toBe(split);
      await card.getByLabel('Note').fill('La prise du salon est à reprendre : 40 % remboursés.');
      await card.getByRole('button', { name: 'Décider' }).click();
      const confirm = card.getByTestId('dispute-confirm');
      expect(flat(await confirm.textContent())).toContain(split);
      violations.push(...(await asIs(admin, '5-dispute-confirm')));
      await confirm.getByRole('button', { name: 'Confirmer la décision' }).click();
      await admin
        .getByTestId('disputes-decided')
        .getByText(/Remboursé à 40 %/)
        .waitFor({ timeout: slowMs });
      violations.push(...(await asIs(admin, '6-decided')));
      const decided = await getJson<{ status: string; refundedXof: number | null; capturedXof: number | null }>(
        demo,
        `/v1/services/appointments/${appointment.id}`,
        asClient,
      );
      expect(decided).toMatchObject({ refundedXof: 10_360, capturedXof: 15_540 });

      // The review the demo data reported: the admin reads it with the reason and keeps it; no report is left open.
      await admin.goto(`${demo.url}/menu`);
      await admin.getByRole('link', { name: 'Avis signalés', exact: true }).click();
      const reported = admin.getByTestId('review-reports').getByRole('listitem').filter({ hasText: 'coiffeuse' });
      violations.push(
        ...(await lightAndDark(admin, '7-reported-reviews', async () => reported.waitFor({ timeout: slowMs }))),
      );
      await reported.getByRole('button', { name: 'Conserver' }).click();
      await admin.getByText('Aucun avis signalé.').waitFor({ timeout: slowMs });
      const asAdmin = await admin.evaluate(
        () =>
          (JSON.parse(localStorage.getItem('ismail.portal.session') ?? '{}') as { accessToken?: string }).accessToken,
      );
      const open = await getJson<{ reports: unknown[] }>(demo, '/v1/admin/services/review-reports', {
        authorization: `Bearer ${asAdmin ?? ''}`,
      });
      expect(open.reports).toEqual([]);
      await adminContext.close();
      expect(violations).toEqual([]);
    } finally {
      await browser?.close();
      demo.process.kill('SIGKILL');
      await exited(demo.process);
    }
  });
});
