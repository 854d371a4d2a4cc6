/**
 * The shop LAN's MQTT broker (SPEC 3.10): aedes behind TLS with mutual X.509 authentication.
 *
 * - Who: the TLS layer accepts only certificates signed by the hub's CA and in date; then the
 *   certificate must be the one in force for an active device (a revoked device is refused
 *   whatever its expiry), and the MQTT client id must be that device's id.
 * - What: a device publishes only under `ismail/<hub>/<device>/…` (never its `cmd/` branch:
 *   commands come from the hub alone) and subscribes only to its own `cmd/…`. Every refusal is
 *   logged with the device and the topic.
 * - Bounds (aedes has none of its own): 4 KiB payloads, clean sessions only (no offline queue
 *   growing for an absent device), a socket that stays full for `drainTimeoutMs` is closed (a
 *   slow subscriber never holds the broker's memory or its other clients), QoS 2 in flight
 *   capped, at most `clientsMax` sessions.
 * - Durability: a device's QoS 1 message is acknowledged only once it is in SQLite. Messages
 *   are written by group commit: whatever arrived while the previous batch was committing is
 *   the next batch (at most 1,000 rows), so a quiet LAN gets its acknowledgements after one
 *   commit and a busy one gets big batches; past `pendingMax` waiting, publishes are refused
 *   (the device retries).
 */
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { Aedes, type AedesPublishPacket, type Client } from 'aedes';
import type { HubDatabase } from '../store/open.js';
import type { DeviceCa } from './device-ca.js';
import type { DeviceRegistry } from './devices.js';

export const payloadMaxBytes = 4096;
const batchMax = 1000;
const pendingMax = 20_000;
/**
 * Commands on their way to devices: past this the hub refuses new ones (a stuck device cannot pile them up in memory).
 */
export const commandsInFlightMax = 1000;

export interface BrokerOptions {
  readonly db: HubDatabase;
  readonly ca: DeviceCa;
  readonly devices: DeviceRegistry;
  readonly hubId: () => string | null;
  readonly host: string;
  readonly port: number;
  /** Development only: a plain TCP listener on loopback (client id = device id, no certificate). */
  readonly plainLoopbackPort?: number | undefined;
  readonly drainTimeoutMs?: number;
  readonly clientsMax?: number;
  readonly log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** What the messages mean (stock, alarms...), written in the same transaction as the messages. */
  readonly route?: (messages: readonly DeviceMessage[]) => void;
  /** Told after a batch committed (the sync client pushes what it produced). */
  readonly onCommitted?: (messages: readonly DeviceMessage[]) => void;
}

export interface DeviceMessage {
  readonly seq: number;
  readonly deviceId: string;
  readonly topic: string;
  readonly payload: string;
  readonly at: string;
}

export interface RunningBroker {
  readonly port: number;
  readonly plainPort: number | null;
  /** Sends a command to a device (only the hub may): `ismail/<hub>/<device>/cmd/<name>`. */
  command(deviceId: string, name: string, payload: unknown): Promise<void>;
  disconnect(deviceId: string): void;
  isConnected(deviceId: string): boolean;
  readonly stats: {
    refusedConnections: number;
    refusedPublishes: number;
    refusedSubscriptions: number;
    written: number;
    commandsRefused: number;
    commandsInFlight: number;
  };
  close(): Promise<void>;
}

/** The device a session belongs to: the certificate's CN, checked against the registry at connect. */
const sessions = new WeakMap<Client, { deviceId: string }>();

export async function startBroker(options: BrokerOptions): Promise<RunningBroker> {
  const stats = {
    refusedConnections: 0,
    refusedPublishes: 0,
    refusedSubscriptions: 0,
    written: 0,
    commandsRefused: 0,
    commandsInFlight: 0,
  };
  const clientsMax = options.clientsMax ?? 500;
  let pending: {
    deviceId: string;
    topic: string;
    payload: string;
    at: string;
    done: (error?: Error | null) => void;
  }[] = [];
  const insert = options.db.prepare(
    'INSERT INTO device_events (device_id, topic, payload, at) VALUES (?, ?, ?, ?) RETURNING seq',
  );
  const flush = (): void => {
    if (pending.length === 0) return;
    const batch = pending.slice(0, batchMax);
    pending = pending.slice(batchMax);
    let written: DeviceMessage[] = [];
    try {
      written = options.db.transaction(() => {
        const rows = batch.map((m) => ({
          seq: (insert.get(m.deviceId, m.topic, m.payload, m.at) as { seq: number }).seq,
          deviceId: m.deviceId,
          topic: m.topic,
          payload: m.payload,
          at: m.at,
        }));
        options.devices.seen([...new Set(batch.map((m) => m.deviceId))], new Date().toISOString());
        options.route?.(rows);
        return rows;
      })();
    } catch (error) {
      for (const m of batch) m.done(error as Error);
      return;
    }
    stats.written += written.length;
    for (const m of batch) m.done(null);
    options.onCommitted?.(written);
  };
  // Group commit: one flush scheduled at a time; what arrives meanwhile waits for the next.
  let scheduled = false;
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      flush();
      if (pending.length > 0) schedule();
    });
  };

  const refuse = (kind: 'connect' | 'publish' | 'subscribe', detail: object): void => {
    if (kind === 'connect') stats.refusedConnections++;
    else if (kind === 'publish') stats.refusedPublishes++;
    else stats.refusedSubscriptions++;
    options.log.warn(detail, `mqtt ${kind} refused`);
  };
  const namespace = (deviceId: string): string | null => {
    const hub = options.hubId();
    return hub === null ? null : `ismail/${hub}/${deviceId}/`;
  };

  const broker = await Aedes.createBroker({
    concurrency: 100,
    queueLimit: 42,
    maxInflightInbound: 100,
    maxClientsIdLength: 36,
    maxTopicLevels: 8,
    connectTimeout: 10_000,
    keepaliveLimit: 600,
    drainTimeout: options.drainTimeoutMs ?? 10_000,
    heartbeatInterval: 60_000,
    preConnect: (client, packet, callback) => {
      // Clean sessions only: nothing queues up in memory for a device that is away.
      if (!packet.clean) {
        refuse('connect', { clientId: packet.clientId, why: 'persistent sessions are not allowed' });
        callback(null, false);
        return;
      }
      if (broker.connectedClients >= clientsMax) {
        refuse('connect', { clientId: packet.clientId, why: 'too many devices connected' });
        callback(null, false);
        return;
      }
      callback(null, true);
    },
    authenticate: (client, _username, _password, done) => {
      const socket = client.conn as Partial<TLSSocket>;
      const plain = typeof socket.getPeerCertificate !== 'function';
      let deviceId = client.id;
      let serial: string | null = null;
      if (!plain) {
        const certificate = socket.getPeerCertificate?.();
        if (socket.authorized !== true || certificate === undefined || certificate.subject === undefined) {
          refuse('connect', { clientId: client.id, why: 'no valid client certificate' });
          done(Object.assign(new Error('certificate required'), { returnCode: 5 as const }), false);
          return;
        }
        deviceId = String(certificate.subject.CN);
        serial = certificate.serialNumber;
      }
      const device =
        serial === null
          ? options.devices.get(deviceId)?.state === 'active'
            ? options.devices.get(deviceId)
            : null
          : options.devices.activeBySerial(deviceId, serial);
      if (device === null || device === undefined || client.id !== deviceId) {
        refuse('connect', {
          deviceId,
          clientId: client.id,
          why:
            device == null ? 'unknown, revoked or superseded certificate' : 'client id is not the certificate’s device',
        });
        done(Object.assign(new Error('not authorized'), { returnCode: 5 as const }), false);
        return;
      }
      sessions.set(client, { deviceId });
      done(null, true);
    },
    authorizePublish: (client, packet, callback) => {
      if (client === null) {
        callback(null);
        return;
      }
      const deviceId = sessions.get(client)?.deviceId ?? '';
      const own = namespace(deviceId);
      if (
        own === null ||
        !packet.topic.startsWith(own) ||
        packet.topic.startsWith(`${own}cmd/`) ||
        packet.topic.includes('#') ||
        packet.topic.includes('+')
      ) {
        refuse('publish', { deviceId, topic: packet.topic });
        callback(new Error('topic not allowed'));
        return;
      }
      if (packet.payload.length > payloadMaxBytes) {
        refuse('publish', { deviceId, topic: packet.topic, why: `payload over ${String(payloadMaxBytes)} bytes` });
        callback(new Error('payload too large'));
        return;
      }
      if (pending.length >= pendingMax) {
        refuse('publish', { deviceId, topic: packet.topic, why: 'hub busy writing device events' });
        callback(new Error('hub busy'));
        return;
      }
      // Acknowledged (PUBACK) when the batch holding it is committed.
      pending.push({
        deviceId,
        topic: packet.topic,
        payload: Buffer.from(packet.payload).toString('utf8'),
        at: new Date().toISOString(),
        done: callback,
      });
      schedule();
    },
    authorizeSubscribe: (client, subscription, callback) => {
      const deviceId = sessions.get(client)?.deviceId ?? '';
      const own = namespace(deviceId);
      if (own === null || !subscription.topic.startsWith(`${own}cmd/`)) {
        refuse('subscribe', { deviceId, topic: subscription.topic });
        callback(new Error('subscription not allowed'));
        return;
      }
      callback(null, subscription);
    },
  });

  const tlsServer: TlsServer = createTlsServer(
    {
      key: options.ca.serverKeyPem,
      cert: options.ca.serverCertificatePem,
      ca: [options.ca.caCertificatePem],
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    (socket) => broker.handle(socket),
  );
  tlsServer.on('tlsClientError', (error) => refuse('connect', { why: error.message.slice(0, 200) }));
  try {
    await new Promise<void>((resolve, reject) => {
      tlsServer.once('error', reject);
      tlsServer.listen(options.port, options.host, () => resolve());
    });
  } catch (error) {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    throw error;
  }
  let plainServer: TcpServer | null = null;
  if (options.plainLoopbackPort !== undefined) {
    plainServer = createTcpServer((socket) => broker.handle(socket));
    await new Promise<void>((resolve) => plainServer?.listen(options.plainLoopbackPort, '127.0.0.1', () => resolve()));
    options.log.warn({ port: options.plainLoopbackPort }, 'mqtt plain TCP listener on loopback (development only)');
  }
  const clients = (): Record<string, Client> => (broker as unknown as { clients: Record<string, Client> }).clients;

  return {
    port: (tlsServer.address() as { port: number }).port,
    plainPort: plainServer === null ? null : (plainServer.address() as { port: number }).port,
    stats,
    command: (deviceId, name, payload) =>
      new Promise((resolve, reject) => {
        const own = namespace(deviceId);
        if (own === null) {
          reject(new Error('the hub is not paired'));
          return;
        }
        const body = Buffer.from(JSON.stringify(payload));
        if (body.length > payloadMaxBytes) {
          reject(new RangeError(`a command is at most ${String(payloadMaxBytes)} bytes`));
          return;
        }
        if (stats.commandsInFlight >= commandsInFlightMax) {
          stats.commandsRefused++;
          reject(new Error('too many commands on their way to devices; try again'));
          return;
        }
        stats.commandsInFlight++;
        const packet = {
          cmd: 'publish',
          topic: `${own}cmd/${name}`,
          payload: body,
          qos: 1,
          retain: false,
          dup: false,
        } as unknown as AedesPublishPacket;
        broker.publish(packet, (error) => {
          stats.commandsInFlight--;
          if (error) reject(error);
          else resolve();
        });
      }),
    isConnected: (deviceId) => clients()[deviceId]?.connected === true,
    disconnect: (deviceId) => clients()[deviceId]?.close(),
    close: async () => {
      while (pending.length > 0) flush();
      for (const client of Object.values(clients())) client.close();
      await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
      if (plainServer !== null) await new Promise<void>((resolve) => plainServer?.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}
