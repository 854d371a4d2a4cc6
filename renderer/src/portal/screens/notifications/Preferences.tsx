/**
 * How I am told (lazy-loaded route): per event, each channel it may use turned on or off; web push
 * on this phone; marketing consent with the history of every change (when, given or withdrawn,
 * from where).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError } from '../../api/client.js';
import { OfflineMark } from '../OfflineMark.js';
import { ConsentCard, preferencesKey } from './ConsentCard.js';
import { subscribeToPush, type PushOutcome } from './push.js';
import '../../styles/notifications.css';

type Channel = 'email' | 'sms' | 'push' | 'in_app';
type Change = { eventType: string; channel: Channel; enabled: boolean };

export function Preferences() {
  const { t } = useTranslation('notifications');
  const queryClient = useQueryClient();
  const [push, setPush] = useState<PushOutcome | 'asking' | null>(null);
  const preferences = useQuery({
    queryKey: preferencesKey,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/notifications/preferences');
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });
  const change = useMutation({
    mutationFn: async (one: Change) => {
      const { data, error, response } = await api.PUT('/v1/notifications/preferences', {
        // The event types are the cloud's own list, read from it above.
        body: { changes: [one as never] },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
    onSuccess: (data) => queryClient.setQueryData(preferencesKey, data),
  });
  const prefs = preferences.data;

  return (
    <section aria-labelledby="prefs-title" className="screen">
      <h1 id="prefs-title">{t('notifications:prefs.title')}</h1>
      <OfflineMark updatedAtMs={preferences.dataUpdatedAt} failed={preferences.isError} />
      <div className="card">
        <h2>{t('notifications:push.title')}</h2>
        <p>{t('notifications:push.explain')}</p>
        <button
          type="button"
          className="button"
          disabled={push === 'asking'}
          onClick={() => {
            setPush('asking');
            void subscribeToPush().then(setPush);
          }}
        >
          {t('notifications:push.enable')}
        </button>
        {push !== null && push !== 'asking' && (
          <p role="status" data-testid="push-outcome">
            {t(`notifications:push.outcome.${push}`)}
          </p>
        )}
      </div>
      {prefs === undefined ? (
        <p>{preferences.isError ? t('notifications:prefs.error') : t('app.loading')}</p>
      ) : (
        <>
          {prefs.events
            .filter((event) => event.category !== 'marketing')
            .map((event) => (
              <fieldset key={event.eventType} className="card choices prefs-event">
                <legend>
                  {t(`notifications:events.${event.eventType}`, { defaultValue: t('notifications:events.other') })}
                </legend>
                {event.channels.map((c) => (
                  <label key={c.channel} className="choice">
                    <input
                      type="checkbox"
                      checked={c.enabled}
                      disabled={change.isPending}
                      onChange={(e) =>
                        change.mutate({
                          eventType: event.eventType,
                          channel: c.channel as Channel,
                          enabled: e.currentTarget.checked,
                        })
                      }
                    />
                    {t(`notifications:channels.${c.channel}`)}
                  </label>
                ))}
              </fieldset>
            ))}
          <ConsentCard granted={prefs.marketingConsent} />
        </>
      )}
      {change.isError && (
        <p className="error" role="alert">
          {t('notifications:prefs.saveFailed')}
        </p>
      )}
      <Link to="/notifications">{t('notifications:prefs.back')}</Link>
    </section>
  );
}
