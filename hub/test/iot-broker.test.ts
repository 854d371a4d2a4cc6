// Issue 10's first acceptance with real programs: the hub (its own process, paired with a real
// cloud) runs the device broker on TLS with client certificates; a device is registered, makes
// its key and CSR with openssl, enrols with its one-time code, and Debian's mosquitto_pub and
// mosquitto_sub use the certificate the hub issued. They publish and subscribe in the device's
// own namespace; they are refused outside it, on the device's command branch, without a
// certificate, with an expired one, with one the hub signed but not in force, and once revoked.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DeviceCa } from '../src/iot/device-ca.js';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import {
  builtEntry,
  exited,
  freePort,
  repoRoot,
  runToEnd,
  startProcess,
  until,
  waitForHttp,
} from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';
import { adminHeaders, pairHub } from '../../tools/test-support/hub-admin.js';

function run(
  command: string,
  args: readonly string[],
  timeoutMs = 15_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe.each(cloudDatabases)(
  'device broker with mosquitto clients (real hub process, TLS client certificates) on $name',
  (database) => {
    it(
      'lets an enrolled device use its own namespace only, and refuses it without, with an expired, a stray and a revoked certificate',
      { timeout: 180_000 },
      async () => {
        const root = mkdtempSync(path.join(tmpdir(), 'ismail-iot-'));
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
        });
        try {
          await waitForHttp(`${hubUrl}/health`, 15_000);
          const admin = adminHeaders(path.join(root, 'hub'));
          const post = (route: string, body: unknown, headers: Record<string, string> = admin) =>
            fetch(`${hubUrl}${route}`, { method: 'POST', headers, body: JSON.stringify(body) });
          const registered = await demo.registerHub('Caisse Marcory');
          expect(await pairHub(hubUrl, admin, registered)).toBe(200);
          const hubId = registered.hub.id;

          // Registered by an administrator; the device makes its own key and CSR.
          const created = (await (
            await post('/api/v1/devices', { type: 'rfid_reader', name: 'Lecteur rayon 1' })
          ).json()) as { device: { id: string }; enrolCode: string };
          const deviceId = created.device.id;
          const file = (name: string): string => path.join(root, name);
          expect(
            (await run('openssl', ['ecparam', '-genkey', '-name', 'prime256v1', '-noout', '-out', file('device.key')]))
              .code,
          ).toBe(0);
          expect(
            (
              await run('openssl', [
                'req',
                '-new',
                '-key',
                file('device.key'),
                '-subj',
                '/CN=anything-the-device-says',
                '-out',
                file('device.csr'),
              ])
            ).code,
          ).toBe(0);
          const csr = readFileSync(file('device.csr'), 'utf8');
          const anonymous = { 'content-type': 'application/json' };
          expect(
            (await post(`/api/v1/devices/${deviceId}/enroll`, { code: 'AAAAAAAAAA', csr }, anonymous)).status,
          ).toBe(401);
          const enrolled = await post(
            `/api/v1/devices/${deviceId}/enroll`,
            { code: created.enrolCode, csr },
            anonymous,
          );
          expect(enrolled.status, await enrolled.clone().text()).toBe(200);
          const issued = (await enrolled.json()) as {
            certificatePem: string;
            caCertificatePem: string;
            broker: { port: number };
          };
          expect(issued.broker.port).toBe(mqttPort);
          writeFileSync(file('device.pem'), issued.certificatePem);
          writeFileSync(file('ca.pem'), issued.caCertificatePem);
          // The code is spent.
          expect(
            (await post(`/api/v1/devices/${deviceId}/enroll`, { code: created.enrolCode, csr }, anonymous)).status,
          ).toBe(401);

          const tls = (cert = file('device.pem'), key = file('device.key')) => [
            '-h',
            '127.0.0.1',
            '-p',
            String(mqttPort),
            '--cafile',
            file('ca.pem'),
            '--cert',
            cert,
            '--key',
            key,
            '-i',
            deviceId,
          ];
          const own = `ismail/${hubId}/${deviceId}`;
          const events = async () =>
            (
              (await (await fetch(`${hubUrl}/api/v1/devices/${deviceId}/events`, { headers: admin })).json()) as {
                events: { topic: string; payload: string }[];
              }
            ).events;

          // Its own namespace: a QoS 1 publish is acknowledged once written at the hub. An RFID scan
          // (five pagnes counted in) sent twice moves the hub's stock once, in the cloud too.
          await until(
            async () =>
              ((await (await fetch(`${hubUrl}/api/v1/sync/status`)).json()) as { catalog: { products: number } })
                .catalog.products,
            (n) => n >= 6,
            30_000,
          );
          for (let i = 0; i < 2; i++) {
            const published = await run('mosquitto_pub', [
              ...tls(),
              '-t',
              `${own}/rfid/scan`,
              '-m',
              '{"scanId":"s-1","barcode":"6111234567895","delta":5}',
              '-q',
              '1',
            ]);
            expect(published.code, published.output).toBe(0);
          }
          expect((await events()).map((e) => e.topic)).toEqual([`${own}/rfid/scan`, `${own}/rfid/scan`]);
          await until(
            async () =>
              ((await (await fetch(`${hubUrl}/api/v1/sync/status`)).json()) as { outboxDepth: number }).outboxDepth,
            (depth) => depth === 0,
            30_000,
          );
          const owner = (await (
            await fetch(`${demo.url}/v1/auth/sign-in`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ email: 'partenaire@demo.ismail.ci', password: 'demo-ismail-2026' }),
            })
          ).json()) as { accessToken: string };
          const wax =
            (
              (await (await fetch(`${hubUrl}/api/v1/catalog/products?barcode=6111234567895`)).json()) as {
                products: { id: string }[];
              }
            ).products[0]?.id ?? '';
          const stock = (await (
            await fetch(`${demo.url}/v1/shop/products/${wax}/stock`, {
              headers: { authorization: `Bearer ${owner.accessToken}` },
            })
          ).json()) as { stock: { place: string; quantity: number }[] };
          expect(stock.stock.find((s) => s.place === `hub:${hubId}`)?.quantity).toBe(5);
          // Its command branch: a command from the hub arrives.
          let done = false;
          const listening = run('mosquitto_sub', [
            ...tls(),
            '-t',
            `${own}/cmd/#`,
            '-C',
            '1',
            '-W',
            '15',
            '-q',
            '1',
          ]).finally(() => (done = true));
          // Sent until the subscriber (which needs a moment to connect and subscribe) has it.
          while (!done) {
            expect(
              (await post(`/api/v1/devices/${deviceId}/commands`, { name: 'beep', payload: { times: 2 } })).status,
            ).toBe(200);
            await new Promise((resolve) => setTimeout(resolve, 300));
          }
          const received = await listening;
          expect(received.code, received.output).toBe(0);
          expect(received.output).toContain('"times":2');

          // Outside its namespace, and on its own command branch: refused, nothing written.
          const intruding = await run('mosquitto_pub', [
            ...tls(),
            '-t',
            `ismail/${hubId}/another-device/rfid/scan`,
            '-m',
            'x',
            '-q',
            '1',
          ]);
          expect(intruding.code).not.toBe(0);
          const spoofing = await run('mosquitto_pub', [...tls(), '-t', `${own}/cmd/unlock`, '-m', 'x', '-q', '1']);
          expect(spoofing.code).not.toBe(0);
          const snooping = await run('mosquitto_sub', [...tls(), '-t', `ismail/${hubId}/#`, '-C', '1', '-W', '3']);
          expect(snooping.code).not.toBe(0);
          expect(await events()).toHaveLength(2);

          // No certificate; an expired one; one the hub's CA signed for this device but not in force.
          const noCertificate = await run('mosquitto_pub', [
            '-h',
            '127.0.0.1',
            '-p',
            String(mqttPort),
            '--cafile',
            file('ca.pem'),
            '-i',
            deviceId,
            '-t',
            `${own}/x`,
            '-m',
            'x',
            '-q',
            '1',
          ]);
          expect(noCertificate.code).not.toBe(0);
          const ca = await DeviceCa.open(path.join(root, 'hub', 'hub', 'iot'), 'hub');
          writeFileSync(file('expired.pem'), (await ca.issue(csr, deviceId, -1)).certificatePem);
          expect(
            (await run('mosquitto_pub', [...tls(file('expired.pem')), '-t', `${own}/x`, '-m', 'x', '-q', '1'])).code,
          ).not.toBe(0);
          writeFileSync(file('stray.pem'), (await ca.issue(csr, deviceId, 30)).certificatePem);
          expect(
            (await run('mosquitto_pub', [...tls(file('stray.pem')), '-t', `${own}/x`, '-m', 'x', '-q', '1'])).code,
          ).not.toBe(0);

          // Revoked (by the operator's CLI on the hub machine): its own certificate no longer opens a session.
          const cli = (...args: string[]) =>
            runToEnd(
              path.join(repoRoot, 'bin', 'ismail.mjs'),
              { ISMAIL_HUB_URL: hubUrl, ISMAIL_HUB_ADMIN_TOKEN: admin.authorization.slice('Bearer '.length) },
              30_000,
              args,
            );
          const revoked = await cli('device', 'revoke', deviceId, '--reason', 'lecteur volé');
          expect(revoked.code, revoked.stderr).toBe(0);
          expect((await cli('device', 'revoke', '00000000-0000-4000-8000-00000000dead', '--reason', 'x')).code).toBe(1);
          const listed = await cli('device', 'list');
          expect(listed.stdout).toMatch(new RegExp(`${deviceId}\\s+revoked\\s+rfid_reader\\s+Lecteur rayon 1`));
          expect(
            (await run('mosquitto_pub', [...tls(), '-t', `${own}/rfid/scan`, '-m', 'x', '-q', '1'])).code,
          ).not.toBe(0);
          expect(await events()).toHaveLength(2);

          // The cloud's registry follows: the establishment sees its reader, revoked.
          const registry = await until(
            async () =>
              (
                (await (
                  await fetch(`${demo.url}/v1/devices`, { headers: { authorization: `Bearer ${owner.accessToken}` } })
                ).json()) as { devices: { deviceId: string; state: string; type: string }[] }
              ).devices,
            (list) => list.some((d) => d.deviceId === deviceId && d.state === 'revoked'),
            30_000,
          );
          expect(registry.find((d) => d.deviceId === deviceId)).toMatchObject({
            type: 'rfid_reader',
            state: 'revoked',
          });

          const stats = (await (await fetch(`${hubUrl}/api/v1/devices/broker`, { headers: admin })).json()) as {
            refusedConnections: number;
            refusedPublishes: number;
            refusedSubscriptions: number;
            written: number;
          };
          expect(stats).toMatchObject({ written: 2 });
          expect(stats.refusedPublishes).toBeGreaterThanOrEqual(2);
          expect(stats.refusedSubscriptions).toBeGreaterThanOrEqual(1);
          expect(stats.refusedConnections).toBeGreaterThanOrEqual(4);
        } finally {
          hub.kill('SIGKILL');
          demo.process.kill('SIGKILL');
          await Promise.all([exited(hub), exited(demo.process)]);
        }
      },
    );
  },
);
