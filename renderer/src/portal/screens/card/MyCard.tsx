/**
 * My card: the card as printed, the dynamic QR to show at a counter, downloads, and who checked
 * it. Offline, the last card shows from this device's copy, marked offline, with the printed
 * card's code once the dynamic one has ended.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import '../../styles/card.css';
import { OfflineMark } from '../OfflineMark.js';
import { CardFace } from './CardFace.js';
import { myCardQuery } from './card-queries.js';
import { Downloads } from './Downloads.js';
import { DynamicQr } from './DynamicQr.js';
import { Verifications } from './Verifications.js';

export function MyCard() {
  const { t } = useTranslation('card');
  const card = useQuery(myCardQuery);
  const data = card.data;
  const none = data === undefined && (card.error as { status?: number } | null)?.status === 404;
  return (
    <section aria-labelledby="card-title" className="screen my-card">
      <h1 id="card-title">{t('card:title')}</h1>
      {data !== undefined ? (
        <>
          <CardFace card={data} />
          <OfflineMark updatedAtMs={card.dataUpdatedAt} failed={card.isError} />
          <DynamicQr card={data} />
          <Downloads ismailId={data.ismailId} />
          <Verifications />
        </>
      ) : none ? (
        <div className="card">
          <p>{t('card:none')}</p>
          <Link to="/kyc" className="button">
            {t('card:seeKyc')}
          </Link>
        </div>
      ) : (
        <p className={card.isError ? 'error' : undefined}>{card.isError ? t('card:error') : t('app.loading')}</p>
      )}
    </section>
  );
}
