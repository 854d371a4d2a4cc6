/**
 * One statement line: its date, signed amount, reference, payer and label, its status; open, the suggestions best
 * first (score and the cloud's French reasons) each with « Valider », then « Répartir » and « Litige »; settled, what
 * it matched and « Rouvrir ». Its history opens on demand.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { problemText } from '../exports/problem.js';
import { acceptLine, disputeLine, historyQuery, reopenLine, statementQuery, statementsQuery } from './data.js';
import { dayText } from './day.js';
import { SplitForm } from './SplitForm.js';
import type { Line, LineEvent } from './types.js';

/** A history event's detail as the cloud gave it (a sentence, or facts as « key : value »). */
function detailText(detail: LineEvent['detail']): string {
  if (detail === null) return '';
  if (typeof detail === 'string') return detail;
  return Object.entries(detail)
    .map(([key, value]) => `${key} : ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

function History({ lineId }: { lineId: string }) {
  const { t, i18n } = useTranslation(['bank', 'reports']);
  const history = useQuery(historyQuery(lineId));
  const events = history.data?.events ?? [];
  if (history.data === undefined)
    return <p>{history.isError ? problemText(t, history.error, i18n.language) : t('app.loading')}</p>;
  if (events.length === 0) return <p>{t('bank:line.noHistory')}</p>;
  return (
    <ol className="rp-list">
      {events.map((e, index) => (
        <li key={index}>
          {formatDateTime(e.at, i18n.language)} · {e.action}
          {e.actor === null ? null : ` · ${e.actor}`}
          {detailText(e.detail) === '' ? null : <span className="rp-muted"> — {detailText(e.detail)}</span>}
        </li>
      ))}
    </ol>
  );
}

export function LineCard({ line, statementId }: { line: Line; statementId: string }) {
  const { t, i18n } = useTranslation(['bank', 'reports']);
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [showHistory, setShowHistory] = useState(false);
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: statementQuery(statementId).queryKey });
    await queryClient.invalidateQueries({ queryKey: statementsQuery.queryKey });
    await queryClient.invalidateQueries({ queryKey: historyQuery(line.id).queryKey });
  };
  const act = useMutation({
    mutationFn: (action: () => Promise<unknown>) => action(),
    onSettled: refresh,
  });
  const dispute = (event: FormEvent) => {
    event.preventDefault();
    act.mutate(() => disputeLine(line.id, reason.trim()));
  };
  const amountClass = line.amountXof >= 0 ? 'rp-credit' : 'rp-debit';
  return (
    <li className="card" data-testid={`line-${line.id}`}>
      <p>
        <span className={amountClass}>{formatFcfa(line.amountXof, lang)}</span> · {dayText(line.bookedOn, lang)} ·{' '}
        <span className={`rp-chip rp-chip-${line.status}`}>{t(`bank:statuses.${line.status}`)}</span>
      </p>
      <p>{[line.counterpartyName, line.reference, line.label].filter((v) => v !== null && v !== '').join(' · ')}</p>
      {line.problem ? <p className="rp-warning">{line.problem}</p> : null}
      {line.status === 'disputed' && line.disputeReason ? (
        <p>{t('bank:line.disputed', { reason: line.disputeReason })}</p>
      ) : null}
      {line.matches.length > 0 ? (
        <ul>
          {line.matches.map((m) => (
            <li key={`${m.targetType}-${m.targetId}`}>
              {t('bank:line.matched', {
                target: t(`bank:targets.${m.targetType}`),
                id: m.targetId,
                amount: formatFcfa(m.amountXof, lang),
              })}
            </li>
          ))}
        </ul>
      ) : null}
      {line.status === 'open' ? (
        <>
          <h3>{t('bank:line.suggestions')}</h3>
          {line.suggestions.length === 0 ? (
            <p className="rp-muted">{t('bank:line.noSuggestion')}</p>
          ) : (
            <ul className="rp-list">
              {line.suggestions.map((s) => (
                <li key={`${s.targetType}-${s.targetId}`} className="card">
                  <p>
                    <strong>{s.label}</strong> · {formatFcfa(s.amountXof, lang)} · {dayText(s.date, lang)}
                  </p>
                  <p>
                    {t('bank:line.score', { score: s.score })} : {s.reasons.join(', ')}
                  </p>
                  <button
                    type="button"
                    className="button"
                    disabled={act.isPending}
                    aria-label={t('bank:line.acceptOne', { label: s.label })}
                    onClick={() =>
                      act.mutate(() => acceptLine(line.id, { targetType: s.targetType, targetId: s.targetId }))
                    }
                  >
                    {t('bank:line.accept')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <details>
            <summary>{t('bank:line.split')}</summary>
            <SplitForm line={line} onDone={refresh} />
          </details>
          <details>
            <summary>{t('bank:line.dispute')}</summary>
            <form onSubmit={dispute}>
              <label htmlFor={`reason-${line.id}`}>{t('bank:line.reason')}</label>
              <textarea id={`reason-${line.id}`} value={reason} onChange={(e) => setReason(e.target.value)} />
              <button type="submit" className="button rp-danger" disabled={act.isPending || reason.trim() === ''}>
                {t('bank:line.disputeSend')}
              </button>
            </form>
          </details>
        </>
      ) : (
        <button
          type="button"
          className="button rp-secondary"
          disabled={act.isPending}
          onClick={() => act.mutate(() => reopenLine(line.id))}
        >
          {t('bank:line.reopen')}
        </button>
      )}
      {act.isError ? (
        <p className="error" role="alert">
          {problemText(t, act.error, lang)}
        </p>
      ) : null}
      <details onToggle={(e) => setShowHistory(e.currentTarget.open)}>
        <summary>{t('bank:line.history')}</summary>
        {showHistory ? <History lineId={line.id} /> : null}
      </details>
    </li>
  );
}
