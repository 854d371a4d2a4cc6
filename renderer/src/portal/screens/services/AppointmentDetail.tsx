/**
 * An appointment (lazy), for the client and for the provider alike: its status timeline, amount, the invoice once
 * completed, the dispute if any, and the actions the reader may take at this status (actions.tsx).
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { AppointmentActions } from './AppointmentActions.js';
import { DisputePanel } from './DisputePanel.js';
import { appointmentQuery, myProviderQuery } from './data.js';
import type { Appointment, AppointmentStatus } from './types.js';
import './services.css';

/** The steps shown in order, each with when it happened (null: not yet). */
function timeline(a: Appointment): { step: AppointmentStatus; at: string | null }[] {
  const steps = [
    { step: 'booked' as AppointmentStatus, at: a.startsAt },
    { step: 'done' as AppointmentStatus, at: a.doneAt },
  ];
  if (a.dispute !== null) steps.push({ step: 'disputed', at: a.dispute.decidedAt ?? a.doneAt });
  if (a.status === 'cancelled' || a.status === 'no_show') steps.push({ step: a.status, at: a.completedAt });
  else steps.push({ step: 'completed', at: a.completedAt });
  return steps;
}

export function AppointmentDetail() {
  const { t, i18n } = useTranslation('services');
  const language = i18n.language;
  const { appointmentId } = useParams({ from: '/services/appointments/$appointmentId' });
  const appointment = useQuery(appointmentQuery(appointmentId));
  const provider = useQuery(myProviderQuery);
  const a = appointment.data;
  const role = a !== undefined && provider.data?.id === a.providerId ? 'provider' : 'client';
  return (
    <section aria-labelledby="appointment-title" className="screen services">
      <h1 id="appointment-title">{a?.title ?? t('services:appointment.title')}</h1>
      <OfflineMark updatedAtMs={appointment.dataUpdatedAt} failed={appointment.isError} />
      {a === undefined ? (
        <p>{appointment.isError ? t('services:appointment.error') : t('app.loading')}</p>
      ) : (
        <>
          <div className="card">
            <p>
              {role === 'client'
                ? t('services:appointment.provider', { name: a.providerName })
                : t('services:appointment.client', { name: a.clientName })}
            </p>
            <p>
              {t('services:appointment.when', {
                from: formatDateTime(a.startsAt, language),
                to: formatDateTime(a.endsAt, language),
              })}
            </p>
            <p className="price big" data-testid="appointment-amount">
              {formatFcfa(a.amountXof, language)}
            </p>
            <p>
              <span className={`status status-${a.status}`} data-testid="appointment-status">
                {t(`services:status.${a.status}`)}
              </span>
            </p>
            {a.status === 'done' && a.releaseAfter !== null && a.dispute === null ? (
              <p className="notice">
                {t('services:appointment.releaseOn', { date: formatDateTime(a.releaseAfter, language) })}
              </p>
            ) : null}
            {a.refundedXof === null || a.refundedXof === 0 ? null : (
              <p>{t('services:appointment.refunded', { amount: formatFcfa(a.refundedXof, language) })}</p>
            )}
            {a.invoiceId === null ? null : (
              <Link to="/invoices/$invoiceId" params={{ invoiceId: a.invoiceId }}>
                {t('services:appointment.invoice')}
              </Link>
            )}
          </div>
          <h2>{t('services:appointment.timeline')}</h2>
          <ol className="timeline">
            {timeline(a).map((step) => (
              <li key={step.step} className={step.at === null ? 'pending' : 'reached'}>
                <span>{t(`services:status.${step.step}`)}</span>
                {step.at === null ? (
                  <span className="muted"> {t('services:appointment.notYet')}</span>
                ) : (
                  <span className="muted"> {formatDateTime(step.at, language)}</span>
                )}
              </li>
            ))}
          </ol>
          {a.dispute === null ? null : <DisputePanel appointment={a} role={role} />}
          <AppointmentActions appointment={a} role={role} />
          {a.requestId === null || role !== 'client' ? null : (
            <Link to="/services/requests/$requestId" params={{ requestId: a.requestId }}>
              {t('services:appointment.request')}
            </Link>
          )}
        </>
      )}
    </section>
  );
}
