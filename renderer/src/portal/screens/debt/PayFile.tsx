/**
 * « Payer » on a file, from the wallet: the whole rest or a part (whole FCFA, at most the rest). The wallet's balance
 * and the amount in credits are shown before the person confirms; the payment goes under one idempotency key per
 * attempt (this file and this amount, kept on this device until the cloud has answered for good), so a double tap or
 * a retry after a dropped answer pays once. Then what is left and the new balance.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCredits, formatFcfa } from '../../../common/format.js';
import { ApiError } from '../../api/client.js';
import { intentKey, settleIntent } from '../../api/intent.js';
import { balanceQuery } from '../../wallet.js';
import { Refusal } from './Refusal.js';
import { payFile } from './data.js';
import { parseXof } from './format.js';
import type { DebtFile, DebtPayment } from './types.js';

/** One attempt: this file and this amount (a second, different payment of the same file gets its own key). */
const intentOf = (fileId: string, amountXof: number): string => `debt-pay:${fileId}:${String(amountXof)}`;

/** What the payment left: the amount received, what is left, the wallet's new balance. */
function PaidNote({ payment, balanceXof }: { payment: DebtPayment; balanceXof: number | undefined }) {
  const { t, i18n } = useTranslation('debt');
  const money = (amount: number): string => formatFcfa(amount, i18n.language);
  return (
    <div role="status" className="card debt-paid" data-testid="debt-paid">
      <p>{t('debt:pay.done', { amount: money(payment.amountXof) })}</p>
      <p>
        {payment.leftXof === 0 ? t('debt:pay.settled') : t('debt:pay.leftAfter', { amount: money(payment.leftXof) })}
      </p>
      {balanceXof === undefined ? null : <p>{t('debt:pay.newBalance', { amount: money(balanceXof) })}</p>}
    </div>
  );
}

interface ChoiceProps {
  readonly leftXof: number;
  readonly whole: boolean;
  readonly setWhole: (whole: boolean) => void;
  readonly partText: string;
  readonly setPartText: (text: string) => void;
}

/** The whole rest, or a part typed in whole FCFA. */
function AmountChoice({ leftXof, whole, setWhole, partText, setPartText }: ChoiceProps) {
  const { t, i18n } = useTranslation('debt');
  const money = (amount: number): string => formatFcfa(amount, i18n.language);
  return (
    <>
      <fieldset className="debt-fieldset">
        <legend>{t('debt:pay.howMuch')}</legend>
        <label className="debt-check">
          <input type="radio" name="debt-pay-whole" checked={whole} onChange={() => setWhole(true)} />
          {t('debt:pay.whole', { amount: money(leftXof) })}
        </label>
        <label className="debt-check">
          <input type="radio" name="debt-pay-whole" checked={!whole} onChange={() => setWhole(false)} />
          {t('debt:pay.part')}
        </label>
      </fieldset>
      {whole ? null : (
        <>
          <label htmlFor="debt-pay-amount">{t('debt:pay.amountLabel')}</label>
          <input
            id="debt-pay-amount"
            inputMode="numeric"
            autoComplete="off"
            value={partText}
            aria-describedby="debt-pay-amount-hint"
            onChange={(event) => setPartText(event.target.value)}
          />
          <span id="debt-pay-amount-hint" className="muted">
            {t('debt:pay.amountHint', { amount: money(leftXof) })}
          </span>
        </>
      )}
    </>
  );
}

/**
 * The payment of one file under its attempt's key, settled once the cloud has answered for good; `busy` stops a
 * second tap before the first has left.
 */
function usePayment(fileId: string, onPaid: (payment: DebtPayment) => void) {
  const queryClient = useQueryClient();
  const busy = useRef(false);
  const mutation = useMutation({
    mutationFn: (amount: number) => payFile(fileId, amount, intentKey(intentOf(fileId, amount))),
    onSuccess: (answer, amount) => {
      settleIntent(intentOf(fileId, amount));
      onPaid(answer.payment);
      void queryClient.invalidateQueries({ queryKey: ['debt'] });
      void queryClient.invalidateQueries({ queryKey: ['wallet'] });
    },
    onError: (error, amount) => {
      // A refusal a retry won't change ends the attempt; a network failure keeps its key for the retry.
      if (error instanceof ApiError && error.status < 500 && error.code !== 'HTTP_ERROR')
        settleIntent(intentOf(fileId, amount));
    },
    onSettled: () => {
      busy.current = false;
    },
  });
  return {
    error: mutation.error,
    isPending: mutation.isPending,
    start: (amount: number) => {
      if (busy.current) return;
      busy.current = true;
      mutation.mutate(amount);
    },
  };
}

export function PayFile({ file, canPay }: { file: DebtFile; canPay: boolean }) {
  const { t, i18n } = useTranslation('debt');
  const money = (amount: number): string => formatFcfa(amount, i18n.language);
  const [open, setOpen] = useState(false);
  const [whole, setWhole] = useState(true);
  const [partText, setPartText] = useState('');
  const [done, setDone] = useState<{ payment: DebtPayment; atMs: number } | null>(null);
  const balance = useQuery({ ...balanceQuery, enabled: open || done !== null, staleTime: 0 });
  const part = parseXof(partText);
  const amountXof = whole ? file.leftXof : part;
  const pay = usePayment(file.id, (payment) => {
    setDone({ payment, atMs: Date.now() });
    setOpen(false);
    setPartText('');
  });
  const available = balance.data?.availableXof;
  const rate = balance.data?.xofPerCredit;
  const tooMuch = amountXof !== null && amountXof > file.leftXof;
  const short = amountXof !== null && available !== undefined && available < amountXof;
  // The new balance only once the wallet has been read again after the payment (not the one read before it).
  const receipt =
    done === null ? null : (
      <PaidNote payment={done.payment} balanceXof={balance.dataUpdatedAt > done.atMs ? available : undefined} />
    );
  if (!open || !canPay)
    return (
      <>
        {receipt}
        {canPay && file.leftXof > 0 ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              setDone(null);
              setOpen(true);
            }}
          >
            {t('debt:pay.open')}
          </button>
        ) : null}
      </>
    );
  return (
    <form
      className="form card debt-pay"
      aria-labelledby="debt-pay-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (amountXof === null || tooMuch || short) return;
        pay.start(amountXof);
      }}
    >
      <h2 id="debt-pay-title">{t('debt:pay.title')}</h2>
      <p data-testid="debt-balance">
        {available === undefined || rate === undefined
          ? t('app.loading')
          : t('debt:pay.balance', {
              amount: money(available),
              credits: formatCredits(balance.data?.availableCentiCredits ?? 0, i18n.language),
            })}
      </p>
      <AmountChoice
        leftXof={file.leftXof}
        whole={whole}
        setWhole={setWhole}
        partText={partText}
        setPartText={setPartText}
      />
      {amountXof === null || rate === undefined ? null : (
        <p className="debt-amount" data-testid="debt-pay-amount">
          {t('debt:pay.amount', {
            amount: money(amountXof),
            credits: formatCredits(Math.round((amountXof * 100) / rate), i18n.language),
          })}
        </p>
      )}
      {!whole && partText !== '' && amountXof === null ? (
        <p role="alert" className="error">
          {t('debt:pay.notAmount')}
        </p>
      ) : null}
      {tooMuch ? (
        <p role="alert" className="error">
          {t('debt:pay.tooMuch', { amount: money(file.leftXof) })}
        </p>
      ) : null}
      {short && !tooMuch ? (
        <p role="alert" className="error">
          {t('debt:pay.short')}
        </p>
      ) : null}
      <Refusal error={pay.error} />
      <div className="debt-actions">
        <button
          type="submit"
          className="button"
          disabled={pay.isPending || amountXof === null || tooMuch || short || available === undefined}
        >
          {pay.isPending ? t('debt:pay.paying') : t('debt:pay.confirm')}
        </button>
        <button type="button" className="button secondary" onClick={() => setOpen(false)}>
          {t('debt:cancel')}
        </button>
      </div>
    </form>
  );
}
