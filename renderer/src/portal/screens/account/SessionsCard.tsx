/** The sessions open on my account (device, opened, last seen; this one marked) and "sign out the others". */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { api, apiError } from '../../api/client.js';
import { deviceOf } from './device.js';

export const sessionsKey = ['my-sessions'] as const;

export function SessionsCard() {
  const { t, i18n } = useTranslation('account');
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: sessionsKey,
    // Always read afresh when shown: another device may have signed in since the copy kept on this one.
    staleTime: 0,
    refetchOnMount: 'always',
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/auth/sessions');
      if (data === undefined) throw apiError(error, response.status);
      return data.sessions;
    },
  });
  const endOthers = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.POST('/v1/auth/sessions/sign-out-others');
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
  const list = sessions.data;
  const language = i18n.language;
  return (
    <div className="card" role="group" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('account:sessions.title')}</h2>
      {list === undefined ? (
        <p>{sessions.isError ? t('account:sessions.error') : t('app.loading')}</p>
      ) : (
        <ul className="sessions" data-testid="sessions">
          {list.map((session) => (
            <li key={session.id}>
              <p className="session-device">
                {deviceOf(session.userAgent) ?? t('account:sessions.unknownDevice')}
                {session.current && <span className="current"> {t('account:sessions.current')}</span>}
              </p>
              <p className="muted">
                {t('account:sessions.seen', {
                  started: formatDateTime(session.startedAt, language),
                  seen: formatDateTime(session.lastSeenAt, language),
                })}
              </p>
            </li>
          ))}
        </ul>
      )}
      {list !== undefined && list.length > 1 && (
        <button
          type="button"
          className="button danger"
          onClick={() => endOthers.mutate()}
          disabled={endOthers.isPending}
        >
          {t('account:sessions.endOthers')}
        </button>
      )}
      {endOthers.isSuccess && (
        <p role="status" className="success" data-testid="others-ended">
          {t('account:sessions.ended', { number: endOthers.data.ended })}
        </p>
      )}
      {endOthers.isError && (
        <p className="error" role="alert">
          {t('account:sessions.failed')}
        </p>
      )}
    </div>
  );
}
