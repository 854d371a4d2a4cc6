/**
 * The bound on reloads forced by tokens naming a key id this process has not loaded: another
 * process may have rotated the ring, so one reload is worth it, but the kid comes from the
 * caller and a forged stream of random kids must not turn every request into a database read.
 *
 * Owns: at most one forced reload started per `intervalMs`; callers arriving while one is in
 * flight share it (single flight); callers arriving after it ended, within the same interval,
 * get its outcome at once without a new read.
 */

/** How often at most an unknown key id may force a reload of one purpose's keys. */
export const unknownKidRefreshIntervalMs = 1_000;

export interface RefreshGate {
  /**
   * Runs `reload` when no forced reload started in the last interval; otherwise waits for the
   * last one (at once when it has ended). Says whether this call started the reload.
   */
  force(reload: () => Promise<void>): Promise<boolean>;
}

export function createRefreshGate(intervalMs = unknownKidRefreshIntervalMs, nowMs = Date.now): RefreshGate {
  let last: { startedAtMs: number; done: Promise<void> } | undefined;
  return {
    async force(reload) {
      const now = nowMs();
      if (last !== undefined && now - last.startedAtMs < intervalMs) {
        await last.done;
        return false;
      }
      // A failed reload is the database's error to report to this caller; the ones sharing it
      // only learn that no newer keys came (their token is then refused as unknown).
      const started = reload();
      last = { startedAtMs: now, done: started.catch(() => undefined) };
      await started;
      return true;
    },
  };
}
