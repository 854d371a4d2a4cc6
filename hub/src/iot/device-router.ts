/**
 * What device messages mean at the counter (SPEC 3.10), decided inside the transaction that
 * writes them, so a message and its effect commit together (a crash never keeps one without
 * the other). For now: an RFID reader's scan (`…/rfid/scan`, `{ scanId, barcode | productId,
 * delta }`) becomes one stock movement for the cloud, once per reader and scan id. A message
 * that means nothing (bad JSON, unknown product) stays in the device log and moves nothing.
 */
import { Value } from '@sinclair/typebox/value';
import { Type } from '@sinclair/typebox';
import type { HubDatabase } from '../store/open.js';
import type { Outbox } from '../sync/outbox.js';
import type { DeviceMessage } from './broker.js';
import type { DeviceRegistry } from './devices.js';

const ScanSchema = Type.Object({
  scanId: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' }),
  barcode: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z-]{1,64}$' })),
  productId: Type.Optional(Type.String({ pattern: '^[0-9a-f-]{36}$' })),
  delta: Type.Optional(Type.Union([Type.Integer({ minimum: -1000, maximum: -1 }), Type.Integer({ minimum: 1, maximum: 1000 })])),
});

export class DeviceRouter {
  readonly stats = { scansApplied: 0, scansRepeated: 0, ignored: 0 };

  constructor(
    private readonly db: HubDatabase,
    private readonly devices: DeviceRegistry,
    private readonly outbox: Outbox,
  ) {}

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
      if (!message.topic.endsWith('/rfid/scan') || this.devices.get(message.deviceId)?.type !== 'rfid_reader') continue;
      const scan = this.parse(message.payload);
      if (!Value.Check(ScanSchema, scan)) {
        this.stats.ignored++;
        continue;
      }
      const productId =
        scan.productId ?? (scan.barcode === undefined ? undefined : this.db.prepare<[string], { id: string }>('SELECT id FROM catalog_products WHERE barcode = ?').get(scan.barcode)?.id);
      if (productId === undefined) {
        this.stats.ignored++;
        continue;
      }
      const delta = scan.delta ?? -1;
      const seen = this.db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM rfid_scans WHERE device_id = ? AND scan_id = ?').get(message.deviceId, scan.scanId);
      if ((seen?.n ?? 0) > 0) {
        this.stats.scansRepeated++;
        continue;
      }
      const seq = this.outbox.append('shop.stock_scan', { deviceId: message.deviceId, scanId: scan.scanId, productId, delta });
      this.db.prepare('INSERT INTO rfid_scans (device_id, scan_id, product_id, delta, at, outbox_seq) VALUES (?, ?, ?, ?, ?, ?)').run(message.deviceId, scan.scanId, productId, delta, message.at, seq);
      this.stats.scansApplied++;
    }
  }
}
