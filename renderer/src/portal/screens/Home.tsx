/**
 * The first screen once signed in: the wallet's balance in credits and in FCFA, marked when offline,
 * and the usual actions; a professional (anyone but a client) finds their dashboard first among them.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatCredits, formatFcfa } from '../../common/format.js';
import { balanceQuery } from '../wallet.js';
import { meQuery } from './wallet/data.js';
import { OfflineMark } from './OfflineMark.js';

export function Home() {
  const { t, i18n } = useTranslation();
  const balance = useQuery(balanceQuery);
  const me = useQuery(meQuery);
  const language = i18n.language;
  const data = balance.data;
  return (
    <section aria-labelledby="home-title" className="screen">
      <h1 id="home-title">{t('home.title')}</h1>
      <div className="card balance" aria-live="polite" aria-busy={balance.isPending}>
        {data === undefined ? (
          <p>{balance.isError ? t('home.error') : t('app.loading')}</p>
        ) : (
          <>
            <p className="balance-credits" data-testid="balance-credits">
              {t('home.credits', { amount: formatCredits(data.availableCentiCredits, language) })}
            </p>
            <p className="balance-xof" data-testid="balance-xof">
              {t('home.worth', { amount: formatFcfa(data.availableXof, language) })}
            </p>
            {data.heldCentiCredits > 0 && (
              <p className="muted">{t('home.held', { amount: formatCredits(data.heldCentiCredits, language) })}</p>
            )}
            <p className="muted">{t('home.rate', { amount: formatFcfa(data.xofPerCredit, language) })}</p>
          </>
        )}
        <OfflineMark updatedAtMs={balance.dataUpdatedAt} failed={balance.isError} />
      </div>
      <div role="group" aria-label={t('home.actions')} className="home-actions">
        {me.data !== undefined && me.data.profile !== 'client' && (
          <Link to="/dashboard" className="button">
            {t('home.dashboard')}
          </Link>
        )}
        <Link to="/wallet/top-up" className="button">
          {t('home.topUp')}
        </Link>
        <Link to="/card" className="button secondary">
          {t('home.card')}
        </Link>
        <Link to="/wallet" className="button secondary">
          {t('home.wallet')}
        </Link>
        <Link to="/history" className="button secondary">
          {t('home.history')}
        </Link>
      </div>
    </section>
  );
}
