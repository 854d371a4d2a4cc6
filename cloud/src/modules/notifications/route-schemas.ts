/** Shared by the notification route plugins: the access rule for one's own notifications, channel and event schemas. */
import { Type } from '@sinclair/typebox';
import { notificationChannels, notificationEventTypes } from '@ismail/shared';

export const ownNotifications = (action: 'read' | 'write' | 'modify') =>
  ({ resource: 'notifications', action, needsSecondFactor: false }) as const;
export const ChannelSchema = Type.Union(notificationChannels.map((c) => Type.Literal(c)));
export const EventTypeSchema = Type.Union(notificationEventTypes.map((t) => Type.Literal(t)));
