#!/usr/bin/env node
// Benchmark (issue 10): QoS 1 messages per second through the hub's device broker (TLS, client
// certificates checked against the registry, topic permissions, every message written to
// SQLite in batches before its PUBACK), against Debian's mosquitto on the same machine with
// the same TLS setup (the hub's CA, require_certificate) and the same client load, in the
// same run. Each of D devices publishes M messages of 64 bytes to its own namespace, with up
// to W unacknowledged at a time; for mosquitto a subscriber on `ismail/#` stands for the
// consumer the hub itself is. Rates count messages that reached the consumer (the hub's SQLite
// file; mosquitto's subscriber, which mosquitto may drop messages for past its queue limit).
// Target: the hub at least as fast as mosquitto.
//
// Usage: npm run build && node bench/mqtt-broker.mjs [devices] [messagesPerDevice] [window]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { startBroker } from '../hub/dist/src/iot/broker.js';
import { DeviceCa } from '../hub/dist/src/iot/device-ca.js';
import { DeviceRegistry } from '../hub/dist/src/iot/devices.js';
import { migrateHubDatabase } from '../hub/dist/src/store/migrate.js';
import { openHubDatabase } from '../hub/dist/src/store/open.js';

const devicesCount = Number(process.argv[2] ?? '20');
const perDevice = Number(process.argv[3] ?? '2000');
const window = Number(process.argv[4] ?? '50');
const mosquittoBin = '/usr/sbin/mosquitto';
const dir = mkdtempSync(path.join(tmpdir(), 'ismail-bench-mqtt-'));
const freePort = () =>
  new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

const db = openHubDatabase(path.join(dir, 'hub.sqlite'));
migrateHubDatabase(db);
const ca = await DeviceCa.open(path.join(dir, 'iot'), 'bench');
const registry = new DeviceRegistry(db, ca);
const devices = [];
for (let i = 0; i < devicesCount; i++) {
  const { device, enrolCode } = registry.register({ type: 'gps_tracker', name: `Traceur ${i}` }, 'bench');
  const key = path.join(dir, `${device.id}.key`);
  spawnSync('openssl', ['ecparam', '-genkey', '-name', 'prime256v1', '-noout', '-out', key]);
  const csr = spawnSync('openssl', ['req', '-new', '-key', key, '-subj', '/CN=x'], { encoding: 'utf8' }).stdout;
  const issued = await registry.enrol(device.id, { code: enrolCode, csrPem: csr });
  devices.push({ id: device.id, key: readFileSync(key), cert: Buffer.from(issued.certificatePem) });
}
const caPem = Buffer.from(ca.caCertificatePem);

async function load(port, label, delivered) {
  const clients = await Promise.all(
    devices.map((d) =>
      mqtt.connectAsync(`mqtts://127.0.0.1:${port}`, {
        clientId: d.id,
        key: d.key,
        cert: d.cert,
        ca: caPem,
        rejectUnauthorized: true,
        reconnectPeriod: 0,
        clean: true,
      }),
    ),
  );
  const payload = Buffer.alloc(64, 'g');
  const started = performance.now();
  await Promise.all(
    clients.map(async (client, i) => {
      const topic = `ismail/hub-bench/${devices[i].id}/gps/position`;
      let next = 0;
      const worker = async () => {
        while (next < perDevice) {
          next++;
          await client.publishAsync(topic, payload, { qos: 1 });
        }
      };
      await Promise.all(Array.from({ length: window }, worker));
    }),
  );
  const total = devicesCount * perDevice;
  // Through the broker means to its consumer: wait until the consumer has them all, or nothing arrives for a second.
  let last = delivered();
  let lastAt = performance.now();
  while (delivered() < total && performance.now() - lastAt < 1000) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (delivered() !== last) {
      last = delivered();
      lastAt = performance.now();
    }
  }
  const seconds = (lastAt - started) / 1000;
  await Promise.all(clients.map((c) => c.endAsync()));
  const got = delivered();
  console.log(
    `${label.padEnd(58)} ${Math.round(got / seconds)
      .toString()
      .padStart(8)} msg/s   (${got} of ${total} QoS 1 messages delivered, ${seconds.toFixed(2)} s)`,
  );
  return got / seconds;
}

// The hub's broker, in this process as in the hub.
const hubPort = await freePort();
const broker = await startBroker({
  db,
  ca,
  devices: registry,
  hubId: () => 'hub-bench',
  host: '127.0.0.1',
  port: hubPort,
  log: { info() {}, warn() {} },
});
let mosquitto;
try {
  const countWritten = db.prepare('SELECT count(*) AS n FROM device_events');
  const hubRate = await load(
    hubPort,
    'hub broker (aedes, mTLS, registry, ACL, SQLite batches)',
    () => countWritten.get().n,
  );
  const written = countWritten.get().n;

  // mosquitto with the same certificates, and a subscriber consuming everything.
  const mosquittoPort = await freePort();
  writeFileSync(path.join(dir, 'ca.pem'), caPem);
  writeFileSync(path.join(dir, 'broker.pem'), ca.serverCertificatePem);
  writeFileSync(path.join(dir, 'broker.key'), ca.serverKeyPem);
  writeFileSync(
    path.join(dir, 'mosquitto.conf'),
    // Run as root (CI), mosquitto would switch to its own user and lose read access to this private folder.
    [
      `listener ${mosquittoPort} 127.0.0.1`,
      `cafile ${path.join(dir, 'ca.pem')}`,
      `certfile ${path.join(dir, 'broker.pem')}`,
      `keyfile ${path.join(dir, 'broker.key')}`,
      'require_certificate true',
      'use_identity_as_username true',
      'allow_anonymous false',
      'persistence false',
      'log_dest none',
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      '',
    ].join('\n'),
  );
  mosquitto = spawn(mosquittoBin, ['-c', path.join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    const up = await new Promise((resolve) =>
      net
        .connect(mosquittoPort, '127.0.0.1')
        .on('connect', function () {
          this.destroy();
          resolve(true);
        })
        .on('error', () => resolve(false)),
    );
    if (up) break;
    if (i > 100) throw new Error('mosquitto did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const first = devices[0];
  const consumer = await mqtt.connectAsync(`mqtts://127.0.0.1:${mosquittoPort}`, {
    clientId: 'bench-consumer',
    key: first.key,
    cert: first.cert,
    ca: caPem,
    rejectUnauthorized: true,
    reconnectPeriod: 0,
  });
  let consumed = 0;
  consumer.on('message', () => consumed++);
  await consumer.subscribeAsync('ismail/#', { qos: 1 });
  // The consumer reuses a device certificate; mosquitto ties the identity to the certificate, not the client id.
  const mosquittoRate = await load(mosquittoPort, 'mosquitto 2 (mTLS, same load, to one subscriber)', () => consumed);
  await consumer.endAsync();

  console.log(
    `hub / mosquitto: ${(hubRate / mosquittoRate).toFixed(2)} (target >= 1.00); hub wrote ${written} device events; mosquitto's subscriber got ${consumed}`,
  );
  if (written !== devicesCount * perDevice) process.exitCode = 1;
} finally {
  mosquitto?.kill('SIGTERM');
  await broker.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
