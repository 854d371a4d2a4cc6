/**
 * One card found by ISMAIL ID: its state and dates, a check through the public verifier (what a counter would
 * answer), and its lifecycle: renew (issue a new one), suspend, reinstate or revoke, each with a reason.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { changeCard, issueCard, verifyCard, type AdminCard, type CardChange } from './data.js';
import { adminErrorText } from './errors.js';

/** Which changes make sense from a state (the cloud refuses the others anyway). */
const changesFrom: Record<string, readonly CardChange[]> = {
  active: ['suspend', 'revoke'],
  suspended: ['reinstate', 'revoke'],
};

export function CardPanel({ card }: { card: AdminCard }) {
  const { t, i18n } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // A changed or new card: the last check's answer was about the card as it was, so it is cleared too.
  const refresh = () => {
    verify.reset();
    void queryClient.invalidateQueries({ queryKey: ['admin', 'card', card.ismailId] });
  };
  const change = useMutation({
    mutationFn: (c: CardChange) => changeCard(card.cardId, c, reason.trim()),
    onSuccess: () => {
      setReason('');
      refresh();
    },
    onError: (error) => setProblem(adminErrorText(t, error)),
  });
  const issue = useMutation({
    mutationFn: () => issueCard(card.accountId),
    onSuccess: refresh,
    onError: (error) => setProblem(adminErrorText(t, error)),
  });
  const verify = useMutation({ mutationFn: () => verifyCard(card.token) });

  function act(c: CardChange): void {
    if (reason.trim().length < 3) {
      setProblem(t('admin:kyc.reasonNeeded'));
      return;
    }
    setProblem(null);
    change.mutate(c);
  }

  return (
    <section className="card admin-card" aria-labelledby="card-holder" data-testid="admin-card">
      <h2 id="card-holder">{card.displayName ?? card.ismailId}</h2>
      <dl className="admin-facts">
        <dt>{t('admin:cards.ismailId')}</dt>
        <dd className="nowrap">{card.ismailId}</dd>
        <dt>{t('admin:cards.state')}</dt>
        <dd data-testid="card-state">{t(`admin:cards.states.${card.state}`, { defaultValue: card.state })}</dd>
        <dt>{t('admin:cards.issued')}</dt>
        <dd>{formatDateTime(card.issuedAt, i18n.language)}</dd>
        <dt>{t('admin:cards.expires')}</dt>
        <dd>{formatDateTime(card.expiresAt, i18n.language)}</dd>
      </dl>
      <button type="button" className="button secondary" onClick={() => verify.mutate()} disabled={verify.isPending}>
        {t('admin:cards.verify')}
      </button>
      {verify.data !== undefined && (
        <p
          role="status"
          data-testid="card-verified"
          className={verify.data.outcome === 'valid' ? 'admin-done' : 'error'}
        >
          {t(`admin:cards.outcomes.${verify.data.outcome}`, { defaultValue: verify.data.outcome })}
        </p>
      )}
      <div className="form">
        <label htmlFor="card-reason">{t('admin:cards.reason')}</label>
        <input id="card-reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </div>
      {problem !== null && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <div className="admin-actions">
        {(changesFrom[card.state] ?? []).map((c) => (
          <button
            key={c}
            type="button"
            className={c === 'revoke' ? 'button danger' : 'button secondary'}
            disabled={change.isPending}
            onClick={() => act(c)}
          >
            {t(`admin:cards.changes.${c}`)}
          </button>
        ))}
        <button type="button" className="button secondary" disabled={issue.isPending} onClick={() => issue.mutate()}>
          {t('admin:cards.renew')}
        </button>
      </div>
    </section>
  );
}
