/**
 * Who is watching in-app notifications right now: each signed-in screen (portal, counter)
 * holds a WebSocket; a new notification is pushed to every screen of its recipient, whichever
 * process holds it. Bounded per account so one user cannot hold unlimited sockets.
 *
 * On a PostgreSQL server (several processes, issue 29.3): the emitting transaction announces
 * the notification with pg_notify (`announce`), every process LISTENs on its own connection
 * (fan-out.ts) and pushes to its own sockets, and the per-account limit is counted in
 * in_app_screens across processes (screen-presence.ts).
 *
 * On the embedded PGlite the announcement stays in process: PGlite is served to the pool over
 * one socket connection (pglite-socket 0.2, which does not pass NotificationResponse messages
 * on), a dedicated listening connection would take that single slot, and only one process can
 * open an embedded database anyway; the service pushes after reading the committed row.
 */
import type pg from 'pg';
import type { Database } from '../../platform/db/database.js';
import { announcementPayload, FanOutListener, inAppChannel, type InAppAnnouncement } from './fan-out.js';
import { markDelivered, readBatch, readInApp, readInAppSince, type InAppRow } from './in-app-reader.js';
import { ScreenPresence } from './screen-presence.js';

export interface InAppMessage {
  readonly id: string;
  readonly type: string;
  readonly title: string;
  readonly body: string;
  readonly createdAt: string;
}

export const maxScreensPerAccount = 10;
/** A new screen waits this long at most for the first LISTEN (a later reconnection re-reads what it missed). */
const listenWaitMs = 5_000;
/** Announcements waiting to be read; beyond, the notification is in the user's list but not pushed live. */
const maxPendingAnnouncements = 10_000;
/** Ids pushed recently, so an announcement and a catch-up never push the same notification twice. */
const recentIdsMax = 20_000;
/**
 * A catch-up re-reads from this long before the listener was last known listening: a
 * notification's created_at is its transaction's start, which precedes its commit (a
 * statement may run 30 s; a transaction a few statements).
 */
const catchUpSlackMs = 120_000;

type Listener = (message: InAppMessage) => void;

export interface InAppStats {
  /** Announcements heard from PostgreSQL (every recipient's, not only this process's). */
  announced: number;
  /** Notifications pushed to at least one screen here. */
  pushed: number;
  /** Of those, found by a re-read after the listener reconnected. */
  caughtUp: number;
  /** Announcements not pushed because the queue was full. */
  dropped: number;
}

export class InAppHub {
  private readonly screens = new Map<string, Set<Listener>>();
  /** When each account's oldest open screen here subscribed (a catch-up never reaches further back for it). */
  private readonly openedAtMs = new Map<string, number>();
  private readonly presence: ScreenPresence | null;
  private listener: FanOutListener | null = null;
  private readonly recent = new Set<string>();
  private pending: InAppAnnouncement[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;
  readonly stats: InAppStats = { announced: 0, pushed: 0, caughtUp: 0, dropped: 0 };

  constructor(
    private readonly db: Database,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.presence = db.kind === 'server' ? new ScreenPresence(db.pool, maxScreensPerAccount, onError) : null;
  }

  /** True when notifications are announced through PostgreSQL; false on the embedded database (the caller pushes). */
  get announcesThroughDatabase(): boolean {
    return this.db.kind === 'server';
  }

  /** The listening connection's backend (tests end it to prove a reconnection loses nothing). */
  get listenerPid(): number | null {
    return this.listener?.pid ?? null;
  }

  get reconnections(): number {
    return this.listener?.reconnections ?? 0;
  }

  /** In the emitting transaction: PostgreSQL tells every process at commit, and never for a rollback. */
  async announce(client: pg.PoolClient, recipientId: string, notificationId: string): Promise<void> {
    if (!this.announcesThroughDatabase) return;
    await client.query('SELECT pg_notify($1, $2)', [inAppChannel, announcementPayload(recipientId, notificationId)]);
  }

  /**
   * The embedded database: pushes the notification once its row is readable (the pool's one
   * connection is the emitter's until it commits, so the read waits for the commit; after a
   * rollback it finds nothing). On a server the announcement does this in every process.
   */
  pushCommitted(notificationId: string): void {
    if (this.announcesThroughDatabase || this.closed) return;
    void (async () => {
      for (const row of await readInApp(this.db.pool, [notificationId])) await this.push(row, false);
    })().catch(this.onError);
  }

  /** Returns the unsubscribe function, or null when the account has too many screens open (in all processes). */
  async subscribe(accountId: string, listener: Listener): Promise<(() => void) | null> {
    if (this.closed || (this.screens.get(accountId)?.size ?? 0) >= maxScreensPerAccount) return null;
    let screenId: string | null = null;
    if (this.presence !== null) {
      screenId = await this.presence.claim(accountId);
      if (screenId === null) return null;
      this.listener ??= this.startListening();
      await this.listener.listening(listenWaitMs);
    }
    const set = this.screens.get(accountId) ?? new Set<Listener>();
    set.add(listener);
    this.screens.set(accountId, set);
    if (!this.openedAtMs.has(accountId)) this.openedAtMs.set(accountId, Date.now());
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      set.delete(listener);
      if (set.size === 0 && this.screens.get(accountId) === set) {
        this.screens.delete(accountId);
        this.openedAtMs.delete(accountId);
      }
      if (screenId !== null) this.presence?.release(screenId).catch(this.onError);
    };
  }

  /** Pushes to this process's screens of the account; how many received it. */
  publish(accountId: string, message: InAppMessage): number {
    const set = this.screens.get(accountId);
    if (set === undefined) return 0;
    for (const listener of set) listener(message);
    return set.size;
  }

  /** The process stops: the listener connection ends and this process's screens no longer count. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.listener?.close();
    await this.flushing;
    await this.presence?.close();
  }

  private startListening(): FanOutListener {
    return new FanOutListener({
      // The pool's own settings (server, credentials, TLS): the same database, outside the pool.
      connection: this.db.direct,
      onAnnouncement: (announcement) => this.heard(announcement),
      onReconnected: (sinceMs) => this.catchUp(sinceMs),
      onError: this.onError,
    });
  }

  private heard(announcement: InAppAnnouncement): void {
    this.stats.announced += 1;
    // Most announcements are for accounts with no screen here: nothing to read.
    if (!this.screens.has(announcement.recipientId) || this.recent.has(announcement.notificationId)) return;
    if (this.pending.length >= maxPendingAnnouncements) {
      this.stats.dropped += 1;
      return;
    }
    this.pending.push(announcement);
    this.flush();
  }

  private flush(): void {
    if (this.flushing !== null) return;
    this.flushing = (async () => {
      while (this.pending.length > 0 && !this.closed) {
        const batch = this.pending.splice(0, readBatch);
        const rows = await readInApp(
          this.db.pool,
          batch.map((a) => a.notificationId),
        );
        for (const row of rows) await this.push(row, false);
      }
    })()
      .catch(this.onError)
      .finally(() => {
        this.flushing = null;
        if (this.pending.length > 0 && !this.closed) this.flush();
      });
  }

  /** After a gap in listening: what the accounts with screens here got meanwhile, each pushed once. */
  private async catchUp(sinceMs: number): Promise<void> {
    const windows = [...this.openedAtMs].map(([accountId, openedAtMs]) => ({
      accountId,
      since: new Date(Math.max(sinceMs, openedAtMs) - catchUpSlackMs),
    }));
    for (let i = 0; i < windows.length; i += readBatch) {
      const rows = await readInAppSince(this.db.pool, windows.slice(i, i + readBatch));
      for (const row of rows) await this.push(row, true);
    }
  }

  private async push(row: InAppRow, caughtUp: boolean): Promise<void> {
    if (this.recent.has(row.id) || !this.screens.has(row.recipient_id)) return;
    this.remember(row.id);
    const reached = this.publish(row.recipient_id, {
      id: row.id,
      type: row.event_type,
      title: row.title,
      body: row.body,
      createdAt: row.created_at.toISOString(),
    });
    if (reached === 0) return;
    this.stats.pushed += 1;
    if (caughtUp) this.stats.caughtUp += 1;
    await markDelivered(this.db.pool, row.delivery_id, reached);
  }

  private remember(id: string): void {
    this.recent.add(id);
    // A Set iterates in insertion order: the first is the oldest.
    if (this.recent.size > recentIdsMax) {
      const oldest = this.recent.values().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }
}
