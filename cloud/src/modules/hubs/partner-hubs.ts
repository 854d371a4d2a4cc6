/**
 * A partner's own hubs as the partner sees them (issue 23): each hub's sync health as the cloud knows it (the last
 * push and its clock skew, the last sequence applied, rejected operations among the latest, the offline ceilings in
 * force, its devices) and registering a hub for itself with a one-time pairing code (shown once, like an admin's).
 * The cloud does not know a hub's outbox backlog nor its pulls: it only sees what the hub pushes.
 *
 * Must never: show another partner's hub; let a partner pile up hubs (each carries offline ceilings).
 */
import type { Database } from '../../platform/db/database.js';
import { registerHub } from './registry.js';

/** A partner's hubs not revoked, at most: each one adds its offline ceilings to what the partner's counters may owe. */
export const partnerHubsMax = 10;
/** Operations looked at for the rejected count: the latest ones say how the hub is doing now. */
const recentOperations = 100;

export interface PartnerHub {
  readonly id: string;
  readonly name: string;
  readonly status: 'pending' | 'active' | 'revoked';
  readonly register: string;
  readonly lastPushAt: string | null;
  readonly lastAppliedSeq: number;
  readonly clockSkewMs: number | null;
  readonly recentRejected: number;
  readonly devices: number;
  readonly pairingExpiresAt: string | null;
  readonly offlinePerTransactionCentiCredits: number;
  readonly offlinePerWalletPerDayCentiCredits: number;
  readonly offlinePerHubPerDayCentiCredits: number;
  readonly cashTopUpPerDayXof: number;
}

export async function partnerHubs(db: Database, partnerId: string): Promise<PartnerHub[]> {
  const { rows } = await db.pool.query<{
    id: string;
    name: string;
    status: PartnerHub['status'];
    register: string;
    last_seen_at: Date | null;
    last_applied_seq: string;
    last_clock_skew_ms: number | null;
    rejected: string;
    devices: string;
    pairing_expires_at: Date | null;
    per_transaction: string;
    per_wallet_day: string;
    per_hub_day: string;
    cash_day: string;
  }>(
    `SELECT h.id, h.name, h.status, h.register, h.last_seen_at, h.last_applied_seq, h.last_clock_skew_ms,
            (SELECT count(*) FROM (SELECT o.status FROM hub_operations o WHERE o.hub_id = h.id ORDER BY o.seq DESC LIMIT $2) r
              WHERE r.status = 'rejected') AS rejected,
            (SELECT count(*) FROM hub_devices d WHERE d.partner_id = h.partner_id AND d.hub_id = h.id AND d.state <> 'revoked') AS devices,
            h.pairing_expires_at, h.offline_per_transaction_centi_credits AS per_transaction,
            h.offline_per_wallet_per_day_centi_credits AS per_wallet_day, h.offline_per_hub_per_day_centi_credits AS per_hub_day,
            h.cash_top_up_per_day_xof AS cash_day
     FROM hubs h WHERE h.partner_id = $1 ORDER BY h.status = 'revoked', h.created_at LIMIT 100`,
    [partnerId, recentOperations],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    register: r.register,
    lastPushAt: r.last_seen_at?.toISOString() ?? null,
    lastAppliedSeq: Number(r.last_applied_seq),
    clockSkewMs: r.last_clock_skew_ms,
    recentRejected: Number(r.rejected),
    devices: Number(r.devices),
    pairingExpiresAt: r.status === 'pending' ? (r.pairing_expires_at?.toISOString() ?? null) : null,
    offlinePerTransactionCentiCredits: Number(r.per_transaction),
    offlinePerWalletPerDayCentiCredits: Number(r.per_wallet_day),
    offlinePerHubPerDayCentiCredits: Number(r.per_hub_day),
    cashTopUpPerDayXof: Number(r.cash_day),
  }));
}

/** Registers a hub for the partner itself; the pairing code is answered once (stored hashed, 24 h). */
export async function registerPartnerHub(
  db: Database,
  partnerId: string,
  name: string,
): Promise<{ hubId: string; name: string; pairingCode: string; expiresAt: string }> {
  const registered = await registerHub(db, {
    partnerId,
    name,
    adminId: partnerId,
    actorLabel: 'partner',
    maxActiveHubs: partnerHubsMax,
  });
  return {
    hubId: registered.hub.id,
    name: registered.hub.name,
    pairingCode: registered.pairingCode,
    expiresAt: registered.expiresAt,
  };
}
