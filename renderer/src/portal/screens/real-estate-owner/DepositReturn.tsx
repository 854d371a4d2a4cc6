/**
 * The deposit's return, recorded by the landlord once the keys are back (law 2018-575: within one month): the amount
 * given back (less what repairs justify) and why; shown as recorded afterwards.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { fcfaOf, returnDeposit } from './data.js';
import { problemText } from './problem.js';
import type { Lease } from './types.js';
import { shortDay } from './when.js';

export function DepositReturn({ lease }: { lease: Lease }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState(String(lease.depositXof));
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: () => returnDeposit(lease.id, fcfaOf(amount), note.trim()),
    onSuccess: async () => {
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ['real-estate', 'leases'] });
    },
  });
  const language = i18n.language;
  if (lease.depositReturnedXof !== null)
    return (
      <p>
        {t('real-estate-owner:deposit.returned', {
          amount: formatFcfa(lease.depositReturnedXof, language),
          day: lease.depositReturnedAt === null ? '' : shortDay(lease.depositReturnedAt, language),
        })}
      </p>
    );
  if (lease.depositXof === 0 || lease.status === 'awaiting_signatures') return null;
  if (!open)
    return (
      <button type="button" className="button secondary" onClick={() => setOpen(true)}>
        {t('real-estate-owner:deposit.open', { amount: formatFcfa(lease.depositXof, language) })}
      </button>
    );
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!save.isPending && Number.isSafeInteger(fcfaOf(amount))) save.mutate();
  }
  return (
    <form className="form reo-record" onSubmit={submit}>
      <label htmlFor={`reo-deposit-${lease.id}`}>{t('real-estate-owner:deposit.amount')}</label>
      <input
        id={`reo-deposit-${lease.id}`}
        inputMode="numeric"
        required
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
      />
      <label htmlFor={`reo-deposit-note-${lease.id}`}>{t('real-estate-owner:deposit.note')}</label>
      <textarea
        id={`reo-deposit-note-${lease.id}`}
        rows={2}
        maxLength={500}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      {save.isError ? (
        <p className="error" role="alert">
          {problemText(t, save.error, language)}
        </p>
      ) : null}
      <div className="reo-actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {t('real-estate-owner:deposit.save')}
        </button>
        <button type="button" className="button secondary" onClick={() => setOpen(false)}>
          {t('real-estate-owner:publish.cancel')}
        </button>
      </div>
    </form>
  );
}
