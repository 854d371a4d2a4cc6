/**
 * /provider/appointments (lazy): my appointments, upcoming first (soonest on top) then past ones (latest on top),
 * each with its client, time, amount and status, linking to the appointment's page shared with the client (done,
 * cancel, dispute happen there).
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { myAppointmentsQuery } from './data.js';
import { problemText } from './problem.js';
import type { Appointment } from './types.js';
import '../../styles/provider.css';

function List({ id, title, list }: { id: string; title: string; list: readonly Appointment[] }) {
  const { t, i18n } = useTranslation('provider');
  const language = i18n.language;
  return (
    <section className="provider-block" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {list.length === 0 ? (
        <p className="muted">{t('provider:appointments.none')}</p>
      ) : (
        <ul className="provider-list" data-testid={id}>
          {list.map((a) => (
            <li key={a.id} className="card">
              <p className="provider-line">
                <Link to="/services/appointments/$appointmentId" params={{ appointmentId: a.id }}>
                  {a.title}
                </Link>
                <span className={`provider-status provider-status-${a.status}`}>
                  {t(`provider:appointmentStatus.${a.status}`)}
                </span>
              </p>
              <p>
                {a.clientName} · <strong className="price">{formatFcfa(a.amountXof, language)}</strong>
              </p>
              <p className="muted">{formatDateTime(a.startsAt, language)}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Appointments() {
  const { t, i18n } = useTranslation('provider');
  const appointments = useQuery(myAppointmentsQuery);
  const list = appointments.data;
  // The time the list was read: re-sorting on each render would move cards under the reader's finger.
  const now = appointments.dataUpdatedAt;
  const upcoming = (list ?? [])
    .filter((a) => Date.parse(a.endsAt) >= now && a.status === 'booked')
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const past = (list ?? []).filter((a) => !upcoming.includes(a)).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  return (
    <section aria-labelledby="appointments-title" className="screen provider">
      <h1 id="appointments-title">{t('provider:appointments.title')}</h1>
      <OfflineMark updatedAtMs={appointments.dataUpdatedAt} failed={appointments.isError} />
      {list === undefined ? (
        <p>{appointments.isError ? problemText(t, appointments.error, i18n.language) : t('app.loading')}</p>
      ) : (
        <div className="provider-columns">
          <List id="appointments-upcoming" title={t('provider:appointments.upcoming')} list={upcoming} />
          <List id="appointments-past" title={t('provider:appointments.past')} list={past} />
        </div>
      )}
    </section>
  );
}
