/**
 * When a hub's condition becomes an incident (issue 28.5). The defaults, and why:
 * - outbox 15 min: the hub retries a push at least every minute, so a quarter of an hour of an unsent sale is a dozen
 *   failed tries (a line down, a refused batch), not a passing blip; short enough for the day's cash to be checked.
 * - revocation list 23 h: the counter warns staff at 24 h (SPEC 3.3, revocationListWarnAgeS); the manager hears an
 *   hour before, while the hub pulls the list every minute when it can.
 * - clock 2 min: the counter's own alarm (clockSkewAlarmMs) and the span of a dynamic card code.
 * - paper 10 min: a printer out of paper for longer is not being seen to at the counter.
 * - silence 10 min: ten missed one-minute reports; a hub cut off cannot tell anyone, so the cloud does.
 */
import { clockSkewAlarmMsDefault } from './units.js';

export interface HubAlertThresholds {
  readonly outboxStaleAfterS: number;
  readonly revocationsStaleAfterS: number;
  readonly clockOffAfterMs: number;
  readonly paperOutAfterS: number;
  readonly silentAfterS: number;
  /** How often the cloud looks for silent hubs (whole seconds). */
  readonly silenceCheckEveryMs: number;
}

export const defaultHubAlertThresholds: HubAlertThresholds = {
  outboxStaleAfterS: 15 * 60,
  revocationsStaleAfterS: 23 * 3600,
  clockOffAfterMs: clockSkewAlarmMsDefault,
  paperOutAfterS: 10 * 60,
  silentAfterS: 10 * 60,
  silenceCheckEveryMs: 60_000,
};

declare module '../../platform/options.js' {
  interface CloudAppOptions {
    /** Hub alert thresholds (issue 28.5); each unset one takes its default (thresholds.ts). */
    readonly hubAlerts?: Partial<HubAlertThresholds>;
  }
}
