// A landlord's and an admin's real estate screens in Debian's Chromium on a 360x640 phone, against a real cloud (its
// built dist, demo data) on one database: the demo partner creates a listing on its form, adds a photo (sent with its
// progress), publishes it after reading the charge (the wallet goes down by at least the plan's credits), offers three
// visit slots at once; a candidate asks for one through the API and the landlord confirms it on its screen (the cloud
// reads it back confirmed); the landlord makes a lease with a 3-month deposit and reads law 2018-575's refusal, sets
// 2 months and the lease is made; once both parties signed (API), it records a cash rent payment and the receipt is
// listed. The demo admin, with its authenticator code, reads a held listing (a fee asked to visit) beside its note
// and a report, suspends the one and dismisses the other. Each screen is photographed light and dark and passes axe
// (renderer/.test-output/screenshots/portal/real-estate-owner).
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
import { available, api, noise, signBoth } from './portal-real-estate-owner-setup.js';
import { clientWithCredits, demoPassword, signIn } from './portal-services-setup.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'real-estate-owner');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const database = cloudDatabases.at(-1);
const partnerEmail = 'partenaire@demo.ismail.ci';
const adminEmail = 'admin@demo.ismail.ci';
const title = 'Appartement 3 pièces Zone 4, vue lagune';
const rentXof = 215_000;
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

/** The listing made on the form, its photo sent, published after the charge was shown; its id. */
async function createAndPublish(page: Page, demo: DemoCloud, violations: string[]): Promise<string> {
  await page.goto(`${demo.url}/menu`);
  await page.getByRole('link', { name: 'Mes annonces immobilières', exact: true }).click();
  await page.getByRole('link', { name: 'Nouvelle annonce' }).click();
  await page.getByLabel("Titre de l'annonce").fill(title);
  await page
    .getByLabel('Description')
    .fill('Séjour lumineux, deux chambres climatisées, gardien et groupe électrogène.');
  await page.getByLabel('Commune').selectOption('Marcory');
  await page.getByLabel('Quartier').fill('Zone 4');
  await page.getByLabel('Surface (m²)').fill('77');
  await page.getByLabel('Pièces').fill('3');
  await page.getByLabel('Chambres').fill('2');
  await page.getByLabel("Salles d'eau").fill('1');
  await page.getByLabel(/^Prix \(FCFA/).fill('215 000');
  await page.getByLabel('Charges mensuelles (FCFA)').fill('12 000');
  await page.getByLabel('Téléphone de contact').fill('+225 07 44 55 66 77');
  await page.getByRole('radio').first().waitFor({ timeout: slowMs });
  violations.push(...(await asIs(page, '2-listing-new')));
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await page.waitForURL('**/immobilier/gestion/annonces/*-*', { timeout: slowMs });
  const listingId = page.url().split('/').at(-1) ?? '';

  await page
    .getByLabel(/Ajouter des photos/)
    .setInputFiles({ name: 'sejour.jpg', mimeType: 'image/jpeg', buffer: await noise(640, 480, 'jpeg') });
  await page.getByTestId('photos').locator('img').first().waitFor({ timeout: slowMs });
  violations.push(
    ...(await lightAndDark(page, '3-listing-draft', async (p) =>
      p.getByTestId('photos').locator('img').first().waitFor({ timeout: slowMs }),
    )),
  );
  await page.getByRole('button', { name: 'Publier', exact: true }).click();
  await page.getByText(/La publication coûte \d+ crédits pour \d+ jours/).waitFor({ timeout: slowMs });
  violations.push(...(await asIs(page, '4-listing-charge')));
  await page.getByRole('button', { name: 'Confirmer et publier' }).click();
  await page.locator('.reo-chip', { hasText: 'Publiée' }).waitFor({ timeout: slowMs });
  return listingId;
}

describe('a landlord’s and an admin’s real estate screens in Chromium (real cloud)', () => {
  it(
    'listing, photo, publication, slots, a visit confirmed, a lease refused then made, rent recorded, review',
    {
      timeout: 900_000,
    },
    async () => {
      expect(database, 'a test database').toBeDefined();
      if (database === undefined) return;
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-real-estate-owner-'));
      const demo = await startDemoCloud(root, database, { PORTAL_DIR: privatePortalCopy(portalBuilt, root) });
      let browser: Browser | undefined;
      try {
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const violations: string[] = [];
        const context = await phoneContext(browser, 'fr', 'light');
        const page = await context.newPage();
        await signInPortal(page, demo.url, { email: partnerEmail, password: demoPassword });
        const asPartner = await signIn(demo, partnerEmail, demoPassword);

        // The listing: made, photographed, published; the wallet pays at least the plan's credits.
        const before = await available(demo, asPartner);
        const { plans } = await api<{ plans: { code: string; priceCredits: number }[] }>(
          demo,
          'GET',
          '/v1/real-estate/plans',
          asPartner,
        );
        const listingId = await createAndPublish(page, demo, violations);
        const after = await available(demo, asPartner);
        expect(before - after).toBeGreaterThanOrEqual((plans[0]?.priceCredits ?? 1) * 100);
        const mine = await api<{ status: string; photos: unknown[]; priceXof: number; depositMonths: number }>(
          demo,
          'GET',
          `/v1/real-estate/my-listings/${listingId}`,
          asPartner,
        );
        expect(mine).toMatchObject({ status: 'published', priceXof: rentXof, depositMonths: 2 });
        expect(mine.photos).toHaveLength(1);

        // The dashboard lists it with its state and draws its chart.
        await page.getByRole('link', { name: '← Mes annonces' }).click();
        const row = page.getByTestId(`listing-${listingId}`);
        violations.push(
          ...(await lightAndDark(page, '1-dashboard', async (p) => {
            await p.getByTestId(`listing-${listingId}`).waitFor({ timeout: slowMs });
            await p.getByTestId('performance').waitFor({ timeout: slowMs });
          })),
        );
        expect(await row.textContent()).toContain('Publiée');

        // Three slots at once, twenty days ahead (clear of the demo's own visits of this agent).
        await page.getByRole('link', { name: 'Visites', exact: true }).click();
        await page.getByLabel('Annonce', { exact: true }).selectOption({ label: title });
        const day = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
        await page.getByLabel('Jour', { exact: true }).fill(day);
        await page.getByLabel('Premier début').fill('10:00');
        await page.getByLabel('Durée (min)').fill('30');
        await page.getByLabel('Nombre').fill('3');
        await page.getByRole('button', { name: 'Ajouter 3 créneau(x)' }).click();
        await page.getByRole('status').filter({ hasText: 'Créneaux ajoutés.' }).waitFor({ timeout: slowMs });
        await page.getByTestId('slots').getByRole('listitem').nth(2).waitFor({ timeout: slowMs });

        // A candidate asks for the first slot; the landlord confirms it on its screen.
        const candidate = await clientWithCredits(demo);
        const asCandidate = await signIn(demo, candidate.email, candidate.password);
        const { slots } = await api<{ slots: { id: string; startsAt: string }[] }>(
          demo,
          'GET',
          `/v1/real-estate/listings/${listingId}/slots`,
          asCandidate,
        );
        expect(slots).toHaveLength(3);
        const visit = await api<{ id: string }>(demo, 'POST', '/v1/real-estate/visits', asCandidate, {
          slotId: slots[0]?.id,
          message: 'Bonjour, je souhaite visiter samedi matin.',
        });
        const card = page.getByTestId(`visit-${visit.id}`);
        violations.push(
          ...(await lightAndDark(page, '5-visits', async (p) =>
            p.getByTestId(`visit-${visit.id}`).getByRole('button', { name: 'Confirmer' }).waitFor({ timeout: slowMs }),
          )),
        );
        await card.getByRole('button', { name: 'Confirmer' }).click();
        await card.getByRole('button', { name: 'Visite effectuée' }).waitFor({ timeout: slowMs });
        const confirmed = await api<{ status: string }>(demo, 'GET', `/v1/real-estate/visits/${visit.id}`, asCandidate);
        expect(confirmed.status).toBe('confirmed');

        // The candidate also reports it (read by the admin below, while the listing is still published).
        const report = await api<{ id: string }>(
          demo,
          'POST',
          `/v1/real-estate/listings/${listingId}/reports`,
          asCandidate,
          {
            reason: 'wrong_info',
            detail: 'La surface annoncée semble fausse.',
          },
        );
        // A lease with a 3-month deposit is refused with the law's reason; 2 months is made.
        const me = await api<{ ismailId: string }>(demo, 'GET', '/v1/me', asCandidate);
        await page.getByRole('link', { name: 'Baux', exact: true }).click();
        await page.getByRole('button', { name: 'Nouveau bail' }).click();
        await page.getByLabel('Bien loué').selectOption({ label: title });
        await page.getByLabel('ISMAIL ID du locataire').fill(me.ismailId);
        await page.getByLabel('Caution (FCFA)').fill(String(3 * rentXof));
        await page.getByRole('button', { name: 'Créer le bail' }).click();
        await page.getByText('La caution ne peut pas dépasser 2 mois de loyer').waitFor({ timeout: slowMs });
        violations.push(...(await asIs(page, '6-lease-refused')));
        await page.getByLabel('Caution (FCFA)').fill(String(2 * rentXof));
        await page.getByRole('button', { name: 'Créer le bail' }).click();
        await page.getByRole('link', { name: 'Signer le bail' }).first().waitFor({ timeout: slowMs });
        const href =
          (await page.getByRole('status').getByRole('link', { name: 'Signer le bail' }).getAttribute('href')) ?? '';
        const leaseId = href.split('/').at(-1) ?? '';
        const lease = await api<{ depositXof: number; status: string }>(
          demo,
          'GET',
          `/v1/real-estate/leases/${leaseId}`,
          asPartner,
        );
        expect(lease).toMatchObject({ depositXof: 2 * rentXof, status: 'awaiting_signatures' });

        // Signed by both (the signing page is the tenant area's), then a cash payment recorded gives a receipt.
        await signBoth(demo, leaseId, [
          { headers: asPartner, name: 'Agence Démo' },
          { headers: asCandidate, name: 'Awa Koné' },
        ]);
        await page.reload();
        const leaseCard = page.getByTestId(`lease-${leaseId}`);
        await leaseCard.getByRole('button', { name: 'Enregistrer un paiement' }).first().click();
        await leaseCard.getByRole('radio', { name: 'Espèces' }).check();
        await leaseCard.getByRole('button', { name: 'Enregistrer le paiement' }).click();
        await page.getByTestId(`receipts-${leaseId}`).getByRole('listitem').first().waitFor({ timeout: slowMs });
        violations.push(
          ...(await lightAndDark(page, '7-leases', async (p) =>
            p.getByTestId(`receipts-${leaseId}`).getByRole('listitem').first().waitFor({ timeout: slowMs }),
          )),
        );
        const paid = await api<{ dues: { paidXof: number }[]; documents: { kind: string }[] }>(
          demo,
          'GET',
          `/v1/real-estate/leases/${leaseId}`,
          asPartner,
        );
        expect(paid.dues.some((d) => d.paidXof > 0)).toBe(true);
        expect(paid.documents.filter((d) => d.kind === 'receipt')).toHaveLength(1);

        // The admin's review: a listing asking a fee to visit is held; a report on ours is open.
        const held = await api<{ id: string }>(demo, 'POST', '/v1/real-estate/listings', asPartner, {
          kind: 'studio',
          deal: 'rent',
          title: 'Studio Treichville, frais de visite 5 000 FCFA',
          description: 'Studio propre. Frais de visite : 5 000 FCFA à payer avant la visite.',
          commune: 'Treichville',
          areaM2: 23,
          priceXof: 85_000,
          contactPhone: '+2250799887766',
          planCode: plans[0]?.code,
        });
        const submitted = await api<{ status: string }>(
          demo,
          'POST',
          `/v1/real-estate/listings/${held.id}/submit`,
          asPartner,
          {},
        );
        expect(submitted.status).toBe('pending_review');
        // The owner reads why it is held on the listing's page.
        await page.goto(`${demo.url}/immobilier/gestion/annonces/${held.id}`);
        await page.getByTestId('moderation-note').waitFor({ timeout: slowMs });
        expect(await page.getByTestId('moderation-note').textContent()).toContain('frais de visite');
        violations.push(...(await asIs(page, '8-listing-held')));
        const adminContext = await phoneContext(browser, 'fr', 'light');
        const admin = await adminContext.newPage();
        await signInPortal(admin, demo.url, {
          email: adminEmail,
          password: demoPassword,
          totpCode: () => demoTotp.generate(),
        });
        await admin.goto(`${demo.url}/menu`);
        await admin.getByRole('link', { name: 'Annonces immobilières à vérifier' }).click();
        violations.push(
          ...(await lightAndDark(admin, '9-admin-review', async (p) =>
            p.getByTestId(`report-${report.id}`).waitFor({ timeout: slowMs }),
          )),
        );
        expect(await admin.getByTestId(`held-${held.id}`).textContent()).toContain('Motif');
        await admin.getByTestId(`held-${held.id}`).getByLabel("Note pour l'annonceur").fill('Pas de frais de visite.');
        await admin.getByTestId(`held-${held.id}`).getByRole('button', { name: 'Suspendre' }).click();
        await admin.getByTestId(`held-${held.id}`).waitFor({ state: 'detached', timeout: slowMs });
        await admin.getByTestId(`report-${report.id}`).getByRole('button', { name: 'Rejeter le signalement' }).click();
        await admin.getByTestId(`report-${report.id}`).waitFor({ state: 'detached', timeout: slowMs });
        // The admin's own session (opened with its code) reads the queue back: neither is left.
        const asAdmin = await admin.evaluate(
          () =>
            (JSON.parse(localStorage.getItem('ismail.portal.session') ?? '{}') as { accessToken?: string }).accessToken,
        );
        const review = await api<{ listings: { id: string }[]; reports: { id: string }[] }>(
          demo,
          'GET',
          '/v1/admin/real-estate/review',
          { authorization: `Bearer ${asAdmin ?? ''}` },
        );
        expect(review.listings.map((l) => l.id)).not.toContain(held.id);
        expect(review.reports.map((r) => r.id)).not.toContain(report.id);
        await adminContext.close();
        expect(violations).toEqual([]);
      } finally {
        await browser?.close();
        demo.process.kill('SIGKILL');
        await exited(demo.process);
      }
    },
  );
});
