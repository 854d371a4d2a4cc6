/**
 * /provider/profile (lazy): a partner creates its provider profile, then sets its hours and exceptions, its offers
 * and its portfolio on the same page, and opens what clients see ("Voir mon profil public"). Partners only: the
 * cloud refuses others, and the screen says so instead of showing a form that cannot be saved.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { OfflineMark } from '../OfflineMark.js';
import { Availability } from './Availability.js';
import { myProfileQuery } from './data.js';
import { Offers } from './Offers.js';
import { Portfolio } from './Portfolio.js';
import { ProfileForm } from './ProfileForm.js';
import { problemText } from './problem.js';
import '../../styles/provider.css';

export function ProviderProfile() {
  const { t, i18n } = useTranslation('provider');
  const profile = useQuery(myProfileQuery);
  const data = profile.data;
  // A first save creates the profile: the form in the profile's layout is a new one, told it was saved.
  const [created, setCreated] = useState(false);
  return (
    <section aria-labelledby="provider-profile-title" className="screen provider">
      <h1 id="provider-profile-title">{t('provider:profile.title')}</h1>
      <OfflineMark updatedAtMs={profile.dataUpdatedAt} failed={profile.isError} />
      {data === undefined ? (
        <p role={profile.isError ? 'alert' : undefined}>
          {profile.isError
            ? profile.error instanceof ApiError && profile.error.status === 403
              ? t('provider:profile.partnersOnly')
              : problemText(t, profile.error, i18n.language)
            : t('app.loading')}
        </p>
      ) : data === null ? (
        <>
          <p>{t('provider:profile.intro')}</p>
          <ProfileForm profile={null} onSaved={() => setCreated(true)} />
        </>
      ) : (
        <>
          <p className="provider-actions">
            <Link to="/services/providers/$providerId" params={{ providerId: data.id }} className="button secondary">
              {t('provider:profile.public')}
            </Link>
          </p>
          <div className="provider-columns">
            <ProfileForm profile={data} savedBefore={created} />
            <div className="provider-stack">
              <Availability profile={data} />
              <Offers profile={data} />
              <Portfolio profile={data} />
            </div>
          </div>
        </>
      )}
    </section>
  );
}
