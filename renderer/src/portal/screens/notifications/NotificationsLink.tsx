/**
 * The shell's bell: a link to the inbox with the number of unread notifications, kept live by
 * the WebSocket it holds. Loaded lazily by Layout.tsx (not part of the first screen's budget).
 */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useLiveNotifications, useNotifications } from './live.js';
import '../../styles/notifications.css';

export function NotificationsLink() {
  const { t } = useTranslation('notifications');
  useLiveNotifications();
  const notifications = useNotifications();
  const unread = notifications.data?.filter((n) => n.readAt === null).length ?? 0;
  return (
    <Link
      to="/notifications"
      className="bell"
      aria-label={unread > 0 ? t('notifications:bellUnread', { number: unread }) : t('notifications:bell')}
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"
        />
      </svg>
      {unread > 0 && (
        <span className="badge" data-testid="unread-badge" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}
