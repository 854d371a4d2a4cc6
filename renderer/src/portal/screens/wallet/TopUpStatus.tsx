/**
 * Where a top-up is followed until the provider has answered: the payer comes back here from Wave's or Orange
 * Money's page (the top-up's id stayed on this phone) or waits here while approving MTN MoMo on their phone. The
 * status and the credits shown are the cloud's, never the return address's word (lazy-loaded route).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCredits, formatFcfa } from '../../../common/format.js';
import { forgetTopUp, rememberedTopUp, topUpQuery } from './data.js';
import '../../styles/wallet.css';

const route = getRouteApi('/wallet/top-up/return');

function Progress({ paymentId }: { paymentId: string }) {
  const { t, i18n } = useTranslation('wallet');
  const search = route.useSearch();
  const queryClient = useQueryClient();
  const topUp = useQuery(topUpQuery(paymentId));
  const language = i18n.language;
  const status = topUp.data?.status;
  useEffect(() => {
    if (status === undefined || status === 'pending') return;
    forgetTopUp();
    // The balance and history now hold the credits: read them again.
    void queryClient.invalidateQueries({ queryKey: ['wallet'], refetchType: 'active' });
  }, [status, queryClient]);
  const data = topUp.data;
  if (data === undefined) return <p>{topUp.isError ? t('wallet:errors.network') : t('app.loading')}</p>;
  const provider = t(`wallet:topUp.providers.${data.provider}`, { defaultValue: data.provider });
  return (
    <div className="card top-up-status" role="status" aria-live="polite" data-testid="top-up-status">
      {data.status === 'pending' && (
        <>
          <p className="spinner-line">
            <span className="spinner" aria-hidden="true" />
            {data.provider === 'momo' ? t('wallet:status.pendingMomo') : t('wallet:status.pending')}
          </p>
          {data.provider !== 'momo' && data.redirectUrl !== null && search.outcome === undefined && (
            // Not back from the provider's page yet (a reload on the way, a retried start): the way there.
            <a href={data.redirectUrl} className="button">
              {t('wallet:status.payOn', { provider })}
            </a>
          )}
          {search.outcome !== undefined && search.outcome !== 'success' && (
            <p className="muted">{t('wallet:status.cancelled')}</p>
          )}
        </>
      )}
      {data.status === 'succeeded' && (
        <>
          <p className="credited" data-testid="top-up-credited">
            {t('wallet:status.succeeded', { credits: formatCredits(data.centiCredits, language) })}
          </p>
          <p>{t('wallet:status.paid', { amount: formatFcfa(data.amountXof, language), provider })}</p>
        </>
      )}
      {data.status === 'failed' && (
        <p className="error" data-testid="top-up-failed">
          {t('wallet:status.failed')}
        </p>
      )}
    </div>
  );
}

export function TopUpStatus() {
  const { t } = useTranslation('wallet');
  const search = route.useSearch();
  // Read once: the remembered id is forgotten when the top-up settles, and the screen keeps showing it.
  const [paymentId] = useState(() => search.paymentId ?? rememberedTopUp());
  const navigate = useNavigate();
  useEffect(() => {
    // The address names the top-up from now on: a reload or a shared screen still follows it.
    if (paymentId !== null && search.paymentId === undefined)
      void navigate({ to: '/wallet/top-up/return', search: { ...search, paymentId }, replace: true });
  }, [paymentId, search, navigate]);
  return (
    <section aria-labelledby="top-up-status-title" className="screen">
      <h1 id="top-up-status-title">{t('wallet:status.title')}</h1>
      {paymentId === null ? <p>{t('wallet:status.unknown')}</p> : <Progress paymentId={paymentId} />}
      <div className="wallet-actions">
        <Link to="/wallet" className="button">
          {t('wallet:status.wallet')}
        </Link>
        <Link to="/wallet/top-up" className="button secondary">
          {t('wallet:status.again')}
        </Link>
      </div>
    </section>
  );
}
