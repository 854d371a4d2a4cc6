/**
 * Doors (SPEC 3.10, seed 4.7). A hotel room's lock opens only for the guest of a confirmed
 * reservation of its room, on a day of the stay; a property's lock (an agency's flat shown to
 * candidates) only for the confirmed visitor of that property, in the visit's window (from 15
 * minutes before it starts until it ends). Either way the card or dynamic QR is verified first
 * (with the keys and revocation list the hub holds, so it works offline). The decision is the
 * hub's: the lock only ever receives an `unlock` command. Each request is decided once (a
 * repeated request gets the first answer and sends nothing), and every decision is audited.
 */
import { randomUUID } from 'node:crypto';
import type { CardTrust } from '../cards/card-trust.js';
import { appendHubAudit } from '../store/audit.js';
import type { HubDatabase } from '../store/open.js';
import type { BookingSync } from '../sync/booking-sync.js';
import type { VisitSync } from '../sync/visit-sync.js';
import type { RunningBroker } from './broker.js';
import type { Device, DeviceRegistry } from './devices.js';

export type DoorDecision =
  | { unlocked: true; requestId: string; reservationId: string; visitId?: string; until: string }
  | { unlocked: false; requestId: string; reason: string };

/** What opens the door: a stay in the lock's room, or a visit of the lock's property. */
type Opening = { reservationId: string; until: string } | { visitId: string; until: string };

const localDay = (at: Date): string =>
  `${String(at.getFullYear())}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;

export class DoorDesk {
  constructor(
    private readonly db: HubDatabase,
    private readonly devices: DeviceRegistry,
    private readonly trust: CardTrust,
    private readonly booking: BookingSync,
    private readonly broker: () => RunningBroker | null,
    private readonly visits: VisitSync | null = null,
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
      .prepare<
        [string],
        { decision: string; reason: string | null; reservation_id: string | null; visit_id: string | null }
      >('SELECT decision, reason, reservation_id, visit_id FROM door_requests WHERE request_id = ?')
      .get(requestId);
    if (earlier !== undefined) {
      if (earlier.decision !== 'unlocked') return { unlocked: false, requestId, reason: earlier.reason ?? 'refused' };
      return {
        unlocked: true,
        requestId,
        reservationId: earlier.reservation_id ?? '',
        ...(earlier.visit_id === null ? {} : { visitId: earlier.visit_id }),
        until: '',
      };
    }
    const decide = (decision: DoorDecision, guest: string | null): DoorDecision => {
      this.db.transaction(() => {
        const visitId = decision.unlocked ? (decision.visitId ?? null) : null;
        const reservationId = decision.unlocked && decision.reservationId !== '' ? decision.reservationId : null;
        this.db
          .prepare(
            'INSERT INTO door_requests (request_id, device_id, guest_ismail_id, reservation_id, visit_id, decision, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            requestId,
            input.deviceId,
            guest,
            reservationId,
            visitId,
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
            ...(decision.unlocked ? (visitId === null ? { reservationId } : { visitId }) : { reason: decision.reason }),
          },
        });
      })();
      return decision;
    };
    const device = this.devices.get(input.deviceId);
    if (
      device?.type !== 'door_lock' ||
      device.state !== 'active' ||
      (device.unitId === null && device.propertyId === null)
    )
      return decide({ unlocked: false, requestId, reason: 'not an active door lock of a room or a property' }, null);
    const check = await this.trust.verify(input.token);
    if (!check.ok) return decide({ unlocked: false, requestId, reason: `card refused: ${check.reason}` }, null);
    const guest = check.claims.sub;
    const opening = this.openingFor(device, guest);
    if ('refused' in opening) return decide({ unlocked: false, requestId, reason: opening.refused }, guest);
    const broker = this.broker();
    if (broker === null)
      return decide({ unlocked: false, requestId, reason: 'the device broker is not running' }, guest);
    // Recorded first, then sent: a crash in between leaves a decision without a command (the guest scans again), never
    // a second opening.
    const decision = decide(
      'visitId' in opening
        ? { unlocked: true, requestId, reservationId: '', visitId: opening.visitId, until: opening.until }
        : { unlocked: true, requestId, reservationId: opening.reservationId, until: opening.until },
      guest,
    );
    await broker.command(input.deviceId, 'unlock', { requestId, ...opening });
    return decision;
  }

  /** What lets this person through this door now, or why not. */
  private openingFor(device: Device, guest: string): Opening | { refused: string } {
    if (device.propertyId !== null) {
      if (this.visits === null) return { refused: 'property visits are not replicated on this hub' };
      const now = this.now();
      const visit = this.visits.visitOpenAt(device.propertyId, guest, now);
      if (visit !== undefined) return { visitId: visit.visitId, until: visit.endsAt };
      return this.visits.confirmedVisits(device.propertyId, guest).length === 0
        ? { refused: 'no confirmed visit of this property for this visitor' }
        : { refused: 'outside the visit window of this visitor (from 15 minutes before it starts until it ends)' };
    }
    const stay = this.booking
      .staysOn(localDay(this.now()))
      .find((s) => s.unitId === device.unitId && s.guestIsmailId === guest);
    if (stay === undefined) return { refused: 'no confirmed stay for this guest in this room today' };
    return { reservationId: stay.reservationId, until: stay.checkOut };
  }
}
