/**
 * What a health report means (issue 28.5): for each condition a report covers, whether it holds now and what was
 * measured. Pure: the route and the tests call it with the cloud's own time. The clock is judged from the report's
 * `at` against the cloud's clock when it arrived, not from anything the hub says about its own skew.
 */
import type { HubHealthReport } from '@ismail/shared';
import type { HubAlertThresholds } from './thresholds.js';
import { durationText, type HubAlertKind } from './units.js';

/** The kinds a report decides; `silent` is the cloud's own (silence.ts). */
export const reportedKinds = ['outbox_stale', 'dead_letters', 'revocations_stale', 'clock_off', 'paper_out'] as const;
export type ReportedKind = (typeof reportedKinds)[number] & HubAlertKind;

/** Per kind: the measurement when the condition holds ("42 min"), or null when it does not. */
export type Conditions = Readonly<Record<ReportedKind, string | null>>;

export function conditionsOf(report: HubHealthReport, clockOffsetMs: number, t: HubAlertThresholds): Conditions {
  const oldest = report.outbox.oldestPendingAgeS;
  const list = report.revocationListAgeS;
  const paper = report.printersOutOfPaper
    .filter((p) => p.forS >= t.paperOutAfterS)
    .sort((a, b) => b.forS - a.forS || a.name.localeCompare(b.name));
  const sign = clockOffsetMs < 0 ? '-' : '+';
  return {
    outbox_stale:
      oldest !== null && oldest >= t.outboxStaleAfterS
        ? `${String(report.outbox.depth)} op., ${durationText(oldest)}`
        : null,
    dead_letters: report.outbox.rejected > 0 ? `${String(report.outbox.rejected)} op.` : null,
    // A hub without a list yet is not "stale": it has never had one to keep fresh (the counter says so itself).
    revocations_stale: list !== null && list >= t.revocationsStaleAfterS ? durationText(list) : null,
    clock_off:
      Math.abs(clockOffsetMs) > t.clockOffAfterMs ? `${sign}${durationText(Math.abs(clockOffsetMs) / 1000)}` : null,
    paper_out:
      paper.length === 0
        ? null
        : paper
            .slice(0, 3)
            .map((p) => `${p.name} ${durationText(p.forS)}`)
            .join(', ')
            .slice(0, 120),
  };
}
