/**
 * The card desk's verdict on the last card checked: the face, name, role and status of a valid
 * card, or the refusal with its reason; under either, the age of the revocation list the hub
 * checked against (a warning when it is old).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubCardCheck } from '@ismail/shared';
import { formatAge, formatDateTime } from '../../common/format.js';
import { useHub } from '../hub-context.js';

type ValidCard = Extract<HubCardCheck, { ok: true }>;

/** The face the checked card names, as an object URL while shown (null without one, or before it comes). */
function useCardPhoto(check: HubCardCheck): string | null {
  const hub = useHub();
  const [photoUrl, setPhotoUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!check.ok || !check.photo) {
      setPhotoUrl(null);
      return undefined;
    }
    let url: string | null = null;
    void hub.client.cardPhoto(check.cardId).then((u) => {
      url = u;
      setPhotoUrl(u);
    });
    return () => {
      if (url !== null) URL.revokeObjectURL(url);
    };
  }, [check, hub.client]);
  return photoUrl;
}

function ValidCardView({ check, photoUrl }: { readonly check: ValidCard; readonly photoUrl: string | null }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {photoUrl === null ? (
        <div className="photo-missing">{t('cards.noPhoto')}</div>
      ) : (
        <img className="photo" src={photoUrl} alt={t('cards.photoOf', { name: check.name })} data-testid="card-photo" />
      )}
      <div>
        <p className="verdict ok">{t('cards.valid')}</p>
        <p className="name">{check.name}</p>
        <p>
          {t('cards.role')} : <strong data-testid="card-role">{t(`profiles.${check.profile}`)}</strong>
        </p>
        <p>
          {t('cards.ismailId')} : {check.ismailId}
        </p>
        <p>
          {t('cards.status')} : {t(`cardStatus.${check.status}`)}
        </p>
        <p>{t('cards.expires', { date: formatDateTime(check.expiresAt, i18n.language) })}</p>
      </div>
    </>
  );
}

export function CardResult({ check }: { readonly check: HubCardCheck }) {
  const { t, i18n } = useTranslation();
  const photoUrl = useCardPhoto(check);
  return (
    <div
      className={`panel card-result ${check.ok ? 'card-valid' : 'card-refused'}`}
      role="status"
      data-testid="card-result"
    >
      {check.ok ? (
        <ValidCardView check={check} photoUrl={photoUrl} />
      ) : (
        <div>
          <p className="verdict refused">{t('cards.refused')}</p>
          <p className="reason" data-testid="card-reason">
            {t(`cardRefusal.${check.reason}`)}
          </p>
        </div>
      )}
      <p className={check.stale ? 'notice notice-error' : 'hint'}>
        {check.revocationListAgeS === null
          ? t('cards.noList')
          : t(check.stale ? 'cards.listStale' : 'cards.listAge', {
              age: formatAge(check.revocationListAgeS, i18n.language),
            })}
      </p>
    </div>
  );
}
