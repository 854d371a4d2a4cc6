/**
 * Wakes the hub feed's waiting live requests when their shape changes (issue 29.6), so an open
 * long-poll costs no query while nothing happens: one LISTEN connection per process, not one
 * poll every 250 ms per request (~12,000 queries/s for 1,000 hubs × 3 shapes).
 *
 * Every change logged for a shape notifies "<table>:<partner or hub id>" at its writer's commit
 * (trigger of migration 0074). On a notification this process first gives committed changes
 * their log positions, waiting for a placer already at work (`place_shape_changes_waiting`):
 * only then is the change readable by position, so only then are the requests of that shape
 * and scope woken. Notifications heard while placing are woken after the next placing round.
 *
 * Nothing is lost when the listening connection drops: it reconnects (backoff up to 5 s) and
 * then places and wakes every waiting request, which reads again from its own offset. A request
 * also reads again at its deadline (the feed's 20 s long-poll), the safety net if a wake-up is
 * missed in some way this does not foresee.
 *
 * The listener is a dedicated client (not from the pool: LISTEN belongs to one session, and a
 * pooled client goes back to other work), opened on the first wait, closed by `close()`.
 */
import pg from 'pg';
import type { Database } from '../../platform/db/database.js';

/** The channel of migration 0074's trigger. */
const channel = 'shape_changes';
/** Scopes remembered between two placing rounds; past it, every waiting request is woken (a burst). */
const pendingScopesMax = 10_000;
/** Changes placed per statement, and rounds per wake-up (as the feed's own placer). */
const placeBatchMax = 5_000;
const placeRoundsMax = 10;
const reconnectFirstMs = 250;
const reconnectMaxMs = 5_000;

/** The key a waiting request and a notification share: the shape's table and whose rows. */
export const wakeKey = (table: string, scopeId: string): string => `${table}:${scopeId}`;

export interface Wait {
  /** Resolves when the shape may have changed (or the listener reconnected, or closed). */
  readonly woken: Promise<void>;
  cancel(): void;
}

export class ShapeWake {
  private readonly waiting = new Map<string, Set<() => void>>();
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private reconnectMs = reconnectFirstMs;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** Scopes heard of since the running placing round began; `all` when too many, or after a reconnection. */
  private pending = new Set<string>();
  private pendingAll = false;
  private placing: Promise<void> | undefined;

  constructor(private readonly db: Database) {}

  /**
   * Registers a request as waiting for a change of `key`. Register before reading the log: a
   * change placed between the read and the registration would otherwise wake no one.
   */
  wait(key: string): Wait {
    if (!this.closed) this.ensureListening();
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
    });
    if (this.closed) wake();
    let set = this.waiting.get(key);
    if (set === undefined) {
      set = new Set();
      this.waiting.set(key, set);
    }
    set.add(wake);
    return {
      woken,
      cancel: () => {
        const current = this.waiting.get(key);
        current?.delete(wake);
        if (current?.size === 0) this.waiting.delete(key);
      },
    };
  }

  /** Requests currently waiting (for tests and metrics). */
  get waitingCount(): number {
    let n = 0;
    for (const set of this.waiting.values()) n += set.size;
    return n;
  }

  /** True once the listening connection is up (tests wait for it before writing). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await this.connecting?.catch(() => undefined);
    await (client ?? this.client)?.end().catch(() => undefined);
    await this.placing?.catch(() => undefined);
    this.wakeAll();
  }

  private ensureListening(): void {
    if (this.client !== undefined || this.connecting !== undefined || this.reconnectTimer !== undefined) return;
    this.connecting = this.connect().finally(() => {
      this.connecting = undefined;
    });
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ ...this.db.direct, application_name: 'ismail-cloud-shape-listener' });
    const lost = (): void => {
      if (this.client !== client) return;
      this.client = undefined;
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) this.heard(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch {
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reconnectMs = reconnectFirstMs;
    // Whatever committed while no one listened (first start or after a drop): every waiting request reads again.
    this.pendingAll = true;
    this.runPlacing();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer !== undefined) return;
    const delayMs = this.reconnectMs;
    this.reconnectMs = Math.min(this.reconnectMs * 2, reconnectMaxMs);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.ensureListening();
    }, delayMs);
  }

  private heard(key: string): void {
    if (this.pending.size >= pendingScopesMax) this.pendingAll = true;
    else this.pending.add(key);
    this.runPlacing();
  }

  /** One placing round at a time; what is heard meanwhile is placed and woken by the next. */
  private runPlacing(): void {
    if (this.placing !== undefined) return;
    if (this.pending.size === 0 && !this.pendingAll) return;
    const keys = this.pending;
    const all = this.pendingAll;
    this.pending = new Set();
    this.pendingAll = false;
    this.placing = this.place()
      .catch(() => undefined)
      .then(() => {
        // Woken even if placing failed: the requests read again, and at worst find nothing yet.
        if (all) this.wakeAll();
        else for (const key of keys) this.wakeKey(key);
      })
      .finally(() => {
        this.placing = undefined;
        if (!this.closed) this.runPlacing();
      });
  }

  private async place(): Promise<void> {
    for (let round = 0; round < placeRoundsMax; round++) {
      const { rows } = await this.db.pool.query<{ placed: number }>(
        'SELECT place_shape_changes_waiting($1) AS placed',
        [placeBatchMax],
      );
      if ((rows[0]?.placed ?? 0) < placeBatchMax) return;
    }
  }

  private wakeKey(key: string): void {
    const set = this.waiting.get(key);
    if (set === undefined) return;
    this.waiting.delete(key);
    for (const wake of set) wake();
  }

  private wakeAll(): void {
    const sets = [...this.waiting.values()];
    this.waiting.clear();
    for (const set of sets) for (const wake of set) wake();
  }
}

/** Waits for `woken` until `deadline` or the abort; true if woken (false: the deadline or the abort came first). */
export async function wokenBefore(
  woken: Promise<void>,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
    onAbort = () => resolve(false);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([woken.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
  }
}
