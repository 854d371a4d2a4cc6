/**
 * A file's whole history, oldest first as it happened: its events (opening, payments, status changes, notes…), each
 * reminder with every attempt's channel and delivery status, the payments with their split between fees and
 * principal, and the promises, plans, disputes and tasks (a formal notice's PDF to download).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { paymentsQuery, remindersQuery } from './data.js';
import { Download } from './Download.js';
import type { DebtEvent, Lifecycle } from './types.js';
import { longDay } from './when.js';

const eventKinds = [
  'opened',
  'payment',
  'status',
  'note',
  'reminder',
  'promise',
  'plan',
  'dispute',
  'task',
  'assigned',
  'import',
] as const;

/** An instant as written; a payment dated by its day only (midnight UTC) without its meaningless 00:00. */
function when(iso: string, language: string): string {
  return iso.slice(11, 19) === '00:00:00' ? longDay(iso, language) : formatDateTime(iso, language);
}

function EventLine({ event }: { event: DebtEvent }) {
  const { t, i18n } = useTranslation('debt-creditor');
  const lang = i18n.language;
  const kind = (eventKinds as readonly string[]).includes(event.kind) ? event.kind : 'other';
  const to = event.detail.to;
  const text = event.detail.text;
  return (
    <li>
      <span className="muted">{when(event.at, lang)}</span> {t(`debt-creditor:event.${kind}`)}
      {event.amountXof === null ? null : <strong> {formatFcfa(event.amountXof, lang)}</strong>}
      {typeof to === 'string' ? <> → {t(`debt-creditor:status.${to}`, { defaultValue: to })}</> : null}
      {typeof text === 'string' ? <q className="dc-note">{text}</q> : null}
    </li>
  );
}

export function History({
  fileId,
  events,
  lifecycle,
}: {
  fileId: string;
  events: DebtEvent[];
  lifecycle: Lifecycle | undefined;
}) {
  const { t, i18n } = useTranslation('debt-creditor');
  const lang = i18n.language;
  const payments = useQuery(paymentsQuery(fileId));
  const reminders = useQuery(remindersQuery(fileId));
  const letters = (lifecycle?.tasks ?? []).filter((task) => task.kind === 'letter');
  return (
    <div className="dc-history">
      <h2>{t('debt-creditor:history.title')}</h2>
      <ol className="dc-events" data-testid="events">
        {events.map((e, i) => (
          <EventLine key={`${e.at}-${i}`} event={e} />
        ))}
      </ol>
      <h3>{t('debt-creditor:history.payments')}</h3>
      {(payments.data ?? []).length === 0 ? (
        <p className="muted">{t('debt-creditor:history.noPayments')}</p>
      ) : (
        <ul className="dc-events" data-testid="payments">
          {(payments.data ?? []).map((p) => (
            <li key={p.id}>
              <span className="muted">{when(p.at, lang)}</span> <strong>{formatFcfa(p.amountXof, lang)}</strong>{' '}
              {t(`debt-creditor:method.${p.method}`)}
              {p.reference ? ` · ${p.reference}` : ''}
              <br />
              <span className="muted">
                {t('debt-creditor:history.split', {
                  fees: formatFcfa(p.feesPartXof, lang),
                  principal: formatFcfa(p.principalPartXof, lang),
                  left: formatFcfa(p.leftXof, lang),
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('debt-creditor:history.reminders')}</h3>
      {(reminders.data ?? []).length === 0 ? (
        <p className="muted">{t('debt-creditor:history.noReminders')}</p>
      ) : (
        <ul className="dc-events" data-testid="reminders">
          {(reminders.data ?? []).map((r) => (
            <li key={r.id}>
              {longDay(r.day, lang)} · {formatFcfa(r.totalDueXof, lang)} ·{' '}
              {t(`debt-creditor:reminder.${r.status}`, { defaultValue: r.status })}
              <ul>
                {r.attempts.map((a, i) => (
                  <li key={`${a.at}-${i}`}>
                    {t(`debt-creditor:channel.${a.channel}`, { defaultValue: a.channel })} {a.destinationMasked ?? ''} ·{' '}
                    {t(`debt-creditor:delivery.${a.status}`, { defaultValue: a.status })} ·{' '}
                    <span className="muted">{formatDateTime(a.at, lang)}</span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {lifecycle === undefined ||
      lifecycle.promises.length + lifecycle.plans.length + lifecycle.disputes.length + letters.length === 0 ? null : (
        <>
          <h3>{t('debt-creditor:history.agreements')}</h3>
          <ul className="dc-events">
            {lifecycle.promises.map((p) => (
              <li key={p.id}>
                {t('debt-creditor:history.promise', {
                  amount: formatFcfa(p.amountXof, lang),
                  day: longDay(p.promisedOn, lang),
                })}{' '}
                · {t(`debt-creditor:promiseStatus.${p.status}`)}
              </li>
            ))}
            {lifecycle.plans.map((p) => (
              <li key={p.id}>
                {t('debt-creditor:history.plan', { count: p.instalments.length })} ·{' '}
                {t(`debt-creditor:planStatus.${p.status}`, { defaultValue: p.status })}
                <ul>
                  {p.instalments.map((i) => (
                    <li key={i.seq}>
                      {longDay(i.dueOn, lang)} · {formatFcfa(i.amountXof, lang)} ·{' '}
                      {t('debt-creditor:history.covered', { amount: formatFcfa(i.coveredXof, lang) })}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
            {lifecycle.disputes.map((d) => (
              <li key={d.id}>
                {t('debt-creditor:history.dispute', { reason: d.reason })} ·{' '}
                {t(`debt-creditor:disputeStatus.${d.status}`, { defaultValue: d.status })}
                {d.resolution ? ` · ${d.resolution}` : ''}
              </li>
            ))}
          </ul>
          {letters.length === 0 ? null : (
            <p className="dc-actions">
              {letters.map((task) => (
                <Download
                  key={task.id}
                  path={`/v1/debt-files/${encodeURIComponent(fileId)}/letters/${encodeURIComponent(task.id)}`}
                  fileName={`mise-en-demeure-${task.dueOn}.pdf`}
                  label={t('debt-creditor:history.letter', { day: longDay(task.dueOn, lang) })}
                />
              ))}
            </p>
          )}
        </>
      )}
    </div>
  );
}
