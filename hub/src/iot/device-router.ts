/**
 * What device messages mean at the counter (SPEC 3.10), decided inside the transaction that
 * writes them, so a message and its effect commit together (a crash never keeps one without
 * the other):
 * - an RFID reader's scan (`…/rfid/scan`, `{ scanId, barcode | productId, delta }`) becomes one
 *   stock movement for the cloud, once per reader and scan id;
 * - an alarm sensor's event (`…/alarm`, `{ kind, message? }`) is kept and sent to the cloud,
 *   which notifies the establishment's manager (the counter shows it at once, see live.ts);
 * - a GPS tracker's position (`…/gps/position`, `{ lat, lon, speedKmh? }`) is kept for its asset.
 * A message that means nothing (bad JSON, unknown product) stays in the device log only.
 */
import { Value } from '@sinclair/typebox/value';
import { Type } from '@sinclair/typebox';
import { displayText } from '@ismail/shared';
import type { HubDatabase } from '../store/open.js';
import type { Outbox } from '../sync/outbox.js';
import type { DeviceMessage } from './broker.js';
import type { DeviceRegistry } from './devices.js';

const AlarmSchema = Type.Object({
  kind: Type.String({ pattern: '^[a-z_]{1,40}$' }),
  message: Type.Optional(Type.String({ maxLength: 300 })),
});
const PositionSchema = Type.Object({
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  speedKmh: Type.Optional(Type.Number({ minimum: 0, maximum: 500 })),
});

const ScanSchema = Type.Object({
  scanId: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' }),
  barcode: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z-]{1,64}$' })),
  productId: Type.Optional(Type.String({ pattern: '^[0-9a-f-]{36}$' })),
  delta: Type.Optional(
    Type.Union([Type.Integer({ minimum: -1000, maximum: -1 }), Type.Integer({ minimum: 1, maximum: 1000 })]),
  ),
});

export class DeviceRouter {
  readonly stats = { scansApplied: 0, scansRepeated: 0, alarms: 0, positions: 0, ignored: 0 };

  constructor(
    private readonly db: HubDatabase,
    private readonly devices: DeviceRegistry,
    private readonly outbox: Outbox,
  ) {}

  /** Alarms among messages just committed (the counter's live channel shows them). */
  alarmsIn(messages: readonly DeviceMessage[]): { deviceId: string; deviceName: string; kind: string; at: string }[] {
    return messages.flatMap((m) => {
      const device = this.devices.get(m.deviceId);
      const alarm = this.parse(m.payload);
      return device?.type === 'alarm' && m.topic.endsWith('/alarm') && Value.Check(AlarmSchema, alarm)
        ? [{ deviceId: device.id, deviceName: device.name, kind: alarm.kind, at: m.at }]
        : [];
    });
  }

  private parse(payload: string): unknown {
    try {
      return JSON.parse(payload) as unknown;
    } catch {
      return undefined;
    }
  }

  /** Called with a batch being written, inside its transaction. */
  route(messages: readonly DeviceMessage[]): void {
    for (const message of messages) {
      const device = this.devices.get(message.deviceId);
      if (device?.type === 'alarm' && message.topic.endsWith('/alarm')) {
        const alarm = this.parse(message.payload);
        if (!Value.Check(AlarmSchema, alarm)) {
          this.stats.ignored++;
          continue;
        }
        // A device's free text is cleaned on the way in: the cloud refuses control characters,
        // and one in an outbox entry would hold up every operation behind it.
        const text = alarm.message === undefined ? undefined : displayText(alarm.message);
        const seq = this.outbox.append('iot.alarm', {
          deviceId: device.id,
          deviceName: device.name,
          kind: alarm.kind,
          ...(text === undefined ? {} : { message: text }),
          at: message.at,
        });
        this.db
          .prepare(
            'INSERT INTO device_alarms (event_seq, device_id, kind, message, at, outbox_seq) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(message.seq, device.id, alarm.kind, text ?? null, message.at, seq);
        this.stats.alarms++;
        continue;
      }
      if (device?.type === 'gps_tracker' && message.topic.endsWith('/gps/position')) {
        const position = this.parse(message.payload);
        if (!Value.Check(PositionSchema, position)) {
          this.stats.ignored++;
          continue;
        }
        this.db
          .prepare(
            'INSERT INTO gps_positions (event_seq, device_id, lat, lon, speed_kmh, at) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(message.seq, device.id, position.lat, position.lon, position.speedKmh ?? null, message.at);
        this.stats.positions++;
        continue;
      }
      if (!message.topic.endsWith('/rfid/scan') || device?.type !== 'rfid_reader') continue;
      const scan = this.parse(message.payload);
      if (!Value.Check(ScanSchema, scan)) {
        this.stats.ignored++;
        continue;
      }
      const productId =
        scan.productId ??
        (scan.barcode === undefined
          ? undefined
          : this.db
              .prepare<[string], { id: string }>('SELECT id FROM catalog_products WHERE barcode = ?')
              .get(scan.barcode)?.id);
      if (productId === undefined) {
        this.stats.ignored++;
        continue;
      }
      const delta = scan.delta ?? -1;
      const seen = this.db
        .prepare<[string, string], { n: number }>(
          'SELECT count(*) AS n FROM rfid_scans WHERE device_id = ? AND scan_id = ?',
        )
        .get(message.deviceId, scan.scanId);
      if ((seen?.n ?? 0) > 0) {
        this.stats.scansRepeated++;
        continue;
      }
      const seq = this.outbox.append('shop.stock_scan', {
        deviceId: message.deviceId,
        scanId: scan.scanId,
        productId,
        delta,
      });
      this.db
        .prepare(
          'INSERT INTO rfid_scans (device_id, scan_id, product_id, delta, at, outbox_seq) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(message.deviceId, scan.scanId, productId, delta, message.at, seq);
      this.stats.scansApplied++;
    }
  }
}
