/**
 * Hotel doors (SPEC 3.10): a lock opens only for the guest of a confirmed reservation of its
 * room, on a day of the stay, once the guest's card or dynamic QR is verified (with the keys
 * and revocation list the hub holds, so it works offline). The decision is the hub's: the
 * lock only ever receives an `unlock` command. Each request is decided once (a repeated
 * request gets the first answer and sends nothing), and every decision is audited.
 */
import { randomUUID } from 'node:crypto';
import type { CardTrust } from '../cards/card-trust.js';
import { appendHubAudit } from '../store/audit.js';
import type { HubDatabase } from '../store/open.js';
import type { BookingSync } from '../sync/booking-sync.js';
import type { RunningBroker } from './broker.js';
import type { DeviceRegistry } from './devices.js';

export type DoorDecision =
  | { unlocked: true; requestId: string; reservationId: string; until: string }
  | { unlocked: false; requestId: string; reason: string };

const localDay = (at: Date): string =>
  `${String(at.getFullYear())}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;

export class DoorDesk {
  constructor(
    private readonly db: HubDatabase,
    private readonly devices: DeviceRegistry,
    private readonly trust: CardTrust,
    private readonly booking: BookingSync,
    private readonly broker: () => RunningBroker | null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async unlock(input: {
    deviceId: string;
    token: string;
    requestId?: string | undefined;
    by: string;
  }): Promise<DoorDecision> {
    const requestId = input.requestId ?? randomUUID();
    const earlier = this.db
      .prepare<[string], { decision: string; reason: string | null; reservation_id: string | null; device_id: string }>(
        'SELECT decision, reason, reservation_id, device_id FROM door_requests WHERE request_id = ?',
      )
      .get(requestId);
    if (earlier !== undefined) {
      return earlier.decision === 'unlocked'
        ? { unlocked: true, requestId, reservationId: earlier.reservation_id ?? '', until: '' }
        : { unlocked: false, requestId, reason: earlier.reason ?? 'refused' };
    }
    const decide = (decision: DoorDecision, guest: string | null): DoorDecision => {
      this.db.transaction(() => {
        this.db
          .prepare(
            'INSERT INTO door_requests (request_id, device_id, guest_ismail_id, reservation_id, decision, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            requestId,
            input.deviceId,
            guest,
            decision.unlocked ? decision.reservationId : null,
            decision.unlocked ? 'unlocked' : 'refused',
            decision.unlocked ? null : decision.reason,
            this.now().toISOString(),
          );
        appendHubAudit(this.db, {
          actor: input.by,
          action: decision.unlocked ? 'door.unlocked' : 'door.unlock_refused',
          detail: {
            deviceId: input.deviceId,
            guest,
            requestId,
            ...(decision.unlocked ? { reservationId: decision.reservationId } : { reason: decision.reason }),
          },
        });
      })();
      return decision;
    };
    const device = this.devices.get(input.deviceId);
    if (device?.type !== 'door_lock' || device.state !== 'active' || device.unitId === null)
      return decide({ unlocked: false, requestId, reason: 'not an active door lock of a room' }, null);
    const check = await this.trust.verify(input.token);
    if (!check.ok) return decide({ unlocked: false, requestId, reason: `card refused: ${check.reason}` }, null);
    const guest = check.claims.sub;
    const today = localDay(this.now());
    const stay = this.booking.staysOn(today).find((s) => s.unitId === device.unitId && s.guestIsmailId === guest);
    if (stay === undefined)
      return decide(
        { unlocked: false, requestId, reason: 'no confirmed stay for this guest in this room today' },
        guest,
      );
    const broker = this.broker();
    if (broker === null)
      return decide({ unlocked: false, requestId, reason: 'the device broker is not running' }, guest);
    // Recorded first, then sent: a crash in between leaves a decision without a command (the guest scans again), never
    // a second opening.
    const decision = decide(
      { unlocked: true, requestId, reservationId: stay.reservationId, until: stay.checkOut },
      guest,
    );
    await broker.command(input.deviceId, 'unlock', {
      requestId,
      reservationId: stay.reservationId,
      until: stay.checkOut,
    });
    return decision;
  }
}
