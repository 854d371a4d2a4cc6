// A partner sees a GPS tracker's last 24 hours in the portal (issue 28.7), in Debian's Chromium on a
// 360x640 phone, against a real cloud (its built dist, demo data): a hub of the demo partner is paired with its own
// Ed25519 key, reports a tracker and pushes its positions as `device.positions` operations (signed requests, as a real
// hub does); the partner opens the tracker from its hub's card ("Vu il y a …"), and the track screen draws the line and
// its two end markers on the map (no tile server needed: the line draws without tiles) and lists the positions in a
// table newest first. Another account gets nothing for that tracker. Photographed and axe-checked in French
// and English, light and dark.
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hubRequestSignatureHeaders, type HubOperation, type PushResponse } from '@ismail/shared';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { exited } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { checkEveryLook, phoneContext, privatePortalCopy, signInPortal, throttle } from './portal-browser.js';

const chromiumPath = process.env.ISMAIL_CHROMIUM ?? '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const screenshots = path.resolve(here, '..', '.test-output', 'screenshots', 'portal', 'device-track');
const portalBuilt = path.resolve(here, '..', 'dist', 'portal', 'index.html');
const slowMs = 90_000;
const database = cloudDatabases.at(-1);
const demoPassword = 'demo-ismail-2026';

/** A hub paired with the cloud by its own key, pushing signed operations (what the hub's sync client does). */
async function pairedHub(url: string, registered: { hub: { id: string }; pairingCode: string }) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = (publicKey.export({ format: 'jwk' }) as { x: string }).x;
  const paired = await fetch(`${url}/v1/hubs/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      hubId: registered.hub.id,
      pairingCode: registered.pairingCode,
      publicKey: { kty: 'OKP', crv: 'Ed25519', x },
    }),
  });
  expect(paired.status).toBe(200);
  const { token } = (await paired.json()) as { token: string };
  const signer = {
    hubId: registered.hub.id,
    sha256Base64: (body: string | Uint8Array) => createHash('sha256').update(body).digest('base64'),
    signBase64: (base: string) => sign(null, Buffer.from(base, 'utf8'), privateKey).toString('base64'),
    nonce: () => randomBytes(18).toString('base64url'),
  };
  let seq = 0;
  return async (type: string, payload: unknown): Promise<PushResponse['outcomes'][number] | undefined> => {
    seq += 1;
    const op = { id: randomUUID(), seq, type, at: new Date().toISOString(), payload } as HubOperation;
    const body = JSON.stringify({ operations: [op] });
    const response = await fetch(`${url}/v1/hubs/sync/push`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Hub ${token}`,
        ...hubRequestSignatureHeaders(signer, {
          method: 'POST',
          pathWithQuery: '/v1/hubs/sync/push',
          body,
          nowS: Date.now() / 1000,
        }),
      },
      body,
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as PushResponse).outcomes[0];
  };
}

describe('a partner’s tracker track in Chromium (real cloud)', () => {
  it('draws the track and lists the positions, for the owning partner only', { timeout: 600_000 }, async () => {
    expect(database, 'a test database').toBeDefined();
    if (database === undefined) return;
    expect(existsSync(chromiumPath), `Chromium is needed at ${chromiumPath}`).toBe(true);
    expect(existsSync(portalBuilt), 'the portal is built by `npm run build -w renderer`').toBe(true);
    mkdirSync(screenshots, { recursive: true });
    const root = mkdtempSync(path.join(tmpdir(), 'ismail-portal-track-'));
    const demo = await startDemoCloud(root, database, { PORTAL_DIR: privatePortalCopy(portalBuilt, root) });
    let browser: Browser | undefined;
    try {
      const push = await pairedHub(demo.url, await demo.registerHub('Boutique Plateau'));
      const tracker = randomUUID();
      expect(
        await push('iot.device', {
          deviceId: tracker,
          type: 'gps_tracker',
          name: 'Moto livraison',
          unitId: null,
          state: 'active',
          certSerial: '4a1b2c',
          certExpiresAt: null,
          lastSeenAt: null,
        }),
      ).toMatchObject({ status: 'applied' });
      // A delivery round in Abidjan, its last position 3 minutes ago, one position every 5 minutes (two operations,
      // as a hub sends one per tracker per minute at most).
      const now = Date.now();
      const route = Array.from({ length: 11 }, (_, i) => ({
        at: new Date(now - (53 - i * 5) * 60_000).toISOString(),
        lat: 5.3097 + i * 0.0031,
        lon: -4.0127 - i * 0.0024,
        speedKmh: i === 0 ? null : 20 + i,
      }));
      expect(
        await push('device.positions', { deviceId: tracker, lastSeenAt: null, positions: route.slice(0, 6) }),
      ).toMatchObject({ status: 'applied', result: { stored: 6 } });
      expect(
        await push('device.positions', {
          deviceId: tracker,
          lastSeenAt: new Date(now - 3 * 60_000).toISOString(),
          positions: route.slice(6),
        }),
      ).toMatchObject({ status: 'applied', result: { stored: 5 } });

      browser = await chromium.launch({
        executablePath: chromiumPath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      const context = await phoneContext(browser, 'fr', 'light');
      const page = await context.newPage();
      await throttle(context, page);
      await signInPortal(page, demo.url, { email: 'partenaire@demo.ismail.ci', password: demoPassword });

      // From the hub's card: the tracker, when it was last seen, and its track link.
      await page.goto(`${demo.url}/partner/hubs`);
      const devices = page.getByTestId('hub-devices').filter({ hasText: 'Moto livraison' });
      await devices.waitFor({ timeout: slowMs });
      // Three minutes ago when pushed; a loaded machine may take a few more minutes to show it.
      await expect.poll(() => devices.innerText()).toMatch(/Vu il y a [3-9] minutes/);
      await page.getByRole('link', { name: 'Voir le trajet de Moto livraison' }).click();

      const ready = async (p: Page) => {
        await p.getByTestId('track-table').waitFor({ timeout: slowMs });
        await p.locator('[data-testid="track-map"] path.track-line').waitFor({ timeout: slowMs });
        // Each tile answered (drawn from the archive, or blank where the archive has none) before the photograph.
        await p.waitForFunction(
          () =>
            Array.from(document.querySelectorAll('[data-testid="track-map"] img.leaflet-tile')).every((img) =>
              img.hasAttribute('src'),
            ),
          undefined,
          { timeout: slowMs },
        );
      };
      await ready(page);
      await expect.poll(() => page.getByTestId('track-last-seen').innerText()).toMatch(/^Vu il y a [3-9] minutes$/);
      // The map: one line through all 11 positions, a start and an end marker.
      const line = page.locator('[data-testid="track-map"] path.track-line');
      expect(await line.count()).toBe(1);
      const d = (await line.getAttribute('d')) ?? '';
      expect(d.match(/[ML]/g)?.length).toBe(11);
      expect(await page.locator('[data-testid="track-map"] path.track-start').count()).toBe(1);
      expect(await page.locator('[data-testid="track-map"] path.track-end').count()).toBe(1);
      // The table, newest first, in French numbers.
      const rows = page.getByTestId('track-table').locator('tbody tr');
      expect(await rows.count()).toBe(11);
      const newest = await rows.first().locator('td').allInnerTexts();
      expect(newest.slice(1)).toEqual(['5,3407', '-4,0367', '30 km/h']);
      expect((await rows.last().locator('td').allInnerTexts()).slice(1)).toEqual(['5,3097', '-4,0127', '—']);
      expect(await page.getByRole('table', { name: 'Les 11 dernières positions' }).count()).toBe(1);
      // The four columns fit a 360 px phone (no sideways scrolling to read the speed).
      const width = await page
        .locator('.track-table-wrap')
        .evaluate((wrap) => ({ scroll: wrap.scrollWidth, client: wrap.clientWidth }));
      expect(width.scroll, JSON.stringify(width)).toBeLessThanOrEqual(width.client);
      // Positions from before midnight show their day too ("07/12 23:58", the widest form): the columns still fit,
      // whatever the hour the test runs at (it overflowed by 4 px when run just after midnight).
      await page
        .locator('.track-table time')
        .evaluateAll((times) => times.forEach((time) => (time.textContent = '07/12 23:58')));
      const widest = await page
        .locator('.track-table-wrap')
        .evaluate((wrap) => ({ scroll: wrap.scrollWidth, client: wrap.clientWidth }));
      expect(widest.scroll, JSON.stringify(widest)).toBeLessThanOrEqual(widest.client);
      await page.reload();
      await rows.first().waitFor({ timeout: slowMs });

      const violations = await checkEveryLook(page, screenshots, 'track', ready);
      expect(violations).toEqual([]);

      // Another account (the demo client): the same tracker is not found.
      const other = await fetch(`${demo.url}/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'client@demo.ismail.ci', password: demoPassword }),
      });
      const { accessToken } = (await other.json()) as { accessToken: string };
      const foreign = await fetch(`${demo.url}/v1/devices/${tracker}/track`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(foreign.status).toBe(404);
      await context.close();
    } finally {
      await browser?.close();
      demo.process.kill('SIGKILL');
      await exited(demo.process);
    }
  });
});
