/**
 * Simulated shop-LAN devices (SPEC 3.10) that behave like the real ones towards the hub: each
 * makes its own key pair, enrols with its one-time code (a CSR to the hub's API, the
 * certificate back), connects to the hub's broker over mutual TLS, publishes realistic
 * traffic under its own namespace and obeys commands:
 *
 * - rfid_reader: scans tags (a barcode, +/- units, a fresh scan id each; sometimes the same
 *   scan twice, as readers do);
 * - door_lock: listens for `unlock` and opens once per request id (a repeated command is
 *   ignored), keeping a log of openings;
 * - alarm: reports an event on demand;
 * - gps_tracker: follows a route around Abidjan's Plateau.
 */
import 'reflect-metadata';
import { randomUUID, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import mqtt, { type MqttClient } from 'mqtt';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export type SimDeviceType = 'rfid_reader' | 'door_lock' | 'alarm' | 'gps_tracker';

const route = [
  [5.3237, -4.0201],
  [5.3259, -4.0178],
  [5.3281, -4.0166],
  [5.3262, -4.0139],
  [5.3241, -4.0155],
] as const;

export class SimDevice {
  private client: MqttClient | null = null;
  private topicBase = '';
  private step = 0;
  /** Request ids of the unlocks this lock carried out (each once). */
  readonly unlocks: { requestId: string; reservationId: string; at: string }[] = [];

  private constructor(
    readonly id: string,
    readonly type: SimDeviceType,
    private readonly credentials: { key: string; cert: string; ca: string; port: number },
  ) {}

  /** Enrols with the hub: key pair and CSR made here, the private key never leaves this object. */
  static async enrol(input: {
    hubUrl: string;
    deviceId: string;
    code: string;
    type: SimDeviceType;
  }): Promise<SimDevice> {
    const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: `CN=${input.deviceId}`,
      keys,
      signingAlgorithm: algorithm,
    });
    const response = await fetch(`${input.hubUrl}/api/v1/devices/${input.deviceId}/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: input.code, csr: csr.toString('pem') }),
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status !== 200) throw new Error(`enrolment refused: HTTP ${String(response.status)}`);
    const issued = (await response.json()) as {
      certificatePem: string;
      caCertificatePem: string;
      broker: { port: number | null };
    };
    if (issued.broker.port === null) throw new Error('the hub has no device broker running');
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
    const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
    return new SimDevice(input.deviceId, input.type, {
      key,
      cert: issued.certificatePem,
      ca: issued.caCertificatePem,
      port: issued.broker.port,
    });
  }

  async connect(hubHost: string, hubId: string): Promise<void> {
    this.topicBase = `ismail/${hubId}/${this.id}`;
    this.client = await mqtt.connectAsync(`mqtts://${hubHost}:${String(this.credentials.port)}`, {
      clientId: this.id,
      key: this.credentials.key,
      cert: this.credentials.cert,
      ca: this.credentials.ca,
      rejectUnauthorized: true,
      clean: true,
      reconnectPeriod: 2_000,
    });
    await this.client.subscribeAsync(`${this.topicBase}/cmd/#`, { qos: 1 });
    this.client.on('message', (topic, payload) => this.obey(topic.slice(`${this.topicBase}/cmd/`.length), payload));
  }

  private obey(command: string, payload: Buffer): void {
    if (this.type !== 'door_lock' || command !== 'unlock') return;
    const body = JSON.parse(payload.toString('utf8')) as { requestId?: string; reservationId?: string };
    if (body.requestId === undefined || this.unlocks.some((u) => u.requestId === body.requestId)) return;
    this.unlocks.push({
      requestId: body.requestId,
      reservationId: body.reservationId ?? '',
      at: new Date().toISOString(),
    });
  }

  private async publish(suffix: string, body: unknown): Promise<void> {
    if (this.client === null) throw new Error('not connected');
    await this.client.publishAsync(`${this.topicBase}/${suffix}`, JSON.stringify(body), { qos: 1 });
  }

  /** One tag read: `barcode` counted in (+) or out (−). Returns the scan id (send it again to simulate a repeat). */
  async scan(barcode: string, delta = -1, scanId: string = randomUUID()): Promise<string> {
    await this.publish('rfid/scan', { scanId, barcode, delta });
    return scanId;
  }

  async alarm(kind: string, message?: string): Promise<void> {
    await this.publish('alarm', { kind, ...(message === undefined ? {} : { message }) });
  }

  /** The next point of the tracker's route. */
  async position(): Promise<void> {
    const [lat, lon] = route[this.step % route.length] ?? route[0];
    this.step++;
    await this.publish('gps/position', { lat, lon, speedKmh: 25 + (this.step % 10) });
  }

  async close(): Promise<void> {
    await this.client?.endAsync();
    this.client = null;
  }
}
