/**
 * The Services module's notifications: each step tells the other side, in the step's own transaction when there is
 * one (the notification outbox), keyed by step and subject so a replayed step notifies once.
 */
import type pg from 'pg';
import type { NotificationEventData, NotificationEventType } from '@ismail/shared';
import type { NotificationService } from '../notifications/service.js';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export interface ServicesNotifier {
  /** Portal links in messages start with this (no trailing slash). */
  readonly publicUrl: string;
  send<T extends NotificationEventType>(
    q: Queryable,
    event: { key: string; type: T; recipientId: string; data: Omit<NotificationEventData<T>, 'firstName'> },
    client?: pg.PoolClient,
  ): Promise<void>;
}

export const appointmentPath = (id: string): string => `/services/appointments/${id}`;
export const requestPath = (id: string): string => `/services/requests/${id}`;
export const providerRequestPath = (id: string): string => `/provider/requests/${id}`;

/** A date and time as people in Abidjan read it: "12/01/2027 10:00" (the provider's zone, Abidjan by default). */
export function localDateTime(at: Date | string, timeZone = 'Africa/Abidjan'): string {
  return new Intl.DateTimeFormat('fr-FR', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(new Date(at))
    .replace(',', '');
}

export function servicesNotifier(notifications: NotificationService, publicUrl: string): ServicesNotifier {
  const base = publicUrl.replace(/\/$/, '');
  return {
    publicUrl: base,
    async send(q, event, client) {
      const { rows } = await q.query<{ first_name: string | null; display_name: string }>(
        'SELECT first_name, display_name FROM accounts WHERE id = $1',
        [event.recipientId],
      );
      const person = rows[0];
      if (person === undefined) return;
      const data = {
        ...event.data,
        firstName: (person.first_name ?? person.display_name).slice(0, 100) || 'client',
      } as NotificationEventData<typeof event.type>;
      await notifications.emit({ key: event.key, type: event.type, recipientId: event.recipientId, data }, client);
    },
  };
}

/** Texts carried by notifications are bounded by their schemas. */
export const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
