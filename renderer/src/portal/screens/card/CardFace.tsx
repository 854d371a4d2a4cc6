/**
 * The card as printed (cloud/src/modules/cards/render: ID-1 proportions, the dark blue band,
 * the photo or initials on the left, names, role, status, the ISMAIL ID and the dates). Always
 * white like the plastic card, in both themes. The QR is shown large below it, not on it: a
 * phone screen at this width would draw its modules too small to scan.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { cardPhotoQuery, type MyCard } from './card-queries.js';

export function CardFace({ card }: { readonly card: MyCard }) {
  const { t, i18n } = useTranslation('card');
  const photo = useQuery({ ...cardPhotoQuery, enabled: card.hasPhoto });
  const name = `${card.firstName} ${card.lastName}`;
  // Day first in both languages, as the printed card writes it.
  const day = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'fr-FR', {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(new Date(iso));
  const language = i18n.language === 'en' ? 'en' : 'fr';
  return (
    <figure className="card-face" aria-label={t('card:face.label', { name })} data-testid="card-face">
      <div className="card-face-band">
        <span className="card-face-brand">{t('app.name')}</span>
        <span className="card-face-title">{t('card:face.header')}</span>
      </div>
      <div className="card-face-body">
        {photo.data !== undefined ? (
          <img className="card-face-photo" src={photo.data} alt={t('card:face.photo', { name })} />
        ) : (
          <span className="card-face-photo card-face-initials" aria-hidden="true">
            {`${card.firstName.charAt(0)}${card.lastName.charAt(0)}`.toUpperCase()}
          </span>
        )}
        <div className="card-face-text">
          <p className="card-face-first">{card.firstName}</p>
          <p className="card-face-last">{card.lastName.toUpperCase()}</p>
          <p className="card-face-role">{card.roleLabel[language]}</p>
          <p className={`card-face-status status-${card.state}`}>{t(`card:face.states.${card.state}`)}</p>
        </div>
      </div>
      <div className="card-face-footer">
        <p className="card-face-label">{t('card:face.idLabel')}</p>
        <p className="card-face-id" data-testid="card-ismail-id">
          {card.ismailId}
        </p>
        <p className="card-face-date">{t('card:face.issued', { date: day(card.issuedAt) })}</p>
        <p className="card-face-date">{t('card:face.expires', { date: day(card.expiresAt) })}</p>
      </div>
    </figure>
  );
}
