/**
 * What the debtor may see of a file's history: the reminders received (day, channels, the amount each stated) and the
 * payments (amount, how, what was left after). The creditor's notes and tasks are not the debtor's to read.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { Refusal } from './Refusal.js';
import { paymentsQuery, remindersQuery } from './data.js';
import { formatDay } from './format.js';

const methods = ['wallet', 'cash', 'mobile_money', 'bank', 'overdraft_reconciliation'] as const;
const channels = ['sms', 'email', 'push'] as const;

export function History({ fileId }: { fileId: string }) {
  const { t, i18n } = useTranslation('debt');
  const money = (amount: number): string => formatFcfa(amount, i18n.language);
  const payments = useQuery(paymentsQuery(fileId));
  const reminders = useQuery(remindersQuery(fileId));
  const sent = (reminders.data?.reminders ?? []).filter((r) => r.status === 'sent');
  const channelName = (c: string): string =>
    (channels as readonly string[]).includes(c) ? t(`debt:contact.channel.${c}`) : c;
  return (
    <>
      <section aria-labelledby="debt-payments-title">
        <h2 id="debt-payments-title">{t('debt:history.payments')}</h2>
        {payments.isError ? <Refusal error={payments.error} /> : null}
        {payments.data === undefined ? null : payments.data.payments.length === 0 ? (
          <p className="muted">{t('debt:history.noPayment')}</p>
        ) : (
          <ul className="debt-list" data-testid="debt-payments">
            {payments.data.payments.map((p) => (
              <li key={p.id} className="card debt-row">
                <span className="debt-row-main">{money(p.amountXof)}</span>
                <span>
                  {(methods as readonly string[]).includes(p.method) ? t(`debt:method.${p.method}`) : p.method} ·{' '}
                  {formatDateTime(p.at, i18n.language)}
                </span>
                <span className="muted">{t('debt:history.leftAfter', { amount: money(p.leftXof) })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="debt-reminders-title">
        <h2 id="debt-reminders-title">{t('debt:history.reminders')}</h2>
        {reminders.isError ? <Refusal error={reminders.error} /> : null}
        {reminders.data === undefined ? null : sent.length === 0 ? (
          <p className="muted">{t('debt:history.noReminder')}</p>
        ) : (
          <ul className="debt-list" data-testid="debt-reminders">
            {sent.map((r) => (
              <li key={r.id} className="card debt-row">
                <span className="debt-row-main">{formatDay(r.day, i18n.language)}</span>
                <span>{r.channels.map(channelName).join(', ')}</span>
                <span className="muted">{t('debt:history.stated', { amount: money(r.totalDueXof) })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
