/**
 * Subscribing a URL to device events. The signing secret is answered once: shown here until the screen is left,
 * with a word that it will not be shown again, and kept nowhere (not in the query cache, not in storage).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { subscribeWebhook, webhookEvents, type WebhookEvent } from './data.js';

export function AddWebhook() {
  const { t } = useTranslation('partner');
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['device.alarm']);
  const add = useMutation({
    mutationFn: () => subscribeWebhook(url.trim(), events),
    onSuccess: async () => {
      setUrl('');
      await queryClient.invalidateQueries({ queryKey: ['partner', 'webhooks'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (events.length > 0) add.mutate();
  };
  const refused = add.error instanceof ApiError && add.error.code === 'WEBHOOK_URL_REFUSED';
  return (
    <section aria-labelledby="add-webhook-title" className="card">
      <h2 id="add-webhook-title">{t('partner:webhooks.addTitle')}</h2>
      <form className="form" onSubmit={submit}>
        <label htmlFor="webhook-url">{t('partner:webhooks.url')}</label>
        <input
          id="webhook-url"
          type="url"
          inputMode="url"
          value={url}
          required
          minLength={8}
          maxLength={500}
          autoComplete="off"
          aria-describedby="webhook-url-hint"
          onChange={(e) => setUrl(e.target.value)}
        />
        <p id="webhook-url-hint" className="muted small">
          {t('partner:webhooks.urlHint')}
        </p>
        <fieldset className="partner-permissions">
          <legend>{t('partner:webhooks.events')}</legend>
          {webhookEvents.map((e) => (
            <label key={e} htmlFor={`event-${e}`} className="partner-check">
              <input
                id={`event-${e}`}
                type="checkbox"
                checked={events.includes(e)}
                onChange={(change) =>
                  setEvents(webhookEvents.filter((x) => (x === e ? change.target.checked : events.includes(x))))
                }
              />
              <span>{t(`partner:events.${e}`)}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button" disabled={add.isPending || events.length === 0}>
          {t('partner:webhooks.add')}
        </button>
      </form>
      {add.isError ? (
        <p role="alert" className="error">
          {refused ? t('partner:webhooks.refused') : t('partner:webhooks.addFailed')}
        </p>
      ) : null}
      {add.data === undefined ? null : (
        <div className="partner-code" role="status">
          <p>{t('partner:webhooks.secretOnce')}</p>
          <p className="partner-secret mono" data-testid="webhook-secret">
            {add.data.secret}
          </p>
        </div>
      )}
    </section>
  );
}
