/**
 * Whether a session may still act (issue 20.10). Access tokens are JWTs checked without the
 * database; this gate adds the one thing a signature cannot say: the session was signed out,
 * or its account suspended or closed, since the token was issued.
 *
 * - In this process, a sign-out or a suspension calls `ended`: the cached answer is dropped
 *   and every listener (the notification WebSocket) closes that session's screens at once.
 * - Done elsewhere (another cloud process, an operator in the database), the change is seen
 *   when the cached answer is older than `maxAgeMs` (30 s by default): a suspended account's
 *   tokens stop working within that, and open screens are re-checked at the same pace.
 *
 * Owns the cache (bounded) and the listeners; must never decide what a principal may do
 * (that is the RBAC matrix), only whether its session still stands.
 */
import { repeat, type Repetition } from '../../platform/jobs/repeat.js';
import type pg from 'pg';
import { AppError } from '@ismail/shared';

/**
 * How stale an "open" answer may be: a suspension seen elsewhere takes at most this to bite. Under the 60 s promised.
 */
export const sessionCheckMaxAgeMs = 30_000;
/** Sessions remembered at once; past it the oldest answer is dropped (and asked again). */
const maxEntries = 10_000;
/** Watched sessions re-checked per query. */
const recheckBatch = 1_000;

export interface SessionRef {
  readonly accountId: string;
  readonly sessionId: string;
}

/** What ended: some sessions of an account (sign-out), or all of it (suspension, removal). */
export type SessionsEnded =
  | { readonly accountId: string; readonly sessionIds: readonly string[] }
  | { readonly accountId: string; readonly sessionIds: 'all' };

export interface SessionGateOptions {
  readonly maxAgeMs?: number;
  /** Tests move time with it. */
  readonly now?: () => number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether a session still stands; routes that end sessions tell it (see auth/session-gate). */
    sessionGate: SessionGate;
  }
}

export class SessionGate {
  readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly answers = new Map<string, { readonly open: boolean; readonly checkedAtMs: number }>();
  private readonly listeners = new Set<(ended: SessionsEnded) => void>();
  private readonly watchers = new Set<{ readonly session: SessionRef; readonly close: () => void }>();
  private recheck: Repetition | undefined;

  constructor(
    private readonly pool: pg.Pool,
    options: SessionGateOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? sessionCheckMaxAgeMs;
    this.now = options.now ?? Date.now;
  }

  /** `fresh` skips the cache (an open screen re-checking itself). */
  async isOpen(session: SessionRef, fresh = false): Promise<boolean> {
    const cached = this.answers.get(session.sessionId);
    if (!fresh && cached !== undefined && this.now() - cached.checkedAtMs < this.maxAgeMs) return cached.open;
    const { rows } = await this.pool.query<{ open: boolean }>(
      "SELECT s.revoked_at IS NULL AND a.status NOT IN ('suspended', 'closed') AS open FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.id = $1 AND s.account_id = $2",
      [session.sessionId, session.accountId],
    );
    const open = rows[0]?.open === true;
    this.answers.delete(session.sessionId);
    if (this.answers.size >= maxEntries) {
      const oldest = this.answers.keys().next();
      if (oldest.done !== true) this.answers.delete(oldest.value);
    }
    this.answers.set(session.sessionId, { open, checkedAtMs: this.now() });
    return open;
  }

  async assertOpen(session: SessionRef): Promise<void> {
    if (!(await this.isOpen(session))) throw new AppError('SESSION_ENDED');
  }

  /** Called after the change is committed: forgets cached answers and closes what listens. */
  ended(ended: SessionsEnded): void {
    if (ended.sessionIds === 'all') this.answers.clear();
    else for (const id of ended.sessionIds) this.answers.delete(id);
    const ids = ended.sessionIds;
    this.endWatched(
      (session) => session.accountId === ended.accountId && (ids === 'all' || ids.includes(session.sessionId)),
    );
    for (const listener of this.listeners) listener(ended);
  }

  onEnded(listener: (ended: SessionsEnded) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Watches one long-lived connection (a WebSocket): `close` is called at once when this process
   * ends the session, and within `maxAgeMs` when another did (one query for every watched
   * session at each re-check, not one per connection). Returns the stop function.
   */
  watch(session: SessionRef, close: () => void): () => void {
    const watcher = { session, close };
    this.watchers.add(watcher);
    // A failed re-check is tried again at the next one; the connection stays until a check says it ended.
    this.recheck ??= repeat(
      this.maxAgeMs,
      () => this.recheckWatched(),
      () => undefined,
    );
    return () => this.unwatch(watcher);
  }

  private unwatch(watcher: { readonly session: SessionRef; readonly close: () => void }): void {
    this.watchers.delete(watcher);
    if (this.watchers.size === 0 && this.recheck !== undefined) {
      void this.recheck.stop();
      this.recheck = undefined;
    }
  }

  private endWatched(matches: (session: SessionRef) => boolean): void {
    for (const watcher of [...this.watchers]) {
      if (!matches(watcher.session)) continue;
      this.unwatch(watcher);
      watcher.close();
    }
  }

  private async recheckWatched(): Promise<void> {
    const ids = [...new Set([...this.watchers].map((w) => w.session.sessionId))];
    for (let i = 0; i < ids.length; i += recheckBatch) {
      const { rows } = await this.pool.query<{ id: string }>(
        "SELECT s.id FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL AND a.status NOT IN ('suspended', 'closed')",
        [ids.slice(i, i + recheckBatch)],
      );
      const open = new Set(rows.map((r) => r.id));
      const checked = new Set(ids.slice(i, i + recheckBatch));
      for (const id of checked) if (!open.has(id)) this.answers.delete(id);
      this.endWatched((session) => checked.has(session.sessionId) && !open.has(session.sessionId));
    }
  }
}
