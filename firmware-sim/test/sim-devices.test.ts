// The simulated LAN devices against a real hub process (paired with a real cloud): each makes
// its own key and CSR, enrols with its one-time code, connects over mutual TLS and behaves as
// its kind does: the RFID reader's repeated scan is written twice and counted once, the door
// lock opens once for a command sent twice, the alarm and the tracker are recorded.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SimDevice, type SimDeviceType } from '../src/devices/sim-device.js';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { builtEntry, exited, freePort, startProcess, until, waitForHttp } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';

describe.each(cloudDatabases)('simulated shop-LAN devices (real cloud and hub) on $name', (database) => {
  it(
    'enrol, connect with their certificates, publish like the real ones and obey commands once',
    { timeout: 120_000 },
    async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-simdev-'));
      const demo = await startDemoCloud(root, database);
      const hubPort = await freePort();
      const mqttPort = await freePort();
      const hubUrl = `http://127.0.0.1:${String(hubPort)}`;
      const hub: ChildProcess = startProcess(builtEntry('hub'), {
        HUB_PORT: String(hubPort),
        ISMAIL_DATA_DIR: path.join(root, 'hub'),
        CLOUD_URL: demo.url,
        LOG_LEVEL: 'silent',
        HUB_MQTT_HOST: '127.0.0.1',
        HUB_MQTT_PORT: String(mqttPort),
      });
      const devices: SimDevice[] = [];
      try {
        await waitForHttp(`${hubUrl}/health`, 15_000);
        const admin = {
          authorization: `Bearer ${readFileSync(path.join(root, 'hub', 'hub', 'admin-token'), 'utf8').trim()}`,
          'content-type': 'application/json',
        };
        const registered = await demo.registerHub('Caisse Yopougon');
        expect(
          (
            await fetch(`${hubUrl}/api/v1/pairing`, {
              method: 'POST',
              headers: admin,
              body: JSON.stringify({ hubId: registered.hub.id, pairingCode: registered.pairingCode }),
            })
          ).status,
        ).toBe(200);
        await until(
          async () =>
            ((await (await fetch(`${hubUrl}/api/v1/sync/status`)).json()) as { catalog: { products: number } }).catalog
              .products,
          (n) => n >= 6,
          30_000,
        );
        const make = async (type: SimDeviceType, name: string): Promise<SimDevice> => {
          const created = (await (
            await fetch(`${hubUrl}/api/v1/devices`, {
              method: 'POST',
              headers: admin,
              body: JSON.stringify({ type, name }),
            })
          ).json()) as { device: { id: string }; enrolCode: string };
          const device = await SimDevice.enrol({ hubUrl, deviceId: created.device.id, code: created.enrolCode, type });
          await device.connect('127.0.0.1', registered.hub.id);
          devices.push(device);
          return device;
        };
        const reader = await make('rfid_reader', 'Portique entrée');
        const lock = await make('door_lock', 'Porte réserve');
        const alarm = await make('alarm', 'Détecteur réserve');
        const tracker = await make('gps_tracker', 'Camionnette');

        const scanId = await reader.scan('6111234567895', 3);
        await reader.scan('6111234567895', 3, scanId);
        for (let i = 0; i < 3; i++) await tracker.position();
        await alarm.alarm('smoke', 'fumée dans la réserve');
        for (let i = 0; i < 2; i++) {
          expect(
            (
              await fetch(`${hubUrl}/api/v1/devices/${lock.id}/commands`, {
                method: 'POST',
                headers: admin,
                body: JSON.stringify({ name: 'unlock', payload: { requestId: 'req-7', reservationId: 'res-1' } }),
              })
            ).status,
          ).toBe(200);
        }
        await until(
          async () => lock.unlocks.length,
          (n) => n >= 1,
          10_000,
        );
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(lock.unlocks.map((u) => u.requestId)).toEqual(['req-7']);

        const get = async <T>(route: string): Promise<T> =>
          (await (await fetch(`${hubUrl}${route}`, { headers: admin })).json()) as T;
        expect((await get<{ events: unknown[] }>(`/api/v1/devices/${reader.id}/events`)).events).toHaveLength(2);
        expect((await get<{ positions: unknown[] }>(`/api/v1/devices/${tracker.id}/positions`)).positions).toHaveLength(
          3,
        );
        expect((await get<{ alarms: { kind: string }[] }>('/api/v1/alarms')).alarms.map((a) => a.kind)).toEqual([
          'smoke',
        ]);
        const listed = (
          await get<{ devices: { id: string; state: string; lastSeenAt: string | null }[] }>('/api/v1/devices')
        ).devices;
        expect(listed.filter((d) => d.state === 'active')).toHaveLength(4);
        expect(listed.find((d) => d.id === reader.id)?.lastSeenAt).not.toBeNull();
      } finally {
        await Promise.all(devices.map((d) => d.close().catch(() => undefined)));
        hub.kill('SIGKILL');
        demo.process.kill('SIGKILL');
        await Promise.all([exited(hub), exited(demo.process)]);
      }
    },
  );
});
