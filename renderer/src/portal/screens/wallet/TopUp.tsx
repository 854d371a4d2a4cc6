/**
 * Buying credits: an amount in FCFA (bounded as the cloud bounds it) and a provider. Wave and Orange Money take the
 * payer to their page and back to the status screen; MTN MoMo asks the payer's phone, and the status screen waits.
 * The top-up is one intent with one idempotency key: a double tap or a retry after a dropped answer is the same
 * payment (lazy-loaded route).
 */
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { ApiError } from '../../api/client.js';
import { settleIntent } from '../../api/intent.js';
import { topUpProviders, type TopUpProvider } from '../../routes/wallet.js';
import { rememberTopUp, startTopUp } from './data.js';
import { errorText } from './errors.js';
import { msisdnOf } from './phone.js';
import '../../styles/wallet.css';

/** The cloud's bounds (payments/top-ups.ts): it refuses anything outside them anyway. */
export const topUpMinXof = 100;
export const topUpMaxXof = 2_000_000;

export function TopUp() {
  const { t, i18n } = useTranslation('wallet');
  const navigate = useNavigate();
  const language = i18n.language;
  const [amountText, setAmountText] = useState('1000');
  const [provider, setProvider] = useState<TopUpProvider>('wave');
  const [phone, setPhone] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const amountXof = Number(amountText.replace(/\s/g, ''));
  const amountOk = Number.isInteger(amountXof) && amountXof >= topUpMinXof && amountXof <= topUpMaxXof;
  const bounds = { min: formatFcfa(topUpMinXof, language), max: formatFcfa(topUpMaxXof, language) };

  // Set in the tap itself: a double tap comes before React has re-rendered the button as disabled.
  const sending = useRef(false);
  const start = useMutation({
    mutationFn: async (intent: { intentId: string; body: Parameters<typeof startTopUp>[1] }) =>
      startTopUp(intent.intentId, intent.body),
  });

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (sending.current) return;
    if (!amountOk) {
      setProblem(t('wallet:topUp.amountInvalid', bounds));
      return;
    }
    const msisdn = provider === 'momo' ? msisdnOf(phone) : null;
    if (provider === 'momo' && msisdn === null) {
      setProblem(t('wallet:topUp.phoneInvalid'));
      return;
    }
    setProblem(null);
    sending.current = true;
    // The same choice is the same intent until the cloud has answered it: a retry reuses its key.
    const intentId = `top-up:${provider}:${String(amountXof)}:${msisdn ?? ''}`;
    const body = { provider, amountXof, ...(msisdn === null ? {} : { payerMsisdn: msisdn }) };
    start.mutate(
      { intentId, body },
      {
        onSettled: () => {
          sending.current = false;
        },
        onSuccess: (topUp) => {
          settleIntent(intentId);
          rememberTopUp(topUp.paymentId);
          if (provider !== 'momo' && topUp.redirectUrl !== null) window.location.assign(topUp.redirectUrl);
          else void navigate({ to: '/wallet/top-up/return', search: { provider, paymentId: topUp.paymentId } });
        },
        onError: (error) => {
          // A refusal is an answer: the next try is a new intent. A dropped answer keeps the key for the retry.
          if (error instanceof ApiError) settleIntent(intentId);
          setProblem(errorText(t, error));
        },
      },
    );
  }

  return (
    <section aria-labelledby="top-up-title" className="screen">
      <h1 id="top-up-title">{t('wallet:topUp.title')}</h1>
      <form className="card form" onSubmit={submit} noValidate>
        <label htmlFor="top-up-amount">{t('wallet:topUp.amount')}</label>
        <input
          id="top-up-amount"
          inputMode="numeric"
          autoComplete="off"
          value={amountText}
          aria-describedby="top-up-amount-hint"
          aria-invalid={!amountOk}
          onChange={(e) => setAmountText(e.target.value)}
        />
        <p id="top-up-amount-hint" className="muted hint">
          {t('wallet:topUp.amountHint', bounds)}
        </p>
        <fieldset className="choices providers">
          <legend>{t('wallet:topUp.provider')}</legend>
          {topUpProviders.map((choice) => (
            <label key={choice} className="choice">
              <input
                type="radio"
                name="provider"
                value={choice}
                checked={provider === choice}
                onChange={() => setProvider(choice)}
              />
              {t(`wallet:topUp.providers.${choice}`)}
            </label>
          ))}
        </fieldset>
        {provider === 'momo' && (
          <>
            <label htmlFor="top-up-phone">{t('wallet:topUp.phone')}</label>
            <input
              id="top-up-phone"
              type="tel"
              autoComplete="tel"
              value={phone}
              aria-describedby="top-up-phone-hint"
              onChange={(e) => setPhone(e.target.value)}
            />
            <p id="top-up-phone-hint" className="muted hint">
              {t('wallet:topUp.phoneHint')}
            </p>
          </>
        )}
        {provider !== 'momo' && (
          <p className="muted hint">
            {t('wallet:topUp.leaving', { provider: t(`wallet:topUp.providers.${provider}`) })}
          </p>
        )}
        {problem !== null && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="button" disabled={start.isPending} aria-busy={start.isPending}>
          {start.isPending
            ? t('wallet:topUp.sending')
            : t('wallet:topUp.submit', { amount: amountOk ? formatFcfa(amountXof, language) : '' })}
        </button>
      </form>
    </section>
  );
}
