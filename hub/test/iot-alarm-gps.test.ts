// Alarms and trackers end to end with real programs: an alarm sensor (mosquitto_pub with the
// certificate the hub issued) reports an intrusion; the counter's live channel shows it at
// once, the hub keeps it, and once synced the cloud notifies the establishment's owner
// (in-app, from the audit log through the notification feeder). A GPS tracker's positions are
// kept for its asset; a malformed one is kept in the device log only.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { builtEntry, exited, freePort, startProcess, until, waitForHttp } from '../../tools/test-support/processes.js';
import { adminHeaders, adminToken, pairHub } from '../../tools/test-support/hub-admin.js';
import { enrolDevice } from '../../tools/test-support/hub-devices.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';

function publish(args: readonly string[]): Promise<number | null> {
  return new Promise((resolve) => spawn('mosquitto_pub', args, { stdio: 'ignore' }).on('exit', resolve));
}

describe.each(cloudDatabases)(
  'alarms and GPS trackers (real cloud, hub and mosquitto clients) on $name',
  (database) => {
    it(
      'shows an alarm at the counter at once, notifies the owner through the cloud, and keeps a tracker’s positions',
      { timeout: 180_000 },
      async () => {
        const root = mkdtempSync(path.join(tmpdir(), 'ismail-alarm-'));
        const demo = await startDemoCloud(root, database);
        const hubPort = await freePort();
        const mqttPort = await freePort();
        const plainPort = await freePort();
        const hubUrl = `http://127.0.0.1:${String(hubPort)}`;
        const hub: ChildProcess = startProcess(builtEntry('hub'), {
          HUB_RESPONSE_CHECK: 'throw',
          HUB_PORT: String(hubPort),
          ISMAIL_DATA_DIR: path.join(root, 'hub'),
          CLOUD_URL: demo.url,
          LOG_LEVEL: 'silent',
          HUB_MQTT_HOST: '127.0.0.1',
          HUB_MQTT_PORT: String(mqttPort),
          HUB_MQTT_DEV_PLAIN_PORT: String(plainPort),
        });
        let screen: WebSocket | undefined;
        try {
          await waitForHttp(`${hubUrl}/health`, 15_000);
          const token = adminToken(path.join(root, 'hub'));
          const admin = adminHeaders(path.join(root, 'hub'));
          const registered = await demo.registerHub('Boutique Treichville');
          expect(await pairHub(hubUrl, admin, registered)).toBe(200);
          const ns = (id: string): string => `ismail/${registered.hub.id}/${id}`;
          const alarm = await enrolDevice({
            hubUrl,
            admin,
            dir: root,
            mqttPort,
            type: 'alarm',
            name: 'Alarme réserve',
          });
          const tracker = await enrolDevice({
            hubUrl,
            admin,
            dir: root,
            mqttPort,
            type: 'gps_tracker',
            name: 'Moto livraison',
          });

          // A counter screen is open.
          const seen: { type: string; alarm?: { deviceName: string; kind: string } }[] = [];
          screen = new WebSocket(`${hubUrl.replace('http', 'ws')}/api/v1/live`, ['bearer', token]);
          screen.on('message', (data: Buffer) => seen.push(JSON.parse(data.toString()) as (typeof seen)[number]));
          await until(
            async () => seen.length,
            (n) => n >= 1,
            10_000,
          );

          const sentAt = Date.now();
          expect(
            await publish([
              ...alarm.mosquittoArgs,
              '-t',
              `${ns(alarm.id)}/alarm`,
              '-m',
              '{"kind":"intrusion","message":"porte arrière forcée"}',
              '-q',
              '1',
            ]),
          ).toBe(0);
          const shown = await until(
            async () => seen.find((m) => m.type === 'alarm'),
            (m) => m !== undefined,
            5_000,
          );
          expect(shown?.alarm).toMatchObject({ deviceName: 'Alarme réserve', kind: 'intrusion' });
          expect(Date.now() - sentAt).toBeLessThan(5_000);

          // The owner is told through the cloud.
          const owner = (await (
            await fetch(`${demo.url}/v1/auth/sign-in`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ email: 'partenaire@demo.ismail.ci', password: 'demo-ismail-2026' }),
            })
          ).json()) as { accessToken: string };
          const notified = await until(
            async () =>
              (
                (await (
                  await fetch(`${demo.url}/v1/notifications?limit=20`, {
                    headers: { authorization: `Bearer ${owner.accessToken}` },
                  })
                ).json()) as { notifications: { type: string; body: string }[] }
              ).notifications,
            (list) => list.some((n) => n.type === 'device.alarm'),
            30_000,
            500,
          );
          expect(notified.find((n) => n.type === 'device.alarm')?.body).toContain('Alarme réserve');
          const alarms = (
            (await (await fetch(`${hubUrl}/api/v1/alarms`, { headers: admin })).json()) as {
              alarms: { kind: string; sentToCloud: boolean }[];
            }
          ).alarms;
          expect(alarms).toEqual([expect.objectContaining({ kind: 'intrusion', sentToCloud: true })]);

          // The tracker's trail; a malformed position moves nothing.
          for (const position of [
            '{"lat":5.3097,"lon":-4.0127,"speedKmh":32}',
            '{"lat":5.3121,"lon":-4.0201}',
            '{"lat":95,"lon":0}',
          ]) {
            expect(
              await publish([
                ...tracker.mosquittoArgs,
                '-t',
                `${ns(tracker.id)}/gps/position`,
                '-m',
                position,
                '-q',
                '1',
              ]),
            ).toBe(0);
          }
          // Development only, on loopback: the plain listener knows registered devices by client id, and nobody else.
          expect(
            await publish([
              '-h',
              '127.0.0.1',
              '-p',
              String(plainPort),
              '-i',
              tracker.id,
              '-t',
              `${ns(tracker.id)}/gps/position`,
              '-m',
              '{"lat":5.3,"lon":-4.0}',
              '-q',
              '1',
            ]),
          ).toBe(0);
          expect(
            await publish([
              '-h',
              '127.0.0.1',
              '-p',
              String(plainPort),
              '-i',
              'someone',
              '-t',
              `${ns('someone')}/gps/position`,
              '-m',
              '{"lat":5.3,"lon":-4.0}',
              '-q',
              '1',
            ]),
          ).not.toBe(0);
          const trail = (
            (await (await fetch(`${hubUrl}/api/v1/devices/${tracker.id}/positions`, { headers: admin })).json()) as {
              positions: { lat: number; lon: number }[];
            }
          ).positions;
          expect(trail.map((p) => [p.lat, p.lon])).toEqual([
            [5.3, -4.0],
            [5.3121, -4.0201],
            [5.3097, -4.0127],
          ]);
        } finally {
          screen?.close();
          hub.kill('SIGKILL');
          demo.process.kill('SIGKILL');
          await Promise.all([exited(hub), exited(demo.process)]);
        }
      },
    );
  },
);
