/**
 * « Promettre de payer »: an amount (at most what is left) and a date within 60 days; the cloud pauses the reminders
 * until then and says so on the file.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { Refusal } from './Refusal.js';
import { promiseToPay } from './data.js';
import { abidjanDayPlus, parseXof } from './format.js';
import type { DebtFile } from './types.js';

/** The contract's bound: a promise is for the next 60 days at most. */
const promiseMaxDays = 60;

export function PromiseForm({ file, onClose }: { file: DebtFile; onClose: () => void }) {
  const { t, i18n } = useTranslation('debt');
  const queryClient = useQueryClient();
  const [amountText, setAmountText] = useState(String(file.leftXof));
  const [day, setDay] = useState('');
  const amountXof = parseXof(amountText);
  const promise = useMutation({
    mutationFn: () => promiseToPay(file.id, amountXof ?? 0, day),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['debt'] });
      onClose();
    },
  });
  const tooMuch = amountXof !== null && amountXof > file.leftXof;
  return (
    <form
      className="form card"
      aria-labelledby="debt-promise-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (amountXof === null || tooMuch || day === '' || promise.isPending) return;
        promise.mutate();
      }}
    >
      <h2 id="debt-promise-title">{t('debt:promise.title')}</h2>
      <p className="muted">{t('debt:promise.explain')}</p>
      <label htmlFor="debt-promise-amount">{t('debt:promise.amount')}</label>
      <input
        id="debt-promise-amount"
        inputMode="numeric"
        autoComplete="off"
        value={amountText}
        onChange={(event) => setAmountText(event.target.value)}
      />
      {tooMuch ? (
        <p role="alert" className="error">
          {t('debt:pay.tooMuch', { amount: formatFcfa(file.leftXof, i18n.language) })}
        </p>
      ) : null}
      <label htmlFor="debt-promise-day">{t('debt:promise.day')}</label>
      <input
        id="debt-promise-day"
        type="date"
        value={day}
        min={abidjanDayPlus(1)}
        max={abidjanDayPlus(promiseMaxDays)}
        required
        onChange={(event) => setDay(event.target.value)}
      />
      <Refusal error={promise.error} />
      <div className="debt-actions">
        <button type="submit" className="button" disabled={promise.isPending || amountXof === null || tooMuch}>
          {t('debt:promise.send')}
        </button>
        <button type="button" className="button secondary" onClick={onClose}>
          {t('debt:cancel')}
        </button>
      </div>
    </form>
  );
}
