import type { NotificationEventData } from '@ismail/shared';

/** What an incident is about (outbox_stale, dead_letters, ..., silent): the alert events' `kind`. */
export type HubAlertKind = NotificationEventData<'hub.alert_opened'>['kind'];

/** A clock this far from the cloud's is an incident: the hub counter's own alarm (hub/src/sync/status.ts). */
export const clockSkewAlarmMsDefault = 120_000;

/** "42 s", "42 min", "3 h 05": a duration as the messages show it (the same in French and English). */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${String(s)} s`;
  if (s < 3600) return `${String(Math.floor(s / 60))} min`;
  return `${String(Math.floor(s / 3600))} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
}
