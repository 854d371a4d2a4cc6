/**
 * The hub's health report (issue 28.5; shape in shared/hub-api/health-report.ts): its outbox (depth, oldest pending
 * operation's age, dead letters), its revocation list's age, its printers out of paper. Durations are measured with
 * `nowMs` (the hub's clock, or a test's); `at` is the hub's own wall clock, so the cloud can judge the hub's clock
 * against its own rather than taking the hub's word for it.
 */
import { healthReportPrintersMax, type HubHealthReport } from '@ismail/shared';
import type { CardTrust } from '../cards/card-trust.js';
import type { Outbox } from '../sync/outbox.js';
import type { PaperWatch } from './paper-watch.js';

export interface HealthSources {
  readonly outbox: Outbox;
  readonly cardTrust: CardTrust;
  readonly paper: PaperWatch;
  /** Measures durations (ms since the epoch). */
  readonly nowMs: () => number;
  /** The hub's wall clock, sent as `at`. */
  readonly wallMs: () => number;
}

const ageSecondsMax = 315_360_000;
const ageS = (fromMs: number, toMs: number): number =>
  Math.min(ageSecondsMax, Math.max(0, Math.floor((toMs - fromMs) / 1000)));

export function healthReport(hubId: string, sources: HealthSources): HubHealthReport {
  const now = sources.nowMs();
  const outbox = sources.outbox.status();
  const trust = sources.cardTrust.state(now);
  return {
    v: 1,
    hubId,
    at: new Date(sources.wallMs()).toISOString(),
    outbox: {
      depth: Math.min(outbox.depth, 100_000_000),
      oldestPendingAgeS: outbox.oldestPendingAt === null ? null : ageS(Date.parse(outbox.oldestPendingAt), now),
      rejected: Math.min(outbox.rejected, 100_000_000),
    },
    revocationListAgeS: trust.revocationListAgeS === null ? null : Math.min(trust.revocationListAgeS, ageSecondsMax),
    printersOutOfPaper: sources.paper
      .current()
      .slice(0, healthReportPrintersMax)
      .map((p) => ({ printerId: p.printerId.slice(0, 36), name: p.name.slice(0, 80), forS: ageS(p.sinceMs, now) })),
  };
}
