/**
 * A partner's webhooks (lazy): each one with a test event and its delivery log, a confirmed stop, and a form to add
 * one (its signing secret shown once). Staff read them; writing is for those the partner delegated it to.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { OfflineMark } from '../OfflineMark.js';
import { AddWebhook } from './AddWebhook.js';
import { WebhookCard } from './WebhookCard.js';
import { webhooksQuery } from './data.js';
import '../../styles/partner.css';

export function Webhooks() {
  const { t } = useTranslation('partner');
  const webhooks = useQuery(webhooksQuery);
  const list = webhooks.data?.webhooks;
  return (
    <section aria-labelledby="webhooks-title" className="screen partner">
      <h1 id="webhooks-title">{t('partner:webhooks.title')}</h1>
      <OfflineMark updatedAtMs={webhooks.dataUpdatedAt} failed={webhooks.isError} />
      <p className="muted">{t('partner:webhooks.intro')}</p>
      <div className="partner-grid">
        <div>
          {list === undefined ? (
            <p>{webhooks.isError ? t('partner:webhooks.error') : t('app.loading')}</p>
          ) : list.length === 0 ? (
            <p>{t('partner:webhooks.empty')}</p>
          ) : (
            <ul className="partner-list" data-testid="webhook-list">
              {list.map((w) => (
                <WebhookCard key={w.id} webhook={w} />
              ))}
            </ul>
          )}
        </div>
        <AddWebhook />
      </div>
    </section>
  );
}
