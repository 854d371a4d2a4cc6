/** My visits as a candidate (lazy): each listing, its day and hours, its status, and cancel while it is still ahead. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { OfflineMark } from '../OfflineMark.js';
import { formatDay, formatHour } from '../services/format.js';
import { Refusal } from './Refusal.js';
import { cancelVisit, visitsQuery } from './data.js';
import type { Visit } from './types.js';
import '../../styles/real-estate.css';

const cancellable = (visit: Visit): boolean =>
  (visit.status === 'requested' || visit.status === 'confirmed') && Date.parse(visit.startsAt) > Date.now();

function VisitItem({ visit }: { visit: Visit }) {
  const { t, i18n } = useTranslation('real-estate');
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => cancelVisit(visit.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['real-estate', 'visits'] }),
  });
  return (
    <li className="card re-visit" data-testid="visit">
      <Link to="/immobilier/annonces/$listingId" params={{ listingId: visit.listingId }} className="re-card-title">
        {visit.listingTitle}
      </Link>
      <span>
        {t('real-estate:visits.when', {
          day: formatDay(visit.startsAt, i18n.language),
          from: formatHour(visit.startsAt, i18n.language),
          to: formatHour(visit.endsAt, i18n.language),
        })}
      </span>
      <span className="muted">{t('real-estate:visits.with', { name: visit.agentName, commune: visit.commune })}</span>
      <span className={`re-status re-status-${visit.status}`}>{t(`real-estate:visitStatus.${visit.status}`)}</span>
      {cancellable(visit) ? (
        <button
          type="button"
          className="button secondary"
          disabled={cancel.isPending}
          onClick={() => cancel.mutate()}
          aria-label={t('real-estate:visits.cancelNamed', { title: visit.listingTitle })}
        >
          {t('real-estate:visits.cancel')}
        </button>
      ) : null}
      <Refusal error={cancel.error} />
    </li>
  );
}

export function Visits() {
  const { t } = useTranslation('real-estate');
  const visits = useQuery(visitsQuery);
  const list = visits.data?.visits ?? [];
  return (
    <section aria-labelledby="re-visits-title" className="screen real-estate">
      <h1 id="re-visits-title">{t('real-estate:visits.title')}</h1>
      <p className="re-links">
        <Link to="/immobilier">{t('real-estate:search.title')}</Link>
        <Link to="/immobilier/baux">{t('real-estate:leases.title')}</Link>
      </p>
      <OfflineMark updatedAtMs={visits.dataUpdatedAt} failed={visits.isError} />
      {visits.data === undefined ? (
        visits.isError ? (
          <Refusal error={visits.error} />
        ) : (
          <p>{t('app.loading')}</p>
        )
      ) : list.length === 0 ? (
        <p>{t('real-estate:visits.empty')}</p>
      ) : (
        <ul className="re-list" data-testid="visits">
          {list.map((v) => (
            <VisitItem key={v.id} visit={v} />
          ))}
        </ul>
      )}
    </section>
  );
}
