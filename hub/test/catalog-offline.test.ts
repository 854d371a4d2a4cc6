// Proves the hub's catalog follows the cloud's shape feed and serves product lookups with
// the cloud unreachable, with real processes: once paired, the demo partner's products
// arrive at the hub; a scanned barcode or a typed name finds its product; with the cloud
// stopped, lookups still answer. (Live changes through the feed are proved in the cloud's
// test with @electric-sql/client.)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { builtEntry, exited, freePort, startProcess, until, waitForHttp } from '../../tools/test-support/processes.js';
import { adminHeaders, pairHub } from '../../tools/test-support/hub-admin.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';

interface Lookup {
  products: { id: string; name: string; priceXof: number; barcode: string | null }[];
}

describe.each(cloudDatabases)('hub catalog from the shape feed (real cloud and hub processes) on $name', (database) => {
  it('syncs the partner catalog down and answers barcode lookups offline', { timeout: 120_000 }, async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ismail-catalog-'));
    const hubPort = await freePort();
    const hubUrl = `http://127.0.0.1:${String(hubPort)}`;
    const demo = await startDemoCloud(root, database);
    const { url: cloudUrl, operator } = demo;
    const cloud = demo.process;
    let hub: ChildProcess | undefined;
    try {
      const registered = await demo.registerHub('Caisse Cocody');
      hub = startProcess(builtEntry('hub'), {
        HUB_RESPONSE_CHECK: 'throw',
        HUB_PORT: String(hubPort),
        ISMAIL_DATA_DIR: path.join(root, 'hub'),
        CLOUD_URL: cloudUrl,
        LOG_LEVEL: 'silent',
      });
      await waitForHttp(`${hubUrl}/health`, 15_000);
      const admin = adminHeaders(path.join(root, 'hub'));
      expect(await pairHub(hubUrl, admin, registered)).toBe(200);

      const lookup = async (query: string): Promise<Lookup> =>
        (await (await fetch(`${hubUrl}/api/v1/catalog/products?${query}`)).json()) as Lookup;
      // The demo boutique has six products; the wax has a barcode.
      const found = await until(
        () => lookup('barcode=6111234567895'),
        (r) => r.products.length === 1,
      );
      expect(found.products[0]).toMatchObject({ name: 'Pagne wax 6 yards « Fleur de mariage »', priceXof: 12_500 });
      const status = (await (await fetch(`${hubUrl}/api/v1/sync/status`)).json()) as { catalog: { products: number } };
      expect(status.catalog.products).toBe(6);
      expect((await lookup('q=karit')).products.map((p) => p.name)).toEqual(['Beurre de karité 250 g']);

      // The hotel's rooms and who stays in them come down too: the demo guest's confirmed stay in room 103, in 14 days.
      const stayDay = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
      const stays = async () =>
        (await (await fetch(`${hubUrl}/api/v1/booking/stays?day=${stayDay}`, { headers: admin })).json()) as {
          stays: { unitName: string; guestIsmailId: string | null; status: string }[];
        };
      const online = await until(stays, (r) => r.stays.length === 1);
      const guest = (await (
        await fetch(`${cloudUrl}/v1/operator/accounts?limit=100`, { headers: operator })
      ).json()) as { accounts: { email: string; ismailId: string }[] };
      expect(online.stays[0]).toMatchObject({
        unitName: 'Chambre 103',
        status: 'confirmed',
        guestIsmailId: guest.accounts.find((a) => a.email === 'client@demo.ismail.ci')?.ismailId,
      });
      const booking = (
        (await (await fetch(`${hubUrl}/api/v1/sync/status`)).json()) as {
          booking: { units: number; reservations: number };
        }
      ).booking;
      // Four rooms; the held suite is there too (but is not a stay).
      expect(booking).toMatchObject({ units: 4, reservations: 2 });

      cloud.kill('SIGTERM');
      await exited(cloud);
      expect((await stays()).stays).toHaveLength(1);
      expect((await lookup('barcode=6111234567895')).products).toHaveLength(1);
      expect((await lookup('barcode=0000000000000')).products).toEqual([]);
    } finally {
      hub?.kill('SIGKILL');
      cloud.kill('SIGKILL');
      await Promise.all([hub === undefined ? Promise.resolve() : exited(hub), exited(cloud)]);
    }
  });
});
