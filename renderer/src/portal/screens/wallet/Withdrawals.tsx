/**
 * A sales rep's withdrawals: ask for credits to be paid to a mobile-money number, and follow each request (pending,
 * paid, refused, expired). Anyone else gets the cloud's refusal, said plainly (lazy-loaded route).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCredits, formatDateTime } from '../../../common/format.js';
import { formatPhone } from '../../../common/phone.js';
import { ApiError } from '../../api/client.js';
import { settleIntent } from '../../api/intent.js';
import { requestWithdrawal, withdrawalsQuery } from './data.js';
import { errorText } from './errors.js';
import { msisdnOf } from './phone.js';
import '../../styles/wallet.css';

function RequestForm() {
  const { t, i18n } = useTranslation('wallet');
  const queryClient = useQueryClient();
  const [creditsText, setCreditsText] = useState('');
  const [phone, setPhone] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  // Set in the tap itself: a double tap comes before React has re-rendered the button as disabled.
  const sending = useRef(false);
  const ask = useMutation({
    mutationFn: (intent: { intentId: string; body: Parameters<typeof requestWithdrawal>[1] }) =>
      requestWithdrawal(intent.intentId, intent.body),
  });

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (sending.current) return;
    const credits = Number(creditsText.replace(/\s/g, ''));
    if (!Number.isInteger(credits) || credits < 1 || credits > 100_000_000) {
      setProblem(t('wallet:transfer.amountInvalid'));
      return;
    }
    const msisdn = msisdnOf(phone);
    if (msisdn === null) {
      setProblem(t('wallet:topUp.phoneInvalid'));
      return;
    }
    setProblem(null);
    sending.current = true;
    const intentId = `withdrawal:${String(credits)}:${msisdn}`;
    ask.mutate(
      { intentId, body: { amountCentiCredits: credits * 100, destinationMsisdn: msisdn } },
      {
        onSettled: () => {
          sending.current = false;
        },
        onSuccess: () => {
          settleIntent(intentId);
          setSent(t('wallet:withdrawals.sent', { amount: formatCredits(credits * 100, i18n.language) }));
          setCreditsText('');
          void queryClient.invalidateQueries({ queryKey: ['wallet'] });
        },
        onError: (error) => {
          if (error instanceof ApiError) settleIntent(intentId);
          setProblem(errorText(t, error));
        },
      },
    );
  }

  return (
    <form className="card form" onSubmit={submit} noValidate>
      <label htmlFor="withdrawal-amount">{t('wallet:withdrawals.amount')}</label>
      <input
        id="withdrawal-amount"
        inputMode="numeric"
        autoComplete="off"
        value={creditsText}
        onChange={(e) => setCreditsText(e.target.value)}
      />
      <label htmlFor="withdrawal-phone">{t('wallet:withdrawals.phone')}</label>
      <input
        id="withdrawal-phone"
        type="tel"
        autoComplete="tel"
        value={phone}
        aria-describedby="withdrawal-phone-hint"
        onChange={(e) => setPhone(e.target.value)}
      />
      <p id="withdrawal-phone-hint" className="muted hint">
        {t('wallet:withdrawals.phoneHint')}
      </p>
      {problem !== null && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {sent !== null && (
        <p className="done" role="status" data-testid="withdrawal-sent">
          {sent}
        </p>
      )}
      <button type="submit" className="button" disabled={ask.isPending} aria-busy={ask.isPending}>
        {ask.isPending ? t('wallet:withdrawals.sending') : t('wallet:withdrawals.submit')}
      </button>
    </form>
  );
}

export function Withdrawals() {
  const { t, i18n } = useTranslation('wallet');
  const list = useQuery(withdrawalsQuery);
  const refused = list.error instanceof ApiError && list.error.code === 'FORBIDDEN';
  const language = i18n.language;
  return (
    <section aria-labelledby="withdrawals-title" className="screen">
      <h1 id="withdrawals-title">{t('wallet:withdrawals.title')}</h1>
      {refused ? (
        <p className="card refusal" role="alert" data-testid="withdrawals-refused">
          {t('wallet:withdrawals.refused')}
        </p>
      ) : (
        <>
          <p>{t('wallet:withdrawals.intro')}</p>
          <RequestForm />
          <h2>{t('wallet:withdrawals.listTitle')}</h2>
          {list.data === undefined ? (
            <p>{list.isError ? errorText(t, list.error) : t('app.loading')}</p>
          ) : list.data.withdrawals.length === 0 ? (
            <p>{t('wallet:withdrawals.empty')}</p>
          ) : (
            <ol className="history" data-testid="withdrawals">
              {list.data.withdrawals.map((w) => (
                <li key={w.holdId} className="card movement">
                  <div className="movement-line">
                    <span className="movement-kind">
                      {t('wallet:withdrawals.line', { amount: formatCredits(w.amountCentiCredits, language) })}{' '}
                      <span className="nowrap">
                        {w.destinationMsisdn === null
                          ? t('wallet:withdrawals.noPhone')
                          : formatPhone(`+${w.destinationMsisdn}`)}
                      </span>
                    </span>
                    <span className={`state state-${w.status}`}>{t(`wallet:withdrawals.states.${w.status}`)}</span>
                  </div>
                  <div className="movement-line muted">
                    <time dateTime={w.requestedAt}>{formatDateTime(w.requestedAt, language)}</time>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
