/**
 * My notifications, newest first (lazy-loaded route): live while the page is open (the shell's
 * bell holds the WebSocket and refreshes this list), unread ones marked, each marked read with
 * one tap; a link to the preferences.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { api, apiError } from '../../api/client.js';
import { OfflineMark } from '../OfflineMark.js';
import { notificationsKey, useNotifications } from './live.js';
import '../../styles/notifications.css';

export function Inbox() {
  const { t, i18n } = useTranslation('notifications');
  const queryClient = useQueryClient();
  const notifications = useNotifications();
  const markRead = useMutation({
    mutationFn: async (notificationId: string) => {
      const { data, error, response } = await api.POST('/v1/notifications/{notificationId}/read', {
        params: { path: { notificationId } },
      });
      if (data === undefined) throw apiError(error, response.status);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
  const list = notifications.data;
  const unread = list?.filter((n) => n.readAt === null).length ?? 0;
  return (
    <section aria-labelledby="inbox-title" className="screen">
      <h1 id="inbox-title">{t('notifications:inbox.title')}</h1>
      <OfflineMark updatedAtMs={notifications.dataUpdatedAt} failed={notifications.isError} />
      <p role="status" data-testid="unread-count">
        {unread === 0 ? t('notifications:inbox.allRead') : t('notifications:inbox.unread', { number: unread })}
      </p>
      {list === undefined ? (
        <p>{notifications.isError ? t('notifications:inbox.error') : t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('notifications:inbox.empty')}</p>
      ) : (
        <ul className="inbox" data-testid="inbox">
          {list.map((n) => (
            <li key={n.id} className={n.readAt === null ? 'card unread' : 'card'}>
              <p className="inbox-title">
                {n.readAt === null && <span className="dot">{t('notifications:inbox.new')}</span>}
                {n.title}
              </p>
              <p>{n.body}</p>
              <p className="inbox-line muted">
                <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, i18n.language)}</time>
                {n.readAt === null && (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => markRead.mutate(n.id)}
                    aria-label={t('notifications:inbox.markReadOf', { title: n.title })}
                  >
                    {t('notifications:inbox.markRead')}
                  </button>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Link to="/notifications/preferences" className="button secondary">
        {t('notifications:inbox.preferences')}
      </Link>
    </section>
  );
}
