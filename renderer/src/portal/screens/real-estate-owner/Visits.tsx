/**
 * /immobilier/gestion/visites (lazy): the requests to answer ("Confirmer" / "Refuser", with how many visits the
 * visitor missed before), the confirmed visits to close ("Visite effectuée" / "Absent"), the past ones, and each
 * listing's slots with the form that adds several at once.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OfflineMark } from '../OfflineMark.js';
import { actOnVisit, agentVisitsQuery, myListingsQuery, type VisitAction } from './data.js';
import { OwnerNav } from './OwnerNav.js';
import { problemText } from './problem.js';
import { SlotsEditor } from './SlotsEditor.js';
import type { Visit } from './types.js';
import { dayAndTime, timeOf } from './when.js';
import '../../styles/real-estate-owner.css';

function VisitCard({ visit, actions }: { visit: Visit; actions: readonly VisitAction[] }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: (action: VisitAction) => actOnVisit(visit.id, action),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['real-estate'] }),
  });
  const language = i18n.language;
  return (
    <li className="card reo-visit" data-testid={`visit-${visit.id}`}>
      <h3>{visit.listingTitle}</h3>
      <p>
        {t('real-estate-owner:visits.when', {
          from: dayAndTime(visit.startsAt, language),
          to: timeOf(visit.endsAt, language),
        })}
      </p>
      <p>
        {t('real-estate-owner:visits.visitor', { name: visit.visitorName })}
        {visit.visitorNoShows > 0 ? (
          <span className="reo-warning"> {t('real-estate-owner:visits.noShows', { n: visit.visitorNoShows })}</span>
        ) : null}
      </p>
      {visit.message === null || visit.message === '' ? null : (
        <blockquote className="reo-quote">{visit.message}</blockquote>
      )}
      {actions.length === 0 ? (
        <p className="muted">{t(`real-estate-owner:visitStatus.${visit.status}`)}</p>
      ) : (
        <div className="reo-actions">
          {actions.map((a, i) => (
            <button
              key={a}
              type="button"
              className={i === 0 ? 'button' : 'button secondary'}
              disabled={act.isPending}
              onClick={() => act.mutate(a)}
            >
              {t(`real-estate-owner:visits.action.${a}`)}
            </button>
          ))}
        </div>
      )}
      {act.isError ? (
        <p className="error" role="alert">
          {problemText(t, act.error, language)}
        </p>
      ) : null}
    </li>
  );
}

function VisitList({ title, visits, actions }: { title: string; visits: Visit[]; actions: readonly VisitAction[] }) {
  const { t } = useTranslation('real-estate-owner');
  return (
    <>
      <h2>{title}</h2>
      {visits.length === 0 ? (
        <p className="muted">{t('real-estate-owner:visits.none')}</p>
      ) : (
        <ul className="reo-list">
          {visits.map((v) => (
            <VisitCard key={v.id} visit={v} actions={actions} />
          ))}
        </ul>
      )}
    </>
  );
}

export function OwnerVisits() {
  const { t, i18n } = useTranslation('real-estate-owner');
  const visits = useQuery(agentVisitsQuery);
  const listings = useQuery(myListingsQuery);
  const [chosen, setChosen] = useState<string | null>(null);
  const bookable = (listings.data ?? []).filter((l) => l.status === 'published');
  const listingId = chosen ?? bookable[0]?.id ?? null;
  const all = visits.data ?? [];
  const by = (...statuses: Visit['status'][]) => all.filter((v) => statuses.includes(v.status));
  return (
    <section aria-labelledby="reo-visits-title" className="screen reo">
      <h1 id="reo-visits-title">{t('real-estate-owner:visits.title')}</h1>
      <OwnerNav />
      <OfflineMark updatedAtMs={visits.dataUpdatedAt} failed={visits.isError} />
      {visits.data === undefined ? (
        <p>{visits.isError ? problemText(t, visits.error, i18n.language) : t('app.loading')}</p>
      ) : (
        <div data-testid="visits">
          <VisitList
            title={t('real-estate-owner:visits.requested')}
            visits={by('requested')}
            actions={['confirm', 'decline']}
          />
          <VisitList
            title={t('real-estate-owner:visits.confirmed')}
            visits={by('confirmed')}
            actions={['done', 'no-show']}
          />
          <details className="reo-past">
            <summary>{t('real-estate-owner:visits.past')}</summary>
            <ul className="reo-list">
              {by('done', 'no_show', 'declined', 'cancelled').map((v) => (
                <VisitCard key={v.id} visit={v} actions={[]} />
              ))}
            </ul>
          </details>
        </div>
      )}
      <h2>{t('real-estate-owner:slots.title')}</h2>
      {listings.data === undefined ? (
        <p>{listings.isError ? problemText(t, listings.error, i18n.language) : t('app.loading')}</p>
      ) : bookable.length === 0 || listingId === null ? (
        <p className="muted">{t('real-estate-owner:slots.noListing')}</p>
      ) : (
        <>
          <label htmlFor="reo-slots-listing">{t('real-estate-owner:slots.listing')}</label>
          <select id="reo-slots-listing" value={listingId} onChange={(e) => setChosen(e.target.value)}>
            {bookable.map((l) => (
              <option key={l.id} value={l.id}>
                {l.title}
              </option>
            ))}
          </select>
          <SlotsEditor key={listingId} listingId={listingId} />
        </>
      )}
    </section>
  );
}
