/**
 * What the lifecycle part's flows share: the database, the notification service, the portal's address and the clock
 * (the demo's test clock when there is one). Notifications go out in the caller's transaction (an outbox), keyed so
 * that a job running twice notifies once; ISMAIL's own files (no creditor account) notify no creditor.
 */
import { abidjanDay, type NotificationEventData, type NotificationEventType } from '@ismail/shared';
import type pg from 'pg';
import type { Database } from '../../platform/db/database.js';
import type { NotificationService } from '../notifications/service.js';

/** Who acts: the account the caller acts for (a partner for its staff) and the signed-in account itself. */
export interface LifecycleActor {
  readonly ownerId: string;
  readonly accountId: string;
}
export const actorLabel = (actor: LifecycleActor | string): string =>
  typeof actor === 'string' ? actor : `account:${actor.accountId}`;

export const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** `day` plus `days` calendar days (YYYY-MM-DD, UTC: Abidjan has no daylight saving). */
export const plusDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export class LifecycleContext {
  constructor(
    readonly db: Database,
    readonly notifications: NotificationService,
    readonly publicUrl: string,
    readonly now: () => Date = () => new Date(),
  ) {}

  today(): string {
    return abidjanDay(this.now());
  }

  /** The creditor's (and its agents') page of a file in the portal. */
  creditorLink(fileId: string): string {
    return `${this.publicUrl.replace(/\/$/, '')}/recouvrement/dossiers/${fileId}`;
  }

  /** The debtor's page of a file in the portal. */
  debtorLink(fileId: string): string {
    return `${this.publicUrl.replace(/\/$/, '')}/mes-dettes/${fileId}`;
  }

  async notify<T extends NotificationEventType>(
    client: pg.PoolClient,
    event: {
      key: string;
      type: T;
      recipientId: string | null;
      data: Omit<NotificationEventData<T>, 'firstName'>;
    },
  ): Promise<void> {
    await notifyAccount(this.notifications, client, event);
  }
}

/** A notification in the caller's transaction, the recipient's first name filled in; none for no recipient. */
export async function notifyAccount<T extends NotificationEventType>(
  notifications: NotificationService,
  client: pg.PoolClient,
  event: { key: string; type: T; recipientId: string | null; data: Omit<NotificationEventData<T>, 'firstName'> },
): Promise<void> {
  if (event.recipientId === null) return;
  const { rows } = await client.query<{ name: string }>(
    'SELECT coalesce(first_name, display_name) AS name FROM accounts WHERE id = $1',
    [event.recipientId],
  );
  const data = { ...event.data, firstName: clip(rows[0]?.name ?? 'client', 100) } as NotificationEventData<T>;
  await notifications.emit({ key: event.key, type: event.type, recipientId: event.recipientId, data }, client);
}
