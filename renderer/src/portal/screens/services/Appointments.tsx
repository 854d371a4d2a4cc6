/**
 * My appointments (lazy): as client ("Mes rendez-vous"), and as provider ("Mes interventions") when the caller is
 * one; the tab is in the address. Each opens the appointment's detail, shared by both sides.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { appointmentsQuery, myProviderQuery } from './data.js';
import './services.css';

export function Appointments() {
  const { t, i18n } = useTranslation('services');
  const language = i18n.language;
  const { role: asked } = useSearch({ from: '/services/appointments' });
  const provider = useQuery(myProviderQuery);
  const isProvider = provider.data !== null && provider.data !== undefined;
  const role = asked === 'provider' && isProvider ? 'provider' : 'client';
  const appointments = useQuery(appointmentsQuery(role));
  const list = appointments.data?.appointments;
  return (
    <section aria-labelledby="appointments-title" className="screen services">
      <h1 id="appointments-title">{t('services:appointments.title')}</h1>
      {isProvider ? (
        <nav className="services-tabs" aria-label={t('services:appointments.tabs')}>
          <Link
            to="/services/appointments"
            search={{}}
            activeOptions={{ exact: true, includeSearch: true }}
            aria-current={role === 'client' ? 'page' : undefined}
          >
            {t('services:appointments.client')}
          </Link>
          <Link
            to="/services/appointments"
            search={{ role: 'provider' }}
            activeOptions={{ exact: true, includeSearch: true }}
            aria-current={role === 'provider' ? 'page' : undefined}
          >
            {t('services:appointments.provider')}
          </Link>
        </nav>
      ) : null}
      <OfflineMark updatedAtMs={appointments.dataUpdatedAt} failed={appointments.isError} />
      {list === undefined ? (
        <p>{appointments.isError ? t('services:appointments.error') : t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('services:appointments.empty')}</p>
      ) : (
        <ul className="provider-list" data-testid="appointments">
          {list.map((a) => (
            <li key={a.id} className="card">
              <Link
                to="/services/appointments/$appointmentId"
                params={{ appointmentId: a.id }}
                className="provider-name"
              >
                {a.title}
              </Link>
              <p className="muted">
                {t('services:appointments.with', {
                  name: role === 'client' ? a.providerName : a.clientName,
                  when: formatDateTime(a.startsAt, language),
                })}
              </p>
              <p>
                <span className={`status status-${a.status}`}>{t(`services:status.${a.status}`)}</span>{' '}
                <span className="price">{formatFcfa(a.amountXof, language)}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
