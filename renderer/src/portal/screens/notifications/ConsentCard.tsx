/** Marketing consent: given or withdrawn with one tap, and the history of every change (when, which, from where). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { api, apiError } from '../../api/client.js';

export const preferencesKey = ['notification-preferences'] as const;
const historyKey = ['marketing-consent-history'] as const;

export function ConsentCard({ granted }: { granted: boolean }) {
  const { t, i18n } = useTranslation('notifications');
  const queryClient = useQueryClient();
  const language = i18n.language;
  const history = useQuery({
    queryKey: historyKey,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/notifications/marketing-consent/history');
      if (data === undefined) throw apiError(error, response.status);
      return data.history;
    },
  });
  const consent = useMutation({
    mutationFn: async (granted: boolean) => {
      const { data, error, response } = await api.PUT('/v1/notifications/marketing-consent', { body: { granted } });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
    onSuccess: async (data) => {
      queryClient.setQueryData(preferencesKey, data);
      await queryClient.invalidateQueries({ queryKey: historyKey });
    },
  });
  return (
    <>
      <div className="card">
        <h2>{t('notifications:consent.title')}</h2>
        <label className="choice">
          <input
            type="checkbox"
            checked={granted}
            disabled={consent.isPending}
            onChange={(e) => consent.mutate(e.currentTarget.checked)}
            data-testid="marketing-consent"
          />
          {t('notifications:consent.label')}
        </label>
        <h3>{t('notifications:consent.history')}</h3>
        {history.data === undefined || history.data.length === 0 ? (
          <p className="muted">{t('notifications:consent.none')}</p>
        ) : (
          <ol className="consent-history" data-testid="consent-history">
            {history.data.map((entry) => (
              <li key={`${entry.at}-${String(entry.granted)}`}>
                <time dateTime={entry.at}>{formatDateTime(entry.at, language)}</time>{' '}
                {t(entry.granted ? 'notifications:consent.granted' : 'notifications:consent.withdrawn')}{' '}
                {t(`notifications:consent.sources.${entry.source}`, {
                  defaultValue: t('notifications:consent.sources.other'),
                })}
              </li>
            ))}
          </ol>
        )}
      </div>
      {consent.isError && (
        <p className="error" role="alert">
          {t('notifications:prefs.saveFailed')}
        </p>
      )}
    </>
  );
}
