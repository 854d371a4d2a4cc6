/**
 * /immobilier/gestion/annonces/nouvelle and /immobilier/gestion/annonces/$listingId (lazy): a new listing's form, or
 * an existing one's state, publication, photos and form.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { myListingQuery } from './data.js';
import { ListingForm } from './ListingForm.js';
import { Photos } from './Photos.js';
import { problemText } from './problem.js';
import { Publication } from './Publication.js';
import { StatusChip } from './StatusChip.js';
import '../../styles/real-estate-owner.css';

export function NewListing() {
  const { t } = useTranslation('real-estate-owner');
  return (
    <section aria-labelledby="reo-new-title" className="screen reo">
      <p>
        <Link to="/immobilier/gestion">{t('real-estate-owner:listing.back')}</Link>
      </p>
      <h1 id="reo-new-title">{t('real-estate-owner:listing.newTitle')}</h1>
      <p className="muted">{t('real-estate-owner:listing.newHint')}</p>
      <ListingForm listing={null} />
    </section>
  );
}

export function ListingPage() {
  const { t, i18n } = useTranslation('real-estate-owner');
  const { listingId } = useParams({ from: '/immobilier/gestion/annonces/$listingId' });
  const listing = useQuery(myListingQuery(listingId));
  const data = listing.data;
  return (
    <section aria-labelledby="reo-listing-title" className="screen reo">
      <p>
        <Link to="/immobilier/gestion">{t('real-estate-owner:listing.back')}</Link>
      </p>
      <h1 id="reo-listing-title">{data?.title ?? t('real-estate-owner:listing.title')}</h1>
      {data === undefined ? (
        <p>{listing.isError ? problemText(t, listing.error, i18n.language) : t('app.loading')}</p>
      ) : (
        <div className="reo-columns">
          <div>
            <StatusChip status={data.status} />
            <Publication listing={data} />
            <Photos listing={data} />
          </div>
          <div>
            <h2>{t('real-estate-owner:listing.details')}</h2>
            <ListingForm key={data.id} listing={data} />
          </div>
        </div>
      )}
    </section>
  );
}
