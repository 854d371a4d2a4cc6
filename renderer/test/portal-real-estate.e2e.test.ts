// Seed figure 5 (search and visit request for a rental) in Debian's Chromium on a 360x640 phone, against a real cloud
// (its built dist, demo data) on one database: the demo partner publishes three rentals through the API (two in
// Cocody under 300 000 FCFA, one at 450 000) with visit slots; a candidate filters rentals in Cocody under 300 000 FCFA
// and sees the two on the list and as map markers (the map's tiles read from the cloud's PMTiles archive by HTTP
// Range), the list and the map in step; opens one, asks for a visit on a slot; the agent, in a second browser,
// confirms it on its own screen; the candidate reads « Confirmée » on « Mes visites »; the reminder job tells the
// visitor; the agency's hub (a real hub process paired with the cloud) opens the flat's door lock (Debian's
// mosquitto_sub as the lock) for that visitor in the visit's window, and for nobody else. Then the candidate signs a
// lease the landlord made for it. Each screen is photographed light and dark
// and axe-checked.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes, randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { tryTheDoor } from '../../tools/test-support/door-visit.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { phoneContext, privatePortalCopy, seriousViolations, signInPortal } from './portal-browser.js';
import { clientWithCredits, demoPassword, plumberEmail as partnerEmail, signIn } from './portal-services-setup.js';
import { eventually, getJson, postJson, publishRentals } from './portal-real-estate-setup.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'real-estate');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const database = cloudDatabases.at(-1);
const flat = (s: string | null): string => (s ?? '').replace(/\s/g, ' ');
/** A small noisy PNG (the cloud decodes it, and refuses one under 100 bytes): the landlord's drawn signature. */
const signaturePng = async (): Promise<string> =>
  (
    await sharp(randomBytes(40 * 20 * 3), { raw: { width: 40, height: 20, channels: 3 } })
      .png()
      .toBuffer()
  ).toString('base64');

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
  await page.reload();
  await ready(page);
  return found;
}

describe('seed figure 5 in Chromium: a rental found on the map, a visit asked, confirmed and reminded', () => {
  it(
    'filters → list and map → listing → visit → agent confirms → « Confirmée » → reminder → door opens; lease signed',
    {
      timeout: 1_200_000,
    },
    async () => {
      expect(database, 'a test database').toBeDefined();
      if (database === undefined) return;
      expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
      expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
      mkdirSync(screenshots, { recursive: true });
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-real-estate-'));
      const demo = await startDemoCloud(root, database, { PORTAL_DIR: privatePortalCopy(portalBuilt, root) });
      let browser: Browser | undefined;
      try {
        const landlord = await signIn(demo, partnerEmail, demoPassword);
        const [cheap, studio, dear] = await publishRentals(demo, landlord);
        if (cheap === undefined || studio === undefined || dear === undefined) throw new Error('three rentals');
        const candidate = await clientWithCredits(demo);
        const asCandidate = await signIn(demo, candidate.email, candidate.password);
        browser = await chromium.launch({
          executablePath: chromiumPath,
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
        });
        const violations: string[] = [];
        const context = await phoneContext(browser, 'fr', 'light');
        const page = await context.newPage();
        // Every read of the tile archive, with its Range header (the archive is read in parts, never whole).
        const tileReads: (string | undefined)[] = [];
        page.on('request', (request) => {
          if (request.url().endsWith('/v1/real-estate/tiles/abidjan.pmtiles')) tileReads.push(request.headers().range);
        });
        await signInPortal(page, demo.url, { email: candidate.email, password: candidate.password });

        // The candidate finds Immobilier in the menu and filters rentals in Cocody under 300 000 FCFA.
        await page.goto(`${demo.url}/menu`);
        await page.getByRole('link', { name: 'Immobilier', exact: true }).click();
        await page.getByRole('button', { name: 'Louer' }).click();
        await page.getByLabel('Commune', { exact: true }).selectOption('Cocody');
        await page.getByLabel('Loyer max (FCFA)').fill('300000');
        await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
        const cardOf = (title: string) => page.getByTestId('listing-card').filter({ hasText: title });
        await cardOf(cheap.title).waitFor({ timeout: slowMs });
        await cardOf(studio.title).waitFor({ timeout: slowMs });
        expect(page.url()).toMatch(/deal=rent/);
        expect(page.url()).toMatch(/commune=Cocody/);
        expect(page.url()).toMatch(/maxPriceXof=300000/);
        expect(await cardOf(dear.title).count()).toBe(0);
        expect(flat(await cardOf(cheap.title).textContent())).toContain('250 000 FCFA / mois');
        // The same two as price markers on the map, the dearer one absent; the tiles came by Range requests.
        const markerOf = (id: string) => page.locator(`.re-marker[data-listing-id="${id}"]`);
        await markerOf(cheap.id).waitFor({ timeout: slowMs });
        await markerOf(studio.id).waitFor({ timeout: slowMs });
        expect(await markerOf(dear.id).count()).toBe(0);
        expect(await markerOf(cheap.id).getAttribute('role')).toBe('button');
        expect(flat(await markerOf(cheap.id).textContent())).toBe('250 000 FCFA');
        await page.waitForFunction(
          () =>
            [...document.querySelectorAll('.re-map img')].some((i) => (i as HTMLImageElement).src.startsWith('data:')),
          undefined,
          { timeout: slowMs },
        );
        expect(tileReads.length).toBeGreaterThan(0);
        expect(
          tileReads.every((range) => range !== undefined && /^bytes=\d+-\d+$/.test(range)),
          String(tileReads),
        ).toBe(true);
        // In step: the marker chosen highlights its card; the card's button highlights its marker.
        // By keyboard (Enter on the focused marker): fuzzed points in one commune may overlap, a tap could hit another.
        await markerOf(studio.id).press('Enter');
        await expect.poll(async () => cardOf(studio.title).getAttribute('class')).toContain('re-card-selected');
        await cardOf(cheap.title)
          .getByRole('button', { name: /Voir sur la carte/ })
          .click();
        await expect.poll(async () => markerOf(cheap.id).getAttribute('class')).toContain('re-marker-selected');
        expect(await markerOf(studio.id).getAttribute('aria-pressed')).toBe('false');
        // The map's area as the search's box: the same two, the address now says bbox.
        await page.getByRole('button', { name: 'Rechercher dans cette zone' }).click();
        await expect.poll(() => decodeURIComponent(page.url())).toMatch(/bbox=-?\d+,-?\d+,-?\d+,-?\d+/);
        await cardOf(cheap.title).waitFor({ timeout: slowMs });
        await cardOf(studio.title).waitFor({ timeout: slowMs });
        // Saved with alerts, and listed under « Mes recherches enregistrées ».
        await page.getByRole('button', { name: 'Enregistrer cette recherche' }).click();
        await page.getByLabel('Nom de la recherche').fill('Cocody moins de 300 000');
        await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
        await page.getByRole('link', { name: 'Cocody moins de 300 000' }).waitFor({ timeout: slowMs });
        const saved = await getJson<{
          searches: { name: string; alerts: boolean; filters: Record<string, unknown> }[];
        }>(demo, '/v1/real-estate/saved-searches', asCandidate);
        expect(saved.searches.map((x) => [x.name, x.alerts, x.filters.commune, x.filters.maxPriceXof])).toEqual([
          ['Cocody moins de 300 000', true, 'Cocody', 300_000],
        ]);
        const searchReady = async (p: Page) =>
          p.getByTestId('listing-card').filter({ hasText: cheap.title }).waitFor({ timeout: slowMs });
        violations.push(...(await lightAndDark(page, '1-search', searchReady)));

        // The listing: its price, the warning, the visit request on the first free slot with a message.
        await cardOf(cheap.title).getByRole('link', { name: cheap.title }).click();
        await page.getByRole('heading', { level: 1, name: cheap.title }).waitFor({ timeout: slowMs });
        expect(flat(await page.getByTestId('listing-price').textContent())).toBe('250 000 FCFA / mois');
        await page.getByText('Ne payez jamais de frais pour visiter un bien.').waitFor();
        await page.getByText('85 m²').waitFor();
        const listingReady = async (p: Page) =>
          p.getByRole('button', { name: 'Demander une visite' }).waitFor({ timeout: slowMs });
        violations.push(...(await lightAndDark(page, '2-listing', listingReady)));
        await page.getByRole('button', { name: 'Demander une visite' }).click();
        await page.getByRole('radio').first().check({ timeout: slowMs });
        await page.getByLabel("Message à l'agent (facultatif)").fill('Bonjour, je viendrai avec mon épouse.');
        await page.screenshot({ path: path.join(screenshots, '3-visit-request-light.png'), fullPage: true });
        violations.push(...(await seriousViolations(page)).map((v) => `3-visit-request: ${v}`));
        const send = page.getByRole('button', { name: 'Envoyer la demande' });
        // A double tap sends one request (one idempotency key per form).
        await send.dblclick();
        await page.getByText("Demande de visite envoyée. L'agent doit la confirmer.").waitFor({ timeout: slowMs });
        const mine = await getJson<{ visits: { id: string; listingId: string; status: string }[] }>(
          demo,
          '/v1/real-estate/visits?role=visitor',
          asCandidate,
        );
        expect(mine.visits.map((v) => [v.listingId, v.status])).toEqual([[cheap.id, 'requested']]);
        const visitId = mine.visits[0]?.id ?? '';

        // The agent, in a second browser, confirms it on its visits screen.
        const agentContext = await phoneContext(browser, 'fr', 'light');
        const agent = await agentContext.newPage();
        await signInPortal(agent, demo.url, { email: partnerEmail, password: demoPassword });
        await agent.goto(`${demo.url}/immobilier/gestion/visites`);
        await agent.getByTestId(`visit-${visitId}`).getByRole('button', { name: 'Confirmer', exact: true }).click();
        await expect
          .poll(
            async () => (await getJson<{ status: string }>(demo, `/v1/real-estate/visits/${visitId}`, landlord)).status,
            {
              timeout: slowMs,
            },
          )
          .toBe('confirmed');
        await agentContext.close();

        // The candidate reads « Confirmée » on Mes visites.
        await page.goto(`${demo.url}/menu`);
        await page.getByRole('link', { name: 'Mes visites', exact: true }).click();
        const visit = page.getByTestId('visit').filter({ hasText: cheap.title });
        await visit.getByText('Confirmée').waitFor({ timeout: slowMs });
        violations.push(
          ...(await lightAndDark(page, '4-visits', async (p) =>
            p.getByTestId('visit').getByText('Confirmée').waitFor({ timeout: slowMs }),
          )),
        );

        // The reminder job (every 5 minutes of real time; no route runs a job on demand) tells the visitor once.
        const reminder = await eventually(390_000, async () => {
          const { notifications } = await getJson<{ notifications: { type: string; body: string }[] }>(
            demo,
            '/v1/notifications?limit=50',
            asCandidate,
          );
          return notifications.find((n) => n.type === 'real_estate.visit_reminder');
        });
        expect(reminder.body).toContain(cheap.title);

        const repEmail = 'commercial@demo.ismail.ci';
        // The visitor shows their professional card at the door: the operator issues it (demo accounts have one).
        const visitorMe = await getJson<{ id: string; ismailId: string }>(demo, '/v1/me', asCandidate);
        const issued = await fetch(`${demo.url}/v1/operator/accounts/${visitorMe.id}/cards`, {
          method: 'POST',
          headers: { authorization: demo.operator.authorization ?? '' },
        });
        expect(issued.status, await issued.clone().text()).toBe(201);
        // Seed 4.7: the agency's hub has the confirmed visit; the door lock of that flat (mosquitto_sub as the lock)
        // opens for the visitor inside the visit's window, and not for another person nor at the studio's lock.
        const propertyOf = async (id: string) =>
          (await getJson<{ propertyId: string }>(demo, `/v1/real-estate/my-listings/${id}`, landlord)).propertyId;
        const door = await tryTheDoor({
          demo,
          root,
          propertyId: await propertyOf(cheap.id),
          otherPropertyId: await propertyOf(studio.id),
          visitId,
          visitorIsmailId: visitorMe.ismailId,
          otherIsmailId: (
            await getJson<{ ismailId: string }>(demo, '/v1/me', await signIn(demo, repEmail, demoPassword))
          ).ismailId,
        });
        expect(door.visitor).toMatchObject({ status: 200, body: { unlocked: true, visitId } });
        expect(door.otherPerson).toMatchObject({
          status: 403,
          body: { unlocked: false, reason: 'no confirmed visit of this property for this visitor' },
        });
        expect(door.visitorAtOtherDoor).toMatchObject({
          status: 403,
          body: { unlocked: false, reason: 'no confirmed visit of this property for this visitor' },
        });
        expect(door.unlocksHeard, 'one unlock command, for the visitor').toHaveLength(1);

        // A lease the landlord makes for the candidate: read and signed in the portal with the typed name alone.
        const me = await getJson<{ ismailId: string | null }>(demo, '/v1/me', asCandidate);
        expect(me.ismailId, 'the candidate has an ISMAIL ID').not.toBeNull();
        const lease = await postJson<{ id: string }>(
          demo,
          '/v1/real-estate/leases',
          { ...landlord, 'idempotency-key': randomUUID() },
          {
            listingId: cheap.id,
            tenantIsmailId: me.ismailId,
            rentXof: 50_000,
            chargesXof: 0,
            depositXof: 100_000,
            advanceXof: 100_000,
            startsOn: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
            durationMonths: 12,
          },
        );
        // The landlord signs first (through the API); the tenant's signature in the portal then makes the lease active.
        const made = await getJson<{ documentSha256: string }>(demo, `/v1/real-estate/leases/${lease.id}`, landlord);
        await postJson(demo, `/v1/real-estate/leases/${lease.id}/sign`, landlord, {
          typedName: 'Adjoua Boutique',
          signaturePngBase64: await signaturePng(),
          documentSha256: made.documentSha256,
        });
        await page.goto(`${demo.url}/immobilier/baux`);
        await page.getByTestId('leases-tenant').getByRole('link', { name: cheap.title }).click();
        await page.getByRole('heading', { level: 1, name: cheap.title }).waitFor({ timeout: slowMs });
        const leaseReady = async (p: Page) => p.getByLabel('Votre nom complet').waitFor({ timeout: slowMs });
        violations.push(...(await lightAndDark(page, '5-lease', leaseReady)));
        await page.getByLabel('Votre nom complet').fill('Awa Koné');
        await page.getByLabel("J'ai lu le contrat et je l'accepte").check();
        await page.getByRole('button', { name: 'Signer le bail' }).click();
        await page.getByText(/^Locataire : signé par Awa Koné le/).waitFor({ timeout: slowMs });
        const signed = await getJson<{ signatures: { party: string; typedName: string }[] }>(
          demo,
          `/v1/real-estate/leases/${lease.id}`,
          asCandidate,
        );
        expect(signed.signatures.map((x) => [x.party, x.typedName]).sort()).toEqual([
          ['landlord', 'Adjoua Boutique'],
          ['tenant', 'Awa Koné'],
        ]);
        // The first rent from the wallet: the amount and the balance are shown before paying, then a receipt.
        const firstDue = page.getByTestId('dues').getByRole('listitem').first();
        await firstDue.getByRole('button', { name: /^Payer le loyer de / }).click();
        await firstDue.getByText('Montant : 50 000 FCFA').waitFor({ timeout: slowMs });
        await firstDue.getByText('Solde du portefeuille : 60 000 FCFA').waitFor({ timeout: slowMs });
        await page.screenshot({ path: path.join(screenshots, '5b-pay-rent-light.png'), fullPage: true });
        violations.push(...(await seriousViolations(page)).map((v) => `5b-pay-rent: ${v}`));
        await firstDue.getByRole('button', { name: 'Confirmer le paiement' }).dblclick();
        await firstDue.getByText('Payé', { exact: true }).waitFor({ timeout: slowMs });
        await page.getByRole('button', { name: /^Quittance du / }).waitFor({ timeout: slowMs });
        const wallet = await getJson<{ availableXof: number }>(demo, '/v1/wallet', asCandidate);
        expect(wallet.availableXof, 'a double tap pays once').toBe(10_000);
        await page.goto(`${demo.url}/immobilier/baux`);
        violations.push(
          ...(await lightAndDark(page, '6-leases', async (p) =>
            p.getByTestId('leases-tenant').getByRole('link').first().waitFor({ timeout: slowMs }),
          )),
        );
        expect(violations).toEqual([]);
      } catch (error) {
        // What each page showed when the journey broke, for the person reading the failure.
        const pages = browser?.contexts().flatMap((c) => c.pages()) ?? [];
        for (const [i, open] of pages.entries()) {
          await open
            .screenshot({ path: path.join(screenshots, `failure-${String(i)}.png`), fullPage: true, timeout: 15_000 })
            .catch(() => undefined);
          process.stderr.write(`failure-${String(i)}: ${open.url()}\n`);
        }
        throw error;
      } finally {
        await browser?.close();
        demo.process.kill('SIGKILL');
        await exited(demo.process);
      }
    },
  );
});
