// Issue 10's memory acceptance: a device that stops reading (its socket paused, as a frozen
// firmware would) while the hub sends it 20,000 commands of 4 KiB (80 MiB in all) must not
// make the hub's memory grow with them. The broker runs in this process with real TLS and
// client certificates (mqtt.js as the devices); the memory the process still holds (heap and
// buffers, after a garbage collection) is measured after every thousand commands. The stuck device is disconnected
// after the drain timeout, commands past the
// in-flight bound are refused rather than buffered, and a healthy device still gets its
// commands afterwards.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { startBroker } from '../src/iot/broker.js';
import { DeviceCa } from '../src/iot/device-ca.js';
import { DeviceRegistry } from '../src/iot/devices.js';
import { migrateHubDatabase } from '../src/store/migrate.js';
import { openHubDatabase } from '../src/store/open.js';
import { until } from '../../tools/test-support/processes.js';

const silent = { info: () => undefined, warn: () => undefined };

// A full collection on demand, so what is measured is what is held, not garbage not yet swept.
v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;
const held = (): number => {
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
};

describe('a slow subscriber at the device broker', () => {
  it(
    'keeps the hub’s memory bounded while a stuck device is sent 80 MiB of commands, and keeps serving the others',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'ismail-slow-'));
      const db = openHubDatabase(path.join(dir, 'hub.sqlite'));
      migrateHubDatabase(db);
      const ca = await DeviceCa.open(path.join(dir, 'iot'), 'hub');
      const devices = new DeviceRegistry(db, ca);
      const enrol = async (name: string) => {
        const { device, enrolCode } = devices.register({ type: 'alarm', name }, 'test');
        const key = path.join(dir, `${device.id}.key`);
        spawnSync('openssl', ['ecparam', '-genkey', '-name', 'prime256v1', '-noout', '-out', key]);
        const csr = spawnSync('openssl', ['req', '-new', '-key', key, '-subj', '/CN=x'], { encoding: 'utf8' }).stdout;
        const issued = await devices.enrol(device.id, { code: enrolCode, csrPem: csr });
        return {
          id: device.id,
          key: readFileSync(key),
          cert: Buffer.from(issued.certificatePem),
          ca: Buffer.from(issued.caCertificatePem),
        };
      };
      const stuck = await enrol('Capteur figé');
      const healthy = await enrol('Capteur sain');
      const broker = await startBroker({
        db,
        ca,
        devices,
        hubId: () => 'hub-test',
        host: '127.0.0.1',
        port: 0,
        drainTimeoutMs: 1_000,
        log: silent,
      });
      const connect = (device: typeof stuck) =>
        mqtt.connectAsync(`mqtts://127.0.0.1:${String(broker.port)}`, {
          clientId: device.id,
          key: device.key,
          cert: device.cert,
          ca: device.ca,
          rejectUnauthorized: true,
          reconnectPeriod: 0,
          clean: true,
        });
      const slow = await connect(stuck);
      await slow.subscribeAsync(`ismail/hub-test/${stuck.id}/cmd/#`, { qos: 1 });
      // The device stops reading: its TCP window fills and the broker's writes to it stall.
      slow.stream.pause();
      try {
        const before = held();
        let peak = before;
        let peakAtHalf = before;
        const payload = { blob: 'x'.repeat(4000) };
        let refused = 0;
        for (let sent = 0; sent < 20_000; sent += 1000) {
          // Fire and forget, as a busy counter would: the broker answers "refused" or delivers later.
          for (let i = 0; i < 1000; i++) broker.command(stuck.id, 'report', payload).catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 10));
          refused = broker.stats.commandsRefused;
          peak = Math.max(peak, held());
          if (sent + 1000 === 10_000) peakAtHalf = peak;
        }
        // The stuck device is dropped once its socket has not drained for a second.
        await until(
          async () => broker.isConnected(stuck.id),
          (connected) => !connected,
          15_000,
        );
        const growthMiB = (peak - before) / 1024 / 1024;
        expect(refused).toBeGreaterThan(10_000);
        expect(broker.stats.commandsRefused).toBe(refused);
        // 80 MiB were asked for: what the hub held at its worst is bounded (the in-flight commands),
        // and sending the second 40 MiB did not grow it.
        expect(growthMiB).toBeLessThan(16);
        expect((peak - peakAtHalf) / 1024 / 1024).toBeLessThan(1);
        process.stdout.write(
          `slow subscriber: 20000 commands of 4 KiB, ${String(refused)} refused, most memory held +${growthMiB.toFixed(1)} MiB\n`,
        );

        // Nothing is stuck for the others.
        await until(
          async () => broker.stats.commandsInFlight,
          (n) => n === 0,
          15_000,
        );
        const fine = await connect(healthy);
        await fine.subscribeAsync(`ismail/hub-test/${healthy.id}/cmd/#`, { qos: 1 });
        const got = new Promise<string>((resolve) => fine.on('message', (topic) => resolve(topic)));
        await broker.command(healthy.id, 'arm', { at: 'now' });
        expect(await got).toBe(`ismail/hub-test/${healthy.id}/cmd/arm`);
        await fine.endAsync();
      } finally {
        slow.end(true);
        await broker.close();
        db.close();
      }
    },
  );
});
