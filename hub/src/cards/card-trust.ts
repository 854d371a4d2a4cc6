/**
 * Card checks at the counter, online or not (SPEC 3.3, 3.8). The hub keeps the cloud's card
 * keys (JWKS) and its signed revocation list in SQLite, pulled every minute when the cloud
 * answers; a list that does not verify against the keys is refused and the previous one
 * kept. Verification is the shared one the cloud uses; the answer carries the list's age,
 * and a warning past a day: a card revoked since may not be known here yet.
 */
import {
  listingFrom,
  revocationListWarnAgeS,
  verifyCardToken,
  verifyRevocationList,
  type CardVerification,
  type RevocationList,
} from '@ismail/shared';
import type { HubDatabase } from '../store/open.js';
import { PeriodicPull } from '../sync/periodic-pull.js';
import type { Scheduler } from '../platform/scheduler.js';

/** The key set type, as the shared verification takes it (jose's, not a dependency here). */
type JSONWebKeySet = Parameters<typeof verifyRevocationList>[1];

export interface TrustState {
  readonly keysFetchedAt: string | null;
  readonly revocationListIssuedAt: string | null;
  readonly revocationListAgeS: number | null;
  readonly stale: boolean;
  readonly lastError: string | null;
}

/** A check at this counter, with the list it used: its age for staff, its issue time (s) for the cloud. */
export type HubCardCheck = CardVerification & {
  readonly revocationListAgeS: number | null;
  readonly revocationListIat: number | null;
  readonly stale: boolean;
};

/** Dynamic codes remembered at most this long past their expiry (then they cannot verify anyway). */
const seenCodesMax = 100_000;

export class CardTrust {
  private lastError: string | null = null;
  private readonly loop: PeriodicPull;

  constructor(
    private readonly db: HubDatabase,
    private readonly cloudUrl: string,
    pullEveryMs = 60_000,
  ) {
    this.loop = new PeriodicPull('card-trust.pull', () => this.pull(), pullEveryMs);
  }

  /** Pulls now, then on its rhythm, as a task of the hub's scheduler. */
  start(scheduler: Scheduler): void {
    this.loop.start(scheduler);
  }

  stop(): void {
    this.loop.stop();
  }

  private stored(
    name: 'jwks' | 'revocations',
  ): { body: string; issued_at_s: number | null; fetched_at: string } | undefined {
    return this.db
      .prepare<[string], { body: string; issued_at_s: number | null; fetched_at: string }>(
        'SELECT body, issued_at_s, fetched_at FROM card_trust WHERE name = ?',
      )
      .get(name);
  }

  /** Downloads keys, then the list, verified against those keys; keeps the old ones on any failure. */
  async pull(): Promise<void> {
    try {
      const base = this.cloudUrl.replace(/\/$/, '');
      const jwksResponse = await fetch(`${base}/.well-known/jwks.json`, { signal: AbortSignal.timeout(10_000) });
      if (!jwksResponse.ok) throw new Error(`JWKS: HTTP ${String(jwksResponse.status)}`);
      const jwks = (await jwksResponse.json()) as JSONWebKeySet;
      if (!Array.isArray(jwks.keys) || jwks.keys.length === 0) throw new Error('JWKS without keys');
      const listResponse = await fetch(`${base}/v1/cards/revocations`, { signal: AbortSignal.timeout(10_000) });
      if (!listResponse.ok) throw new Error(`revocation list: HTTP ${String(listResponse.status)}`);
      const { list: token } = (await listResponse.json()) as { list: string };
      const list = await verifyRevocationList(token, jwks);
      const previous = this.stored('revocations');
      // Never go back to an older list (a replayed or cached answer).
      if (previous?.issued_at_s != null && list.iat < previous.issued_at_s)
        throw new Error('the cloud sent an older revocation list than the one kept');
      const now = new Date().toISOString();
      this.db.transaction(() => {
        const put = this.db.prepare(
          'INSERT INTO card_trust (name, body, issued_at_s, fetched_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET body = excluded.body, issued_at_s = excluded.issued_at_s, fetched_at = excluded.fetched_at',
        );
        put.run('jwks', JSON.stringify(jwks), null, now);
        put.run('revocations', JSON.stringify(list), list.iat, now);
        this.db
          .prepare('DELETE FROM dynamic_codes_seen WHERE expires_at_s < ?')
          .run(Math.floor(Date.now() / 1000) - 3600);
      })();
      this.lastError = null;
    } catch (error) {
      this.lastError = (error as Error).message.slice(0, 300);
      throw error;
    }
  }

  state(nowMs = Date.now()): TrustState {
    const keys = this.stored('jwks');
    const list = this.stored('revocations');
    const ageS = list?.issued_at_s == null ? null : Math.max(0, Math.floor(nowMs / 1000) - list.issued_at_s);
    return {
      keysFetchedAt: keys?.fetched_at ?? null,
      revocationListIssuedAt: list?.issued_at_s == null ? null : new Date(list.issued_at_s * 1000).toISOString(),
      revocationListAgeS: ageS,
      stale: ageS === null || ageS > revocationListWarnAgeS,
      lastError: this.lastError,
    };
  }

  /** The card keys this hub holds (they also sign its policy); null before the first pull. */
  keySet(): JSONWebKeySet | null {
    const keys = this.stored('jwks');
    return keys === undefined ? null : (JSON.parse(keys.body) as JSONWebKeySet);
  }

  /**
   * Verifies a scanned card or dynamic QR with what this hub holds. A dynamic QR is single-use:
   * `spend` (the default) records its use, so the same code is refused as REPLAYED next time;
   * a look-up that only shows the holder (the balance before a sale) passes `spend: false`
   * and leaves the use to the payment that follows.
   */
  async verify(token: string, nowMs = Date.now(), options: { spend?: boolean } = {}): Promise<HubCardCheck> {
    const spend = options.spend ?? true;
    const keys = this.stored('jwks');
    const list = this.stored('revocations');
    const state = this.state(nowMs);
    if (keys === undefined || list === undefined) {
      return {
        ok: false,
        reason: 'UNKNOWN_KEY',
        detail: 'this hub has not downloaded the card keys yet: it needs the cloud once',
        revocationListAgeS: null,
        revocationListIat: null,
        stale: true,
      };
    }
    const revocations = JSON.parse(list.body) as RevocationList;
    const result = await verifyCardToken(token, {
      keys: JSON.parse(keys.body) as JSONWebKeySet,
      nowS: Math.floor(nowMs / 1000),
      listing: listingFrom(revocations),
      firstUse: (jti, expiresAtS) => {
        if (!spend)
          return (
            this.db
              .prepare<[string], { n: number }>('SELECT count(*) AS n FROM dynamic_codes_seen WHERE jti = ?')
              .get(jti)?.n === 0
          );
        const count = this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM dynamic_codes_seen').get()?.n ?? 0;
        if (count >= seenCodesMax)
          this.db.prepare('DELETE FROM dynamic_codes_seen WHERE expires_at_s < ?').run(Math.floor(nowMs / 1000));
        return (
          this.db
            .prepare('INSERT INTO dynamic_codes_seen (jti, expires_at_s) VALUES (?, ?) ON CONFLICT DO NOTHING')
            .run(jti, expiresAtS).changes === 1
        );
      },
    });
    return {
      ...result,
      revocationListAgeS: state.revocationListAgeS,
      revocationListIat: list.issued_at_s,
      stale: state.stale,
    };
  }
}
