/**
 * The hub's clock (issue 28, item 6). The machine's clock is set by whoever sits at the
 * counter and may jump (a dead CMOS battery, an NTP server out of reach, someone "fixing" the
 * time by an hour); the cloud's clock is the reference money is dated by. So the hub:
 *
 * - learns its offset from the cloud (the signed policy's `iat`, push answers' `serverTime`) and,
 *   once learnt, counts the cloud's time from that moment by whichever of the machine clock and
 *   the process's monotonic clock went further: the monotonic one ignores the machine clock being
 *   set back while the hub runs (it then shows as the offset, `offsetMs()`, hub minus cloud), the
 *   machine clock keeps counting while the computer sleeps (the monotonic one stops then);
 * - never hands out an earlier time than it already did (`now()` is max(last, corrected now),
 *   the last one kept across restarts);
 * - keeps a counter that only grows, across restarts too (`tick()`), for what must stay in order
 *   whatever the clocks say.
 *
 * State lives in hub_meta (offset, last time handed out, counter) so a restart without the cloud
 * still corrects and never goes back.
 */
import type { HubDatabase } from '../store/open.js';

/** Where the clock reads time: the machine's wall clock and a monotonic one (both in ms). */
export interface ClockSources {
  wallMs(): number;
  monoMs(): number;
}

export const systemClockSources: ClockSources = { wallMs: () => Date.now(), monoMs: () => performance.now() };

/** A new offset this close to the kept one is not written again (a push answer comes with every batch). */
const offsetPersistStepMs = 50;

interface Anchor {
  /** The cloud's time when the machine clock read `wallMs` and the monotonic one `monoMs`. */
  readonly cloudMs: number;
  readonly wallMs: number;
  readonly monoMs: number;
  /** How far off this anchor may be (half a round trip, a second for a policy's whole-second `iat`). */
  readonly uncertaintyMs: number;
}

export class HubClock {
  private static readonly byDatabase = new WeakMap<HubDatabase, HubClock>();

  /** The one clock of a database in this process (the outbox, the sync client and the policy share it). */
  static for(db: HubDatabase): HubClock {
    let clock = HubClock.byDatabase.get(db);
    if (clock === undefined) {
      clock = new HubClock(db);
      HubClock.byDatabase.set(db, clock);
    }
    return clock;
  }

  private anchor: Anchor | null = null;
  /** Prepared once: a tick is part of every counter sale. */
  private readonly nextTick;
  private readonly keepLast;
  private lastMs: number;
  private persistedOffsetMs: number | null;

  constructor(
    private readonly db: HubDatabase,
    private readonly sources: ClockSources = systemClockSources,
  ) {
    this.nextTick = db.prepare<[], { value: string }>(
      "INSERT INTO hub_meta (key, value) VALUES ('clock_tick', '1') ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) RETURNING value",
    );
    this.keepLast = db.prepare<[string]>(
      "INSERT INTO hub_meta (key, value) VALUES ('clock_last_ms', ?) ON CONFLICT (key) DO UPDATE SET value = CAST(max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER)) AS TEXT)",
    );
    const offset = this.meta('clock_offset_ms');
    this.persistedOffsetMs = offset === null ? null : Number(offset);
    // Restarted: the offset last learnt corrects the machine clock until the cloud answers again; infinitely
    // uncertain, so the first observation replaces it.
    if (this.persistedOffsetMs !== null && Number.isFinite(this.persistedOffsetMs))
      this.anchor = {
        cloudMs: sources.wallMs() - this.persistedOffsetMs,
        wallMs: sources.wallMs(),
        monoMs: sources.monoMs(),
        uncertaintyMs: Number.POSITIVE_INFINITY,
      };
    const last = Number(this.meta('clock_last_ms') ?? 0);
    this.lastMs = Number.isFinite(last) ? last : 0;
  }

  /** The cloud's time as best known now, without the never-backwards guard (the machine's own without an offset). */
  private correctedMs(): number {
    if (this.anchor === null) return this.sources.wallMs();
    // Backwards the machine clock can only have been set (never by sleeping): then the monotonic clock counts.
    return (
      this.anchor.cloudMs +
      Math.max(this.sources.monoMs() - this.anchor.monoMs, this.sources.wallMs() - this.anchor.wallMs)
    );
  }

  /** The time to stamp a record with: corrected by the cloud's offset, never earlier than one handed out before. */
  now(): Date {
    this.lastMs = Math.max(this.lastMs, Math.round(this.correctedMs()));
    return new Date(this.lastMs);
  }

  /**
   * The next value of the hub's counter (1, 2, 3...), persisted in the same statement: inside the caller's
   * transaction, a rolled-back record gives its value back, so the counter never decreases and never repeats a
   * committed value. Also keeps the last time handed out, so a restart never stamps earlier.
   */
  tick(): number {
    const row = this.nextTick.get();
    this.keepLast.run(String(this.lastMs));
    return Number(row?.value);
  }

  /** Hub minus cloud, in ms: how far the machine's clock is off now (null before any offset was known). */
  offsetMs(): number | null {
    if (this.anchor === null) return null;
    return Math.round(this.sources.wallMs() - this.correctedMs());
  }

  /**
   * The cloud said its time was `cloudMs` at some moment between `sentWallMs` and `receivedWallMs` of the machine's
   * clock (a push answer's serverTime; a policy's iat, `resolutionMs` 1000 for whole seconds). Taken when nothing
   * better is known, when it is at least as precise as what is known, or when it contradicts it (the machine clock
   * jumped between two restarts, the cloud's was corrected).
   */
  learn(cloudMs: number, sentWallMs: number, receivedWallMs: number, resolutionMs = 0): void {
    if (!Number.isFinite(cloudMs) || receivedWallMs < sentWallMs) return;
    const monoNow = this.sources.monoMs();
    const wallNow = this.sources.wallMs();
    const halfTripMs = (receivedWallMs - sentWallMs) / 2;
    // The cloud's time at the midpoint of the exchange, carried to now.
    const candidate: Anchor = {
      cloudMs: cloudMs + resolutionMs / 2 + halfTripMs + (wallNow - receivedWallMs),
      wallMs: wallNow,
      monoMs: monoNow,
      uncertaintyMs: halfTripMs + resolutionMs / 2,
    };
    const current = this.anchor;
    if (current !== null) {
      const disagreementMs = Math.abs(this.correctedMs() - candidate.cloudMs);
      const sharper = candidate.uncertaintyMs <= current.uncertaintyMs;
      if (!sharper && disagreementMs <= candidate.uncertaintyMs + current.uncertaintyMs) return;
    }
    this.anchor = candidate;
    const offset = Math.round(wallNow - candidate.cloudMs);
    if (this.persistedOffsetMs === null || Math.abs(offset - this.persistedOffsetMs) >= offsetPersistStepMs) {
      this.db
        .prepare(
          "INSERT INTO hub_meta (key, value) VALUES ('clock_offset_ms', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .run(String(offset));
      this.persistedOffsetMs = offset;
    }
  }

  private meta(key: string): string | null {
    return (
      this.db.prepare<[string], { value: string }>('SELECT value FROM hub_meta WHERE key = ?').get(key)?.value ?? null
    );
  }
}
