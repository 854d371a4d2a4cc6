/**
 * The hub's device registry (SPEC 3.10): an administrator registers a device and gets a
 * one-time enrolment code (valid 15 minutes, 5 wrong tries); the device proves it holds its
 * own key with a CSR and gets a client certificate from the hub's CA; a revoked device's
 * certificate no longer opens a session, whatever its expiry says. Every step is audited.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { AppError, type HubDevice, type HubDeviceType } from '@ismail/shared';
import { appendHubAudit } from '../store/audit.js';
import type { HubDatabase } from '../store/open.js';
import { sameSerial, type DeviceCa } from './device-ca.js';
import type { Outbox } from '../sync/outbox.js';

/** The device kinds and the device as the API shows it: declared once in shared/src/hub-api/devices. */
export type DeviceType = HubDeviceType;
export type Device = HubDevice;

interface DeviceRow {
  id: string;
  type: DeviceType;
  name: string;
  unit_id: string | null;
  property_id: string | null;
  state: Device['state'];
  enrol_code_hash: string | null;
  enrol_expires_at: string | null;
  enrol_failures: number;
  cert_serial: string | null;
  cert_expires_at: string | null;
  last_seen_at: string | null;
}

const enrolTtlMs = 15 * 60_000;
const enrolFailuresMax = 5;
/** Letters and digits that survive being read aloud or typed on a device's keypad. */
const codeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const toDevice = (r: DeviceRow): Device => ({
  id: r.id,
  type: r.type,
  name: r.name,
  unitId: r.unit_id,
  propertyId: r.property_id,
  state: r.state,
  certSerial: r.cert_serial,
  certExpiresAt: r.cert_expires_at,
  lastSeenAt: r.last_seen_at,
});

export class DeviceRegistry {
  /** Told when a device is revoked, so the broker closes its session at once. */
  onRevoked: (deviceId: string) => void = () => undefined;

  constructor(
    private readonly db: HubDatabase,
    private readonly ca: DeviceCa,
    /** Where the cloud's registry hears of each change (in the change's transaction); none in benchmarks. */
    private readonly outbox?: Outbox,
  ) {}

  /** The device as the cloud's registry should know it now (inside the caller's transaction). */
  private report(id: string): void {
    const row = this.row(id);
    if (row === undefined || this.outbox === undefined) return;
    // The cloud's registry knows rooms, not properties (its report has no such field): a property's lock is a lock.
    const d = toDevice(row);
    this.outbox.append('iot.device', {
      deviceId: d.id,
      type: d.type,
      name: d.name,
      unitId: d.unitId,
      state: d.state,
      certSerial: d.certSerial,
      certExpiresAt: d.certExpiresAt,
      lastSeenAt: d.lastSeenAt,
    });
  }

  private row(id: string): DeviceRow | undefined {
    return this.db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE id = ?').get(id);
  }

  register(
    input: { type: DeviceType; name: string; unitId?: string | undefined; propertyId?: string | undefined },
    by: string,
  ): { device: Device; enrolCode: string; expiresAt: string } {
    if (input.propertyId !== undefined && (input.type !== 'door_lock' || input.unitId !== undefined))
      throw new AppError(
        'VALIDATION_FAILED',
        'Only a door lock is tied to a property, and to a room or a property, not both.',
      );
    const code = Array.from(randomBytes(10), (b) => codeAlphabet[b % codeAlphabet.length]).join('');
    const id = randomUUID();
    const expiresAt = new Date(Date.now() + enrolTtlMs).toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT INTO devices (id, type, name, unit_id, property_id, state, enrol_code_hash, enrol_expires_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
        )
        .run(
          id,
          input.type,
          input.name,
          input.unitId ?? null,
          input.propertyId ?? null,
          sha256(code),
          expiresAt,
          new Date().toISOString(),
        );
      appendHubAudit(this.db, {
        actor: by,
        action: 'device.registered',
        detail: { deviceId: id, type: input.type, name: input.name, propertyId: input.propertyId ?? null },
      });
      this.report(id);
    })();
    return { device: toDevice(this.row(id) as DeviceRow), enrolCode: code, expiresAt };
  }

  /** The device's CSR for its one-time code: a certificate once; a wrong code five times cancels the enrolment. */
  async enrol(
    deviceId: string,
    input: { code: string; csrPem: string },
  ): Promise<{ certificatePem: string; caCertificatePem: string; serial: string; expiresAt: string }> {
    const row = this.row(deviceId);
    const valid =
      row !== undefined &&
      row.state === 'pending' &&
      row.enrol_code_hash !== null &&
      row.enrol_expires_at !== null &&
      Date.parse(row.enrol_expires_at) > Date.now() &&
      timingSafeEqual(Buffer.from(sha256(input.code.toUpperCase())), Buffer.from(row.enrol_code_hash));
    if (!valid) {
      if (row?.state === 'pending') {
        this.db.transaction(() => {
          const failures = row.enrol_failures + 1;
          if (failures >= enrolFailuresMax)
            this.db
              .prepare('UPDATE devices SET enrol_failures = ?, enrol_code_hash = NULL WHERE id = ?')
              .run(failures, deviceId);
          else this.db.prepare('UPDATE devices SET enrol_failures = ? WHERE id = ?').run(failures, deviceId);
          appendHubAudit(this.db, {
            actor: `device:${deviceId}`,
            action: 'device.enrol_refused',
            detail: { failures },
          });
        })();
      }
      // One answer for unknown device, wrong, used or expired code.
      throw new AppError('UNAUTHENTICATED', 'This enrolment code is not valid (wrong, used or expired).');
    }
    let issued;
    try {
      issued = await this.ca.issue(input.csrPem, deviceId);
    } catch (error) {
      throw new AppError('VALIDATION_FAILED', `The certificate request was refused: ${(error as Error).message}.`);
    }
    this.db.transaction(() => {
      const changed = this.db
        .prepare(
          "UPDATE devices SET state = 'active', enrol_code_hash = NULL, enrol_expires_at = NULL, cert_serial = ?, cert_expires_at = ? WHERE id = ? AND state = 'pending' AND enrol_code_hash IS NOT NULL",
        )
        .run(issued.serial, issued.notAfter.toISOString(), deviceId).changes;
      if (changed !== 1)
        throw new AppError('UNAUTHENTICATED', 'This enrolment code is not valid (wrong, used or expired).');
      appendHubAudit(this.db, {
        actor: `device:${deviceId}`,
        action: 'device.enrolled',
        detail: { serial: issued.serial, expiresAt: issued.notAfter.toISOString() },
      });
      this.report(deviceId);
    })();
    return {
      certificatePem: issued.certificatePem,
      caCertificatePem: this.ca.caCertificatePem,
      serial: issued.serial,
      expiresAt: issued.notAfter.toISOString(),
    };
  }

  revoke(deviceId: string, by: string, reason: string): Device {
    const row = this.row(deviceId);
    if (row === undefined) throw new AppError('NOT_FOUND', 'No such device at this hub.');
    if (row.state !== 'revoked') {
      this.db.transaction(() => {
        this.db
          .prepare("UPDATE devices SET state = 'revoked', enrol_code_hash = NULL, revoked_at = ? WHERE id = ?")
          .run(new Date().toISOString(), deviceId);
        appendHubAudit(this.db, {
          actor: by,
          action: 'device.revoked',
          detail: { deviceId, serial: row.cert_serial, reason },
        });
        this.report(deviceId);
      })();
      this.onRevoked(deviceId);
    }
    return toDevice(this.row(deviceId) as DeviceRow);
  }

  /** The device a client certificate belongs to, if it is the one in force for an active device. */
  activeBySerial(deviceId: string, serial: string): Device | null {
    const row = this.row(deviceId);
    if (row?.state !== 'active' || row.cert_serial === null || !sameSerial(row.cert_serial, serial)) return null;
    if (row.cert_expires_at !== null && Date.parse(row.cert_expires_at) <= Date.now()) return null;
    return toDevice(row);
  }

  get(id: string): Device | undefined {
    const row = this.row(id);
    return row === undefined ? undefined : toDevice(row);
  }

  list(): Device[] {
    return this.db
      .prepare<[], DeviceRow>('SELECT * FROM devices ORDER BY created_at DESC LIMIT 500')
      .all()
      .map(toDevice);
  }

  seen(ids: readonly string[], at: string): void {
    const update = this.db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ?');
    for (const id of ids) update.run(at, id);
  }
}
