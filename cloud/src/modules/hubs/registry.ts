/**
 * Hub registry (SPEC 3.8): an admin registers a hub for a partner's establishment and gets a
 * one-time pairing code (shown once, stored hashed, valid 24 h); the hub pairs with it,
 * sending its public key, and receives its own sync token (stored hashed: a copy of the
 * database cannot sync as the hub). A revoked hub's token stops working at once. Every
 * change is audited.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';

export const pairingCodeTtlMs = 24 * 3_600_000;
/** Letters and digits without look-alikes (no 0/O, 1/I/L): read aloud or typed at a counter. */
const codeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface HubRecord {
  readonly id: string;
  readonly partnerId: string;
  readonly name: string;
  readonly status: 'pending' | 'active' | 'revoked';
  readonly lastAppliedSeq: number;
  readonly lastSeenAt: string | null;
  /** The hub's own invoice register (F-<register>-<year>-<n>). */
  readonly register: string;
  readonly offlinePerTransactionCentiCredits: number;
  readonly offlinePerWalletPerDayCentiCredits: number;
  readonly offlinePerHubPerDayCentiCredits: number;
  readonly cashTopUpPerDayXof: number;
  /** Which ceilings these are (signed into the policy; a hub's wallet payment names it). */
  readonly ceilingsVersion: number;
}

interface HubRow {
  id: string;
  partner_id: string;
  name: string;
  status: HubRecord['status'];
  last_applied_seq: string;
  last_seen_at: Date | null;
  register: string;
  offline_per_transaction_centi_credits: string;
  offline_per_wallet_per_day_centi_credits: string;
  offline_per_hub_per_day_centi_credits: string;
  cash_top_up_per_day_xof: string;
  ceilings_version: number;
}

const toRecord = (r: HubRow): HubRecord => ({
  id: r.id,
  partnerId: r.partner_id,
  name: r.name,
  status: r.status,
  lastAppliedSeq: Number(r.last_applied_seq),
  lastSeenAt: r.last_seen_at?.toISOString() ?? null,
  register: r.register,
  offlinePerTransactionCentiCredits: Number(r.offline_per_transaction_centi_credits),
  offlinePerWalletPerDayCentiCredits: Number(r.offline_per_wallet_per_day_centi_credits),
  offlinePerHubPerDayCentiCredits: Number(r.offline_per_hub_per_day_centi_credits),
  cashTopUpPerDayXof: Number(r.cash_top_up_per_day_xof),
  ceilingsVersion: Number(r.ceilings_version),
});

export interface HubListing {
  readonly id: string;
  readonly partnerId: string;
  readonly name: string;
  readonly status: string;
  readonly lastAppliedSeq: number;
  readonly lastSeenAt: string | null;
  readonly clockSkewMs: number | null;
  /** The cash drawer's ledger balance: what the counter owes for the credits it sold for cash. */
  readonly cashDrawerCentiCredits: number;
}

/** Every hub and its sync state, for admins and the operator (oldest first, at most 500). */
export async function listHubs(db: Database): Promise<HubListing[]> {
  const { rows } = await db.pool.query<{
    id: string;
    partner_id: string;
    name: string;
    status: string;
    last_applied_seq: string;
    last_seen_at: Date | null;
    last_clock_skew_ms: number | null;
    drawer: string | null;
  }>(
    `SELECT h.id, h.partner_id, h.name, h.status, h.last_applied_seq, h.last_seen_at, h.last_clock_skew_ms, a.credits_posted - a.debits_posted AS drawer
     FROM hubs h LEFT JOIN ledger_accounts a ON a.code = 'cash_drawer:' || h.id::text ORDER BY h.created_at LIMIT 500`,
  );
  return rows.map((r) => ({
    id: r.id,
    partnerId: r.partner_id,
    name: r.name,
    status: r.status,
    lastAppliedSeq: Number(r.last_applied_seq),
    lastSeenAt: r.last_seen_at?.toISOString() ?? null,
    clockSkewMs: r.last_clock_skew_ms,
    cashDrawerCentiCredits: Number(r.drawer ?? 0),
  }));
}

function pairingCode(): string {
  const bytes = randomBytes(10);
  return Array.from(bytes, (b) => codeAlphabet[b % codeAlphabet.length]).join('');
}

export async function registerHub(
  db: Database,
  input: {
    partnerId: string;
    name: string;
    adminId: string;
    actorLabel?: string;
    /** At most this many hubs not revoked for the partner, counted under a lock on its account (no race past it). */
    maxActiveHubs?: number;
  },
  now: Date = new Date(),
): Promise<{ hub: HubRecord; pairingCode: string; expiresAt: string }> {
  const partner = await db.pool.query<{ profile: string }>('SELECT profile FROM accounts WHERE id = $1', [
    input.partnerId,
  ]);
  if (partner.rows[0]?.profile !== 'partner')
    throw new AppError('VALIDATION_FAILED', 'a hub belongs to a partner account');
  const code = pairingCode();
  const expiresAt = new Date(now.getTime() + pairingCodeTtlMs);
  const id = randomUUID();
  const hub = await withTransaction(db.pool, async (client) => {
    if (input.maxActiveHubs !== undefined) {
      // Registrations for one partner queue on its account row: each counts what the previous ones committed.
      await client.query('SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE', [input.partnerId]);
      const active = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM hubs WHERE partner_id = $1 AND status <> 'revoked'",
        [input.partnerId],
      );
      if ((active.rows[0]?.n ?? 0) >= input.maxActiveHubs)
        throw new AppError(
          'CONFLICT',
          `A partner has at most ${String(input.maxActiveHubs)} hubs; ask ISMAIL for more.`,
        );
    }
    const { rows } = await client
      .query<HubRow>(
        `INSERT INTO hubs (id, partner_id, name, status, pairing_code_hash, pairing_expires_at, created_by) VALUES ($1, $2, $3, 'pending', $4, $5, $6) RETURNING *`,
        [id, input.partnerId, input.name, sha256(code), expiresAt, input.adminId],
      )
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === '23505')
          throw new AppError('CONFLICT', `This partner already has a hub named "${input.name}".`);
        throw error;
      });
    await appendAudit(client, {
      actor: { accountId: input.adminId, label: input.actorLabel ?? 'admin' },
      action: 'hub.registered',
      subject: { type: 'hub', id },
      place: 'cloud',
      detail: { partnerId: input.partnerId, name: input.name },
    });
    return toRecord(rows[0] as HubRow);
  });
  return { hub, pairingCode: code, expiresAt: expiresAt.toISOString() };
}

/**
 * A replacement machine for a hub (broken, stolen, upgraded): the hub goes back to "pending"
 * with a new one-time code, and the old machine's token stops working at once. The new
 * machine pairs as the same hub, so its sequence, register and invoice series continue (it
 * imports the old machine's unsynced operations from their encrypted bundle). Audited.
 */
export async function replaceHub(
  db: Database,
  hubId: string,
  actor: { accountId: string; label: string },
  reason: string,
  now: Date = new Date(),
): Promise<{ hub: HubRecord; pairingCode: string; expiresAt: string }> {
  const code = pairingCode();
  const expiresAt = new Date(now.getTime() + pairingCodeTtlMs);
  return withTransaction(db.pool, async (client) => {
    const { rows } = await client.query<HubRow>(
      "UPDATE hubs SET status = 'pending', token_hash = NULL, public_key = NULL, pairing_code_hash = $2, pairing_expires_at = $3 WHERE id = $1 AND status <> 'revoked' RETURNING *",
      [hubId, sha256(code), expiresAt],
    );
    const row = rows[0];
    if (row === undefined) throw new AppError('NOT_FOUND', 'No such hub, or it was revoked (register a new one).');
    await appendAudit(client, {
      actor,
      action: 'hub.replacement_started',
      subject: { type: 'hub', id: hubId },
      place: 'cloud',
      detail: { reason, lastAppliedSeq: Number(row.last_applied_seq) },
    });
    return { hub: toRecord(row), pairingCode: code, expiresAt: expiresAt.toISOString() };
  });
}

/** The hub pairs once with its code: the code is spent, the token returned once. */
export async function pairHub(
  db: Database,
  input: { hubId: string; pairingCode: string; publicKey: Record<string, unknown> },
  now: Date = new Date(),
): Promise<{ hub: HubRecord; token: string }> {
  const token = randomBytes(32).toString('base64url');
  return withTransaction(db.pool, async (client) => {
    const { rows } = await client.query<HubRow & { pairing_code_hash: string | null; pairing_expires_at: Date | null }>(
      'SELECT * FROM hubs WHERE id = $1 FOR UPDATE',
      [input.hubId],
    );
    const row = rows[0];
    const presented = Buffer.from(sha256(input.pairingCode.toUpperCase()));
    const valid =
      row !== undefined &&
      row.status === 'pending' &&
      row.pairing_code_hash !== null &&
      row.pairing_expires_at !== null &&
      row.pairing_expires_at > now &&
      timingSafeEqual(presented, Buffer.from(row.pairing_code_hash));
    // One answer for unknown hub, wrong code, spent or expired code: nothing to probe.
    if (!valid) throw new AppError('UNAUTHENTICATED', 'This pairing code is not valid (wrong, used or expired).');
    const updated = await client.query<HubRow>(
      "UPDATE hubs SET status = 'active', pairing_code_hash = NULL, pairing_expires_at = NULL, token_hash = $2, public_key = $3, paired_at = $4 WHERE id = $1 RETURNING *",
      [input.hubId, sha256(token), JSON.stringify(input.publicKey), now],
    );
    await appendAudit(client, {
      actor: { label: `hub:${input.hubId}` },
      action: 'hub.paired',
      subject: { type: 'hub', id: input.hubId },
      place: 'hub',
      detail: { name: row.name },
    });
    return { hub: toRecord(updated.rows[0] as HubRow), token };
  });
}

/**
 * What authenticates a hub's requests: its record, the SHA-256 of its token and the public key
 * it registered at pairing. Null when no such hub. The check itself (signature, window, nonce,
 * token, status) is http/hub-auth.ts, run by the access plugin for every `access: 'hub'` route.
 */
export async function hubAuthenticationRecord(
  db: Database,
  hubId: string,
): Promise<{ hub: HubRecord; tokenHash: string | null; publicKey: unknown } | null> {
  const { rows } = await db.pool.query<HubRow & { token_hash: string | null; public_key: unknown }>(
    'SELECT * FROM hubs WHERE id = $1',
    [hubId],
  );
  const row = rows[0];
  return row === undefined ? null : { hub: toRecord(row), tokenHash: row.token_hash, publicKey: row.public_key };
}

export async function revokeHub(db: Database, hubId: string, adminId: string, reason: string): Promise<HubRecord> {
  return withTransaction(db.pool, async (client) => {
    const { rows } = await client.query<HubRow>(
      "UPDATE hubs SET status = 'revoked', token_hash = NULL, revoked_at = now() WHERE id = $1 AND status <> 'revoked' RETURNING *",
      [hubId],
    );
    const row = rows[0];
    if (row === undefined) {
      const existing = await client.query<HubRow>('SELECT * FROM hubs WHERE id = $1', [hubId]);
      if (existing.rows[0] === undefined) throw new AppError('NOT_FOUND', 'No such hub.');
      return toRecord(existing.rows[0]);
    }
    await appendAudit(client, {
      actor: { accountId: adminId, label: 'admin' },
      action: 'hub.revoked',
      subject: { type: 'hub', id: hubId },
      place: 'cloud',
      detail: { reason },
    });
    return toRecord(row);
  });
}

export interface HubCeilings {
  readonly perTransactionCentiCredits: number;
  readonly perWalletPerDayCentiCredits: number;
  readonly perHubPerDayCentiCredits: number;
  readonly cashTopUpPerDayXof: number;
}

/**
 * A hub's ceilings (offline wallet debits, cash sold for credits): the hub picks them up,
 * signed, at its next policy pull. Each change is a new version; the replaced one is kept
 * with the time it stopped being signed, for sales made offline under it. Audited.
 */
export async function setOfflineLimits(
  db: Database,
  hubId: string,
  limits: {
    perTransactionCentiCredits: number;
    perWalletPerDayCentiCredits: number;
    perHubPerDayCentiCredits?: number | undefined;
    cashTopUpPerDayXof?: number | undefined;
  },
  actor: { accountId: string; label: string },
): Promise<HubRecord> {
  if (limits.perTransactionCentiCredits > limits.perWalletPerDayCentiCredits)
    throw new AppError('VALIDATION_FAILED', 'one payment cannot be above the daily ceiling');
  if (
    limits.perHubPerDayCentiCredits !== undefined &&
    limits.perWalletPerDayCentiCredits > limits.perHubPerDayCentiCredits
  )
    throw new AppError('VALIDATION_FAILED', "one wallet's day cannot be above the hub's day");
  return withTransaction(db.pool, async (client) => {
    const { rows: current } = await client.query<HubRow>('SELECT * FROM hubs WHERE id = $1 FOR UPDATE', [hubId]);
    const before = current[0];
    if (before === undefined) throw new AppError('NOT_FOUND', 'No such hub.');
    await client.query(
      `INSERT INTO hub_ceiling_versions (hub_id, version, per_transaction_centi_credits, per_wallet_per_day_centi_credits, per_hub_per_day_centi_credits, cash_top_up_per_day_xof, superseded_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())`,
      [
        hubId,
        before.ceilings_version,
        before.offline_per_transaction_centi_credits,
        before.offline_per_wallet_per_day_centi_credits,
        before.offline_per_hub_per_day_centi_credits,
        before.cash_top_up_per_day_xof,
      ],
    );
    const { rows } = await client.query<HubRow>(
      `UPDATE hubs SET offline_per_transaction_centi_credits = $2, offline_per_wallet_per_day_centi_credits = $3,
         offline_per_hub_per_day_centi_credits = coalesce($4, greatest(offline_per_hub_per_day_centi_credits, $3)), cash_top_up_per_day_xof = coalesce($5, cash_top_up_per_day_xof),
         ceilings_version = ceilings_version + 1
       WHERE id = $1 RETURNING *`,
      [
        hubId,
        limits.perTransactionCentiCredits,
        limits.perWalletPerDayCentiCredits,
        limits.perHubPerDayCentiCredits ?? null,
        limits.cashTopUpPerDayXof ?? null,
      ],
    );
    const row = rows[0] as HubRow;
    if (Number(row.offline_per_wallet_per_day_centi_credits) > Number(row.offline_per_hub_per_day_centi_credits))
      throw new AppError('VALIDATION_FAILED', "one wallet's day cannot be above the hub's day");
    await appendAudit(client, {
      actor: { accountId: actor.accountId, label: actor.label },
      action: 'hub.offline_limits_set',
      subject: { type: 'hub', id: hubId },
      place: 'cloud',
      detail: { ...limits, version: row.ceilings_version },
    });
    return toRecord(row);
  });
}

/**
 * The ceilings a hub relied on: version `version` of its ceilings (absent: today's), provided
 * a policy carrying them could still be in force at `at` (signed at the latest when they were
 * replaced, valid `policyTtlS` after). Null: no such version, or too old for `at`.
 */
export async function ceilingsAt(
  db: Database,
  hub: HubRecord,
  version: number | undefined,
  at: Date,
  policyTtlS: number,
): Promise<HubCeilings | null> {
  const { rows } = await db.pool.query<HubRow>('SELECT * FROM hubs WHERE id = $1', [hub.id]);
  const current = rows[0];
  if (current === undefined) return null;
  if (version === undefined || version === Number(current.ceilings_version)) {
    return {
      perTransactionCentiCredits: Number(current.offline_per_transaction_centi_credits),
      perWalletPerDayCentiCredits: Number(current.offline_per_wallet_per_day_centi_credits),
      perHubPerDayCentiCredits: Number(current.offline_per_hub_per_day_centi_credits),
      cashTopUpPerDayXof: Number(current.cash_top_up_per_day_xof),
    };
  }
  const old = await db.pool.query<{
    per_transaction_centi_credits: string;
    per_wallet_per_day_centi_credits: string;
    per_hub_per_day_centi_credits: string;
    cash_top_up_per_day_xof: string;
    superseded_at: Date;
  }>('SELECT * FROM hub_ceiling_versions WHERE hub_id = $1 AND version = $2', [hub.id, version]);
  const row = old.rows[0];
  if (row === undefined || row.superseded_at.getTime() + policyTtlS * 1000 < at.getTime()) return null;
  return {
    perTransactionCentiCredits: Number(row.per_transaction_centi_credits),
    perWalletPerDayCentiCredits: Number(row.per_wallet_per_day_centi_credits),
    perHubPerDayCentiCredits: Number(row.per_hub_per_day_centi_credits),
    cashTopUpPerDayXof: Number(row.cash_top_up_per_day_xof),
  };
}
