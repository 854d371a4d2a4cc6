/**
 * An admin's decision on a services dispute: pay the provider ("Verser au prestataire") or refund the client a
 * percentage (1 to 100), with a note. The split in FCFA (whole francs, the remainder rule of splitHold) is shown as
 * the percentage is typed and again on the confirmation, before anything is sent.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { decideDispute } from './admin-data.js';
import { AdminActionError } from './AdminActionError.js';
import { refundSplit } from './math.js';
import type { AdminDispute, Decision } from './types.js';

export function DisputeDecision({ dispute }: { dispute: AdminDispute }) {
  const { t, i18n } = useTranslation('provider');
  const language = i18n.language;
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<'release' | 'refund'>('release');
  const [percent, setPercent] = useState('100');
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const amountXof = dispute.amountXof;
  const percentValue = Number(percent);
  const percentOk = Number.isInteger(percentValue) && percentValue >= 1 && percentValue <= 100;
  const split = outcome === 'refund' && percentOk ? refundSplit(amountXof, percentValue) : null;
  const decision: Decision =
    outcome === 'release'
      ? { outcome, note: note.trim() }
      : { outcome, refundBp: percentValue * 100, note: note.trim() };
  const decide = useMutation({
    mutationFn: () => decideDispute(dispute.id, decision),
    onSuccess: async () => {
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: ['admin', 'services', 'disputes'] });
    },
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (outcome === 'refund' && !percentOk) return;
    setConfirming(true);
  }
  const id = `decision-${dispute.id}`;
  const splitText =
    split === null
      ? null
      : t('provider:admin.disputes.split', {
          refund: formatFcfa(split.refundXof, language),
          kept: formatFcfa(split.keptXof, language),
        });
  const summary =
    outcome === 'release'
      ? t('provider:admin.disputes.releaseSummary', { amount: formatFcfa(amountXof, language) })
      : splitText;
  return confirming ? (
    <div className="confirm" role="group" aria-labelledby={`${id}-question`} data-testid="dispute-confirm">
      <p id={`${id}-question`}>
        <strong>{t('provider:admin.disputes.confirmQuestion')}</strong> {summary}
      </p>
      {decide.isError ? <AdminActionError error={decide.error} /> : null}
      <div className="provider-actions">
        <button
          type="button"
          className="button danger"
          disabled={decide.isPending}
          aria-busy={decide.isPending}
          onClick={() => decide.mutate()}
        >
          {t('provider:admin.disputes.confirm')}
        </button>
        <button type="button" className="button secondary" onClick={() => setConfirming(false)}>
          {t('provider:admin.disputes.back')}
        </button>
      </div>
    </div>
  ) : (
    <form className="form provider-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('provider:admin.disputes.decision')}</h3>
      <fieldset className="choices">
        <legend>{t('provider:admin.disputes.outcome')}</legend>
        {(['release', 'refund'] as const).map((o) => (
          <label key={o} className="choice">
            <input type="radio" name={`${id}-outcome`} checked={outcome === o} onChange={() => setOutcome(o)} />
            {t(`provider:admin.disputes.${o}`)}
          </label>
        ))}
      </fieldset>
      {outcome === 'refund' ? (
        <>
          <label htmlFor={`${id}-percent`}>{t('provider:admin.disputes.percent')}</label>
          <input
            id={`${id}-percent`}
            type="number"
            inputMode="numeric"
            required
            min={1}
            max={100}
            step={1}
            value={percent}
            aria-describedby={`${id}-split`}
            onChange={(e) => setPercent(e.target.value)}
          />
          <p id={`${id}-split`} aria-live="polite" data-testid="dispute-split">
            {splitText ?? t('provider:admin.disputes.percentHint')}
          </p>
        </>
      ) : null}
      <label htmlFor={`${id}-note`}>{t('provider:admin.disputes.note')}</label>
      <textarea
        id={`${id}-note`}
        required
        rows={3}
        maxLength={1000}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <button type="submit" className="button">
        {t('provider:admin.disputes.decide')}
      </button>
    </form>
  );
}
