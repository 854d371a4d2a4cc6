/** One webhook: its URL and events, a test event (queued and signed like any event), its log, and a confirmed stop. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { DeliveryLog } from './DeliveryLog.js';
import { sendTestEvent, stopWebhook } from './data.js';

export interface WebhookView {
  readonly id: string;
  readonly url: string;
  readonly events: readonly string[];
  readonly pending: number;
  readonly failed: number;
}

export function WebhookCard({ webhook }: { readonly webhook: WebhookView }) {
  const { t } = useTranslation('partner');
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const test = useMutation({
    mutationFn: () => sendTestEvent(webhook.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['partner', 'deliveries', webhook.id] }),
  });
  const stop = useMutation({
    mutationFn: () => stopWebhook(webhook.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['partner', 'webhooks'] }),
  });
  const waiting = test.error instanceof ApiError && test.error.status === 409;
  return (
    <li className="card partner-row" data-testid="webhook" aria-labelledby={`webhook-${webhook.id}`}>
      <h2 className="row-title partner-url" id={`webhook-${webhook.id}`}>
        {webhook.url}
      </h2>
      <p className="muted">
        {webhook.events.map((e) => t(`partner:events.${e}`, { defaultValue: e })).join(', ')}
        {webhook.failed > 0 ? ` · ${t('partner:webhooks.failed', { count: webhook.failed })}` : null}
      </p>
      <div className="partner-actions">
        <button type="button" className="button" disabled={test.isPending} onClick={() => test.mutate()}>
          {t('partner:webhooks.test')}
        </button>
        {asking ? null : (
          <button type="button" className="button danger" onClick={() => setAsking(true)}>
            {t('partner:webhooks.stop')}
          </button>
        )}
      </div>
      {test.isSuccess ? (
        <p role="status" className="muted">
          {t('partner:webhooks.testQueued')}
        </p>
      ) : null}
      {test.isError ? (
        <p role="alert" className="error">
          {waiting ? t('partner:webhooks.testWaiting') : t('partner:webhooks.testFailed')}
        </p>
      ) : null}
      {asking ? (
        <div className="partner-confirm" role="alertdialog" aria-labelledby={`stop-${webhook.id}`}>
          <h3 id={`stop-${webhook.id}`}>{t('partner:webhooks.stopTitle')}</h3>
          <p>{t('partner:webhooks.stopExplain')}</p>
          <div className="partner-actions">
            <button type="button" className="button danger" disabled={stop.isPending} onClick={() => stop.mutate()}>
              {t('partner:webhooks.stopConfirm')}
            </button>
            <button type="button" className="button secondary" onClick={() => setAsking(false)}>
              {t('partner:cancel')}
            </button>
          </div>
          {stop.isError ? (
            <p role="alert" className="error">
              {t('partner:webhooks.stopFailed')}
            </p>
          ) : null}
        </div>
      ) : null}
      <h3 className="partner-subtitle">{t('partner:log.title')}</h3>
      <DeliveryLog webhookId={webhook.id} />
    </li>
  );
}
