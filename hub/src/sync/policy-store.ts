/**
 * The hub's signed policy (SPEC 3.8), pulled from the cloud with the card keys' rhythm and
 * kept in SQLite as received. It is verified against the stored card keys at every use, so
 * editing the file cannot raise a ceiling; an expired policy authorises no offline debit.
 */
import { verifyHubPolicy, type HubPolicy, type JSONWebKeySet } from '@ismail/shared';
import type { CardTrust } from '../cards/card-trust.js';
import type { HubDatabase } from '../store/open.js';
import { PeriodicPull } from './periodic-pull.js';
import { HubClock } from '../platform/hub-clock.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { CredentialStore } from './credentials.js';

export class PolicyStore {
  lastError: string | null = null;
  private readonly loop: PeriodicPull;

  constructor(
    private readonly db: HubDatabase,
    private readonly credentials: CredentialStore,
    private readonly trust: CardTrust,
    pullEveryMs = 60_000,
    /** Learns the hub's offset from the cloud from each policy's signed time (whole seconds). */
    private readonly clock: HubClock = HubClock.for(db),
  ) {
    this.loop = new PeriodicPull('policy.pull', () => this.pull(), pullEveryMs);
  }

  /** Pulls now, then on its rhythm, as a task of the hub's scheduler. */
  start(scheduler: Scheduler): void {
    this.loop.start(scheduler);
  }

  stop(): void {
    this.loop.stop();
  }

  async pull(): Promise<void> {
    const credentials = this.credentials.load();
    // Not paired yet: look again soon (no network is used until then).
    if (credentials === null) throw new Error('not paired');
    try {
      const keys = this.trust.keySet();
      if (keys === null) throw new Error('the card keys are not here yet');
      const sentWallMs = Date.now();
      const response = await this.credentials.cloud.request('/v1/hubs/policy', { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`policy: HTTP ${String(response.status)}`);
      const { policy: token } = (await response.json()) as { policy: string };
      const receivedWallMs = Date.now();
      const policy = await verifyHubPolicy(token, keys, credentials.hubId);
      // The cloud signs a policy at each pull: its iat is the cloud's time during this exchange, to the second.
      this.clock.learn(policy.iat * 1000, sentWallMs, receivedWallMs, 1_000);
      const kept = this.db
        .prepare<[], { issued_at_s: number }>('SELECT issued_at_s FROM hub_policy WHERE id = 1')
        .get();
      if (kept !== undefined && kept.issued_at_s > policy.iat)
        throw new Error('the cloud sent an older policy than the one kept');
      this.db
        .prepare(
          'INSERT INTO hub_policy (id, token, issued_at_s, fetched_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET token = excluded.token, issued_at_s = excluded.issued_at_s, fetched_at = excluded.fetched_at',
        )
        .run(token, policy.iat, new Date().toISOString());
      this.lastError = null;
    } catch (error) {
      this.lastError = (error as Error).message.slice(0, 300);
      throw error;
    }
  }

  /**
   * The policy in force, verified now; null when none was received, or it no longer verifies or has expired. Every
   * sale asks: the signature is checked again only when the stored token, the card keys or the hub changed (the
   * exact texts are compared, so an edited row is verified afresh), which keeps a signature check out of each sale.
   */
  async current(nowMs = Date.now()): Promise<HubPolicy | null> {
    const credentials = this.credentials.load();
    const kept = this.db.prepare<[], { token: string }>('SELECT token FROM hub_policy WHERE id = 1').get();
    const keys: JSONWebKeySet | null = this.trust.keySet();
    if (credentials === null || kept === undefined || keys === null) return null;
    const keysText = JSON.stringify(keys);
    const cached = this.verified;
    let policy: HubPolicy;
    if (cached?.token === kept.token && cached.keysText === keysText && cached.hubId === credentials.hubId) {
      policy = cached.policy;
    } else {
      try {
        policy = await verifyHubPolicy(kept.token, keys, credentials.hubId);
      } catch {
        return null;
      }
      this.verified = { token: kept.token, keysText, hubId: credentials.hubId, policy };
    }
    return policy.exp * 1000 > nowMs ? policy : null;
  }

  /** The last policy whose signature was checked, with exactly what it was checked against. */
  private verified: { token: string; keysText: string; hubId: string; policy: HubPolicy } | null = null;
}
