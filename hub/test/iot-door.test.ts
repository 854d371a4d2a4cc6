// Issue 10's door acceptance with real programs: a hotel room's lock (a device enrolled with
// the hub's CA, listening with Debian's mosquitto_sub on its command branch) receives `unlock`
// only for the guest of a confirmed reservation of that room, today, once their card is
// verified; another guest, another room's door and a stay on other days are refused and
// audited; the same request sent twice opens the door once.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { builtEntry, exited, freePort, startProcess, until, waitForHttp } from '../../tools/test-support/processes.js';
import { adminHeaders, pairHub } from '../../tools/test-support/hub-admin.js';
import { enrolDevice } from '../../tools/test-support/hub-devices.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';

describe.each(cloudDatabases)(
  'hotel door locks (real cloud, hub and mosquitto client as the lock) on $name',
  (database) => {
    it(
      'unlocks only for the confirmed guest of that room today, once per request, and audits every refusal',
      { timeout: 180_000 },
      async () => {
        const root = mkdtempSync(path.join(tmpdir(), 'ismail-door-'));
        const demo = await startDemoCloud(root, database);
        const hubPort = await freePort();
        const mqttPort = await freePort();
        const hubUrl = `http://127.0.0.1:${String(hubPort)}`;
        const hub: ChildProcess = startProcess(builtEntry('hub'), {
          HUB_RESPONSE_CHECK: 'throw',
          HUB_PORT: String(hubPort),
          ISMAIL_DATA_DIR: path.join(root, 'hub'),
          CLOUD_URL: demo.url,
          LOG_LEVEL: 'silent',
          HUB_MQTT_HOST: '127.0.0.1',
          HUB_MQTT_PORT: String(mqttPort),
          HUB_CARD_TRUST_PULL_S: '2',
        });
        let lock: ChildProcess | undefined;
        try {
          await waitForHttp(`${hubUrl}/health`, 15_000);
          const admin = adminHeaders(path.join(root, 'hub'));
          const hubPost = (route: string, body: unknown, headers: Record<string, string> = admin) =>
            fetch(`${hubUrl}${route}`, { method: 'POST', headers, body: JSON.stringify(body) });
          const registered = await demo.registerHub('Réception Grand-Bassam');
          expect(await pairHub(hubUrl, admin, registered)).toBe(200);
          const units = await until(
            async () =>
              (
                (await (await fetch(`${hubUrl}/api/v1/booking/units`, { headers: admin })).json()) as {
                  units: { id: string; name: string }[];
                }
              ).units,
            (u) => u.length >= 4,
            30_000,
          );
          const room = (name: string): string => units.find((u) => u.name === name)?.id ?? '';

          // The demo guest books room 101 for tonight and pays from the wallet.
          const signIn = async (email: string) =>
            (
              (await (
                await fetch(`${demo.url}/v1/auth/sign-in`, {
                  method: 'POST',
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify({ email, password: 'demo-ismail-2026' }),
                })
              ).json()) as { accessToken: string }
            ).accessToken;
          const guest = {
            authorization: `Bearer ${await signIn('client@demo.ismail.ci')}`,
            'content-type': 'application/json',
          };
          const day = (offset: number): string => {
            const d = new Date(Date.now() + offset * 86_400_000);
            return `${String(d.getFullYear())}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
          };
          const held = await fetch(`${demo.url}/v1/booking/reservations`, {
            method: 'POST',
            headers: { ...guest, 'idempotency-key': 'door-test-stay' },
            body: JSON.stringify({ unitId: room('Chambre 101'), checkIn: day(0), checkOut: day(1), guests: 1 }),
          });
          expect(held.status, await held.clone().text()).toBe(201);
          const reservation = (await held.json()) as { id: string };
          expect(
            (
              await fetch(`${demo.url}/v1/booking/reservations/${reservation.id}/confirm`, {
                method: 'POST',
                headers: { authorization: guest.authorization },
              })
            ).status,
          ).toBe(200);
          await until(
            async () =>
              (
                (await (await fetch(`${hubUrl}/api/v1/booking/stays?day=${day(0)}`, { headers: admin })).json()) as {
                  stays: { reservationId: string }[];
                }
              ).stays,
            (stays) => stays.some((s) => s.reservationId === reservation.id),
            30_000,
          );

          // Two door locks, for rooms 101 and 103, enrolled with their own keys.
          const door101 = await enrolDevice({
            hubUrl,
            admin,
            dir: root,
            mqttPort,
            type: 'door_lock',
            name: 'Porte 101',
            unitId: room('Chambre 101'),
          });
          const door103 = await enrolDevice({
            hubUrl,
            admin,
            dir: root,
            mqttPort,
            type: 'door_lock',
            name: 'Porte 103',
            unitId: room('Chambre 103'),
          });

          // The lock of room 101 listens for its commands (as the real lock's firmware would).
          let heard = '';
          lock = spawn(
            'mosquitto_sub',
            [...door101.mosquittoArgs, '-t', `ismail/${registered.hub.id}/${door101.id}/cmd/#`, '-q', '1', '-v'],
            { stdio: ['ignore', 'pipe', 'pipe'] },
          );
          lock.stdout?.on('data', (d: Buffer) => (heard += d.toString()));
          await until(
            async () => {
              await hubPost(`/api/v1/devices/${door101.id}/commands`, { name: 'ping' });
              return heard;
            },
            (text) => text.includes('/cmd/ping'),
            15_000,
            300,
          );

          const accounts = (await (
            await fetch(`${demo.url}/v1/operator/accounts?limit=100`, { headers: demo.operator })
          ).json()) as { accounts: { email: string; ismailId: string }[] };
          const cardOf = async (email: string) =>
            (
              (await (
                await fetch(
                  `${demo.url}/v1/operator/cards/by-ismail-id/${accounts.accounts.find((a) => a.email === email)?.ismailId ?? ''}`,
                  { headers: demo.operator },
                )
              ).json()) as { token: string }
            ).token;
          const guestCard = await cardOf('client@demo.ismail.ci');
          const otherCard = await cardOf('commercial@demo.ismail.ci');
          const unlock = async (door: string, token: string, requestId: string) => {
            const response = await hubPost(`/api/v1/doors/${door}/unlock`, { token, requestId });
            return { status: response.status, body: (await response.json()) as { unlocked: boolean; reason?: string } };
          };

          // Refused: another person at 101; the guest at 103 (their stay there is in two weeks); a forged card.
          expect(await unlock(door101.id, otherCard, 'r-other')).toMatchObject({
            status: 403,
            body: { unlocked: false, reason: 'no confirmed stay for this guest in this room today' },
          });
          expect(await unlock(door103.id, guestCard, 'r-wrong-room')).toMatchObject({
            status: 403,
            body: { unlocked: false },
          });
          const [h, p, s] = guestCard.split('.');
          expect(
            (await unlock(door101.id, `${h ?? ''}.${p ?? ''}.${(s ?? '').slice(0, -4)}AAAA`, 'r-forged')).body,
          ).toMatchObject({ unlocked: false, reason: expect.stringMatching(/^card refused/) as unknown });
          // The guest, at their door, today: it opens; the same request again opens nothing more.
          expect(await unlock(door101.id, guestCard, 'r-guest-1')).toMatchObject({
            status: 200,
            body: { unlocked: true },
          });
          expect(await unlock(door101.id, guestCard, 'r-guest-1')).toMatchObject({
            status: 200,
            body: { unlocked: true },
          });
          await until(
            async () => heard,
            (text) => text.includes('/cmd/unlock'),
            10_000,
          );
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          expect(heard.split('\n').filter((line) => line.includes('/cmd/unlock'))).toHaveLength(1);
          expect(heard).toContain(reservation.id);

          const trail = (
            (await (await fetch(`${hubUrl}/api/v1/audit?limit=100`, { headers: admin })).json()) as {
              entries: { action: string }[];
            }
          ).entries.map((e) => e.action);
          expect(trail.filter((a) => a === 'door.unlocked')).toHaveLength(1);
          expect(trail.filter((a) => a === 'door.unlock_refused')).toHaveLength(3);
        } finally {
          lock?.kill('SIGKILL');
          hub.kill('SIGKILL');
          demo.process.kill('SIGKILL');
          await Promise.all([exited(hub), exited(demo.process)]);
        }
      },
    );
  },
);
