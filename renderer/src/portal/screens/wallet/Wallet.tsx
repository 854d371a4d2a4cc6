/** The wallet: balance in credits and FCFA, my ISMAIL ID (to be paid), and what I can do (lazy-loaded route). */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatCredits, formatFcfa } from '../../../common/format.js';
import { balanceQuery } from '../../wallet.js';
import { OfflineMark } from '../OfflineMark.js';
import { meQuery } from './data.js';
import '../../styles/wallet.css';

export function Wallet() {
  const { t, i18n } = useTranslation('wallet');
  const balance = useQuery(balanceQuery);
  const me = useQuery(meQuery);
  const language = i18n.language;
  const data = balance.data;
  return (
    <section aria-labelledby="wallet-title" className="screen">
      <h1 id="wallet-title">{t('wallet:home.title')}</h1>
      <div className="card balance" aria-live="polite" aria-busy={balance.isPending}>
        {data === undefined ? (
          <p>{balance.isError ? t('home.error') : t('app.loading')}</p>
        ) : (
          <>
            <p className="balance-credits" data-testid="wallet-credits">
              {t('home.credits', { amount: formatCredits(data.availableCentiCredits, language) })}
            </p>
            <p className="balance-xof">{t('home.worth', { amount: formatFcfa(data.availableXof, language) })}</p>
            {data.heldCentiCredits > 0 && (
              <p className="muted">{t('home.held', { amount: formatCredits(data.heldCentiCredits, language) })}</p>
            )}
          </>
        )}
        <OfflineMark updatedAtMs={balance.dataUpdatedAt} failed={balance.isError} />
      </div>
      {me.data?.ismailId != null && (
        <p className="my-id" data-testid="my-ismail-id">
          {t('wallet:home.myId')} <strong className="nowrap">{me.data.ismailId}</strong>
        </p>
      )}
      <nav aria-label={t('wallet:home.title')} className="wallet-actions">
        <Link to="/wallet/top-up" className="button">
          {t('wallet:home.topUp')}
        </Link>
        <Link to="/wallet/transfer" className="button">
          {t('wallet:home.transfer')}
        </Link>
        <Link to="/history" className="button secondary">
          {t('wallet:home.history')}
        </Link>
        {me.data?.profile === 'sales_rep' && (
          <Link to="/wallet/withdrawals" className="button secondary">
            {t('wallet:home.withdrawals')}
          </Link>
        )}
      </nav>
    </section>
  );
}
