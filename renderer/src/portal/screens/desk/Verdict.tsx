/** The verdict of a desk check, big and clear: valid or refused with the reason, then who the holder is. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { holderPhotoQuery, type DeskCheck } from './data.js';

function Photo({ ismailId, name }: { ismailId: string; name: string }) {
  const { t } = useTranslation('desk');
  const photo = useQuery(holderPhotoQuery(ismailId));
  if (photo.data === undefined)
    return <div className="desk-photo desk-no-photo">{photo.isPending ? t('desk:verdict.photoLoading') : '—'}</div>;
  return <img className="desk-photo" src={photo.data} alt={t('desk:verdict.photoOf', { name })} />;
}

export function Verdict({ check }: { check: DeskCheck }) {
  const { t, i18n } = useTranslation('desk');
  const valid = check.outcome === 'valid';
  const english = i18n.language.startsWith('en');
  const holder = check.holder;
  const name = holder === null ? '' : `${holder.firstName} ${holder.lastName}`;
  return (
    <section className={`card desk-verdict ${valid ? 'valid' : 'refused'}`} aria-live="polite" data-testid="verdict">
      <p className="desk-outcome">
        <span aria-hidden>{valid ? '✓' : '✕'}</span> {valid ? t('desk:verdict.valid') : t('desk:verdict.refused')}
      </p>
      {check.message !== null && (
        <p className="desk-reason" data-testid="verdict-reason">
          {english ? check.message.en : check.message.fr}
        </p>
      )}
      {holder !== null && (
        <div className="desk-holder">
          {holder.hasPhoto ? (
            <Photo ismailId={holder.ismailId} name={name} />
          ) : (
            <div className="desk-photo desk-no-photo">{t('desk:verdict.noPhoto')}</div>
          )}
          <dl>
            <dt>{t('desk:verdict.name')}</dt>
            <dd>{name}</dd>
            <dt>{t('desk:verdict.ismailId')}</dt>
            <dd className="desk-id">{holder.ismailId}</dd>
            <dt>{t('desk:verdict.role')}</dt>
            <dd>{english ? holder.roleLabel.en : holder.roleLabel.fr}</dd>
            <dt>{t('desk:verdict.accountStatus')}</dt>
            <dd>{t(`desk:status.${holder.accountStatus}`, { defaultValue: holder.accountStatus })}</dd>
            {check.card !== null && (
              <>
                <dt>{t('desk:verdict.card')}</dt>
                <dd>
                  {t(`desk:status.${check.card.state}`, { defaultValue: check.card.state })} ·{' '}
                  {t('desk:verdict.until', { date: formatDateTime(check.card.expiresAt, i18n.language) })}
                </dd>
              </>
            )}
          </dl>
        </div>
      )}
      <p className="muted hint">
        {t('desk:verdict.checkedAt', { at: formatDateTime(check.checkedAt, i18n.language) })}
      </p>
    </section>
  );
}
