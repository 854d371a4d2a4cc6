/**
 * The hub's outbox (SPEC 3.8): counter operations recorded locally with their outbox entry
 * in one SQLite transaction, then answered one by one by the cloud. Nothing leaves the
 * outbox unanswered: an entry stays pending until the cloud says applied, duplicate or
 * rejected (rejections are kept for staff to see, never dropped silently).
 */
import { randomUUID } from 'node:crypto';
import {
  AppError,
  syncBatchMax,
  type CashTopUpPayload,
  type HubOperation,
  type HubOperationPayload,
  type HubOperationType,
  type OperationOutcome,
} from '@ismail/shared';
import type { CashDesk } from '../cash/cash-desk.js';
import type { HubPrincipal } from '../http/hub-auth.js';
import { HubClock } from '../platform/hub-clock.js';
import type { HubDatabase } from '../store/open.js';

interface OutboxRow {
  seq: number;
  id: string;
  type: HubOperationType;
  payload: string;
  at: string;
  status: string;
  reason: string | null;
  code: string | null;
}

export interface OutboxStatus {
  readonly depth: number;
  readonly oldestPendingAt: string | null;
  readonly rejected: number;
}

export class Outbox {
  constructor(
    private readonly db: HubDatabase,
    /** The hub's clock (shared by everything on this database): every record carries its corrected time and tick. */
    readonly clock: HubClock = HubClock.for(db),
  ) {}

  /**
   * Appends an operation, its payload typed by the shared registry of hub operations, inside the caller's transaction;
   * returns its sequence number. `at` (the operation's own time, as pushed) defaults to the hub clock's corrected
   * time; the record also keeps that corrected time and the clock's tick whatever `at` says.
   */
  append<T extends HubOperationType>(
    type: T,
    payload: HubOperationPayload<T>,
    id: string = randomUUID(),
    at?: Date,
  ): number {
    const cloudAt = this.clock.now();
    // A replacement hub continues the sequence of the machine it replaced (its imported bundle set the floor).
    const next =
      (this.db
        .prepare<[], { s: number | null }>(
          "SELECT max(coalesce((SELECT max(seq) FROM outbox), 0), coalesce((SELECT CAST(value AS INTEGER) FROM hub_meta WHERE key = 'outbox_seq_floor'), 0)) AS s",
        )
        .get()?.s ?? 0) + 1;
    this.db
      .prepare(
        "INSERT INTO outbox (seq, id, type, payload, at, status, cloud_at, clock_tick) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
      )
      .run(
        next,
        id,
        type,
        JSON.stringify(payload),
        (at ?? cloudAt).toISOString(),
        cloudAt.toISOString(),
        this.clock.tick(),
      );
    return next;
  }

  /** The next batch to push, in order. */
  pending(limit = syncBatchMax): HubOperation[] {
    return this.db
      .prepare<[number], OutboxRow>(
        "SELECT seq, id, type, payload, at, status, reason FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?",
      )
      .all(Math.min(limit, syncBatchMax))
      .map((r) => ({ id: r.id, seq: r.seq, type: r.type, at: r.at, payload: JSON.parse(r.payload) as unknown }));
  }

  /** Records the cloud's answers; "not applied" stays pending and is sent again. */
  settle(outcomes: readonly OperationOutcome[], at: Date = new Date()): void {
    const update = this.db.prepare(
      "UPDATE outbox SET status = ?, reason = ?, code = ?, result = ?, synced_at = ? WHERE id = ? AND status = 'pending'",
    );
    this.db.transaction(() => {
      for (const o of outcomes) {
        if (o.status === 'not_applied') continue;
        update.run(
          o.status,
          o.reason?.slice(0, 500) ?? null,
          o.status === 'rejected' ? (o.code ?? null) : null,
          o.result === undefined ? null : JSON.stringify(o.result),
          at.toISOString(),
          o.id,
        );
      }
    })();
  }

  status(): OutboxStatus {
    const pending = this.db
      .prepare<[], { n: number; oldest: string | null }>(
        "SELECT count(*) AS n, min(at) AS oldest FROM outbox WHERE status = 'pending'",
      )
      .get();
    const rejected = this.db
      .prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox WHERE status = 'rejected'")
      .get();
    return { depth: pending?.n ?? 0, oldestPendingAt: pending?.oldest ?? null, rejected: rejected?.n ?? 0 };
  }

  rejected(limit = 100): { seq: number; id: string; type: string; reason: string | null; code: string | null }[] {
    return this.db
      .prepare<[number], OutboxRow>(
        "SELECT seq, id, type, payload, at, status, reason, code FROM outbox WHERE status = 'rejected' ORDER BY seq DESC LIMIT ?",
      )
      .all(limit)
      .map((r) => ({ seq: r.seq, id: r.id, type: r.type, reason: r.reason, code: r.code }));
  }
}

/** Cash for credits at the counter, with the cloud reachable or not: one local transaction with its outbox entry. */
export class CounterOperations {
  constructor(
    private readonly db: HubDatabase,
    private readonly outbox: Outbox,
    private readonly cash: CashDesk,
  ) {}

  /**
   * Cash taken for credits (into the open cash session's drawer). The client's id makes a
   * retried request find the first one. `cashPerDayXof`: the signed daily cash ceiling of the
   * hub's policy (UTC day, as the cloud counts it), refused here before the customer leaves;
   * null without a valid policy (the cloud still enforces its own).
   */
  sellCreditsForCash(
    input: { id: string; payload: CashTopUpPayload },
    by: HubPrincipal,
    cashPerDayXof: number | null = null,
  ): { id: string; seq: number; created: boolean } {
    const accountId = 'accountId' in input.payload ? input.payload.accountId : null;
    const ismailId = 'ismailId' in input.payload ? input.payload.ismailId : null;
    return this.db
      .transaction(() => {
        const existing = this.db
          .prepare<
            [string],
            { account_id: string | null; ismail_id: string | null; amount_xof: number; outbox_seq: number }
          >('SELECT account_id, ismail_id, amount_xof, outbox_seq FROM cash_top_ups WHERE id = ?')
          .get(input.id);
        if (existing !== undefined) {
          if (
            existing.account_id !== accountId ||
            existing.ismail_id !== ismailId ||
            existing.amount_xof !== input.payload.amountXof
          )
            throw new AppError('IDEMPOTENCY_KEY_REUSED', 'Another top-up was recorded with this id.');
          return { id: input.id, seq: existing.outbox_seq, created: false };
        }
        const cashSessionId = this.cash.requireOpen();
        // The cloud's time as the hub knows it, never earlier than the operation before.
        const at = this.outbox.clock.now();
        if (cashPerDayXof !== null) this.cash.requireCashCeiling(at, input.payload.amountXof, cashPerDayXof);
        const seq = this.outbox.append('wallet.cash_top_up', input.payload, input.id, at);
        this.db
          .prepare(
            'INSERT INTO cash_top_ups (id, account_id, ismail_id, amount_xof, at, outbox_seq, cash_session_id, staff_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            input.id,
            accountId,
            ismailId,
            input.payload.amountXof,
            at.toISOString(),
            seq,
            cashSessionId,
            by.accountId,
          );
        return { id: input.id, seq, created: true };
      })
      .immediate();
  }
}
