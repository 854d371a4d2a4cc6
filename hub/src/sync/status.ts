/**
 * The hub's sync health in one object (SPEC 3.8): what the status API, the CLI's `hub status`
 * and the counter app's live channel all show. Its shape: shared/src/hub-api/sync.
 */
import type { HubSyncStatus } from '@ismail/shared';
import type { CardTrust } from '../cards/card-trust.js';
import type { CatalogSync } from './catalog-sync.js';
import type { BookingSync } from './booking-sync.js';
import type { CredentialStore } from './credentials.js';
import type { Outbox } from './outbox.js';
import type { PolicyStore } from './policy-store.js';
import type { SyncClient } from './sync-client.js';

/** Past this, the counter warns that its clock is wrong (ordering never depends on it). */
export const clockSkewAlarmMs = 120_000;

export interface SyncStatusSources {
  readonly credentials: CredentialStore;
  readonly outbox: Outbox;
  readonly sync: SyncClient;
  readonly cardTrust: CardTrust;
  readonly catalog: CatalogSync;
  readonly booking: BookingSync;
  readonly policies: PolicyStore;
}

async function policyState(policies: PolicyStore): Promise<HubSyncStatus['policy']> {
  const policy = await policies.current();
  return {
    valid: policy !== null,
    issuedAt: policy === null ? null : new Date(policy.iat * 1000).toISOString(),
    expiresAt: policy === null ? null : new Date(policy.exp * 1000).toISOString(),
    offline: policy?.offline ?? null,
    // The counter converts with it: the credits a wallet sale will take, the offline ceilings in FCFA.
    xofPerCredit: policy?.xofPerCredit ?? null,
    lastError: policies.lastError,
  };
}

export async function syncStatus(sources: SyncStatusSources): Promise<HubSyncStatus> {
  const credentials = sources.credentials.load();
  const outbox = sources.outbox.status();
  const skew = sources.sync.state.clockSkewMs;
  return {
    paired: credentials !== null,
    hubId: credentials?.hubId ?? null,
    cloudReachable: sources.sync.state.cloudReachable,
    lastContactAt: sources.sync.state.lastContactAt,
    outboxDepth: outbox.depth,
    oldestUnsyncedAgeS:
      outbox.oldestPendingAt === null ? null : Math.round((Date.now() - Date.parse(outbox.oldestPendingAt)) / 1000),
    rejected: outbox.rejected,
    lastPushAt: sources.sync.state.lastPushAt,
    lastError: sources.sync.state.lastError,
    clockSkewMs: skew,
    clockSkewAlarm: skew !== null && Math.abs(skew) > clockSkewAlarmMs,
    cards: sources.cardTrust.state(),
    policy: await policyState(sources.policies),
    catalog: sources.catalog.state(),
    booking: sources.booking.state(),
  };
}
export type SyncStatus = HubSyncStatus;
