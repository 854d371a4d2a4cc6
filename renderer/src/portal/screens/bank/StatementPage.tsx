/**
 * /rapprochement/$statementId (lazy): a statement's lines, filtered by status; each open line with the cloud's
 * suggestions (score and French reasons) to validate, split or dispute; a settled one to reopen; each line's history;
 * and the reconciliation report in CSV or XLSX (the cloud builds no PDF of it).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OfflineMark } from '../OfflineMark.js';
import { save } from '../exports/loose.js';
import { problemText } from '../exports/problem.js';
import { reportFile, statementQuery } from './data.js';
import { dayText, money } from './day.js';
import { LineCard } from './LineCard.js';
import { lineStatuses, type LineStatus } from './types.js';
import '../exports/exports.css';

function ReportDownloads({ statementId }: { statementId: string }) {
  const { t, i18n } = useTranslation(['bank', 'reports']);
  const fetchIt = useMutation({
    mutationFn: (format: 'csv' | 'xlsx') => reportFile(statementId, format),
    onSuccess: (file, format) => save(file.url, file.fileName ?? `rapprochement-${statementId}.${format}`),
  });
  return (
    <>
      <h2>{t('bank:report.title')}</h2>
      <p className="rp-actions">
        {(['csv', 'xlsx'] as const).map((format) => (
          <button
            key={format}
            type="button"
            className="button rp-secondary"
            disabled={fetchIt.isPending}
            onClick={() => fetchIt.mutate(format)}
            aria-label={t('bank:report.download', { format: format.toUpperCase() })}
          >
            {format.toUpperCase()}
          </button>
        ))}
      </p>
      {fetchIt.isError ? (
        <p className="error" role="alert">
          {problemText(t, fetchIt.error, i18n.language)}
        </p>
      ) : null}
    </>
  );
}

export function BankStatementPage() {
  const { statementId } = useParams({ from: '/rapprochement/$statementId' });
  const { t, i18n } = useTranslation(['bank', 'reports']);
  const lang = i18n.language;
  const [status, setStatus] = useState<LineStatus | ''>('open');
  const answer = useQuery(statementQuery(statementId));
  const data = answer.data;
  const lines = (data?.lines ?? []).filter((l) => status === '' || l.status === status);
  return (
    <section aria-labelledby="bs-title" className="screen rp">
      <p>
        <Link to="/rapprochement">{t('bank:back')}</Link>
      </p>
      {data === undefined ? (
        <>
          <h1 id="bs-title">{t('bank:title')}</h1>
          <p>{answer.isError ? problemText(t, answer.error, lang) : t('app.loading')}</p>
        </>
      ) : (
        <>
          <h1 id="bs-title">
            {t('bank:statementTitle', {
              bank: data.statement.bankName,
              from: dayText(data.statement.fromDate, lang),
              to: dayText(data.statement.toDate, lang),
            })}
          </h1>
          <OfflineMark updatedAtMs={answer.dataUpdatedAt} failed={answer.isError} />
          {data.statement.openingXof === null && data.statement.closingXof === null ? null : (
            <p>
              {t('bank:balances', {
                opening: money(data.statement.openingXof, lang),
                closing: money(data.statement.closingXof, lang),
              })}
            </p>
          )}
          <p data-testid="statement-progress">
            {t('bank:progress', {
              reconciled: data.statement.reconciled,
              lines: data.statement.lines,
              disputed: data.statement.disputed,
            })}
          </p>
          <label htmlFor="bs-status">{t('bank:filter')}</label>
          <select id="bs-status" value={status} onChange={(e) => setStatus(e.target.value as LineStatus | '')}>
            <option value="">{t('bank:statuses.all')}</option>
            {lineStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`bank:statuses.${s}`)}
              </option>
            ))}
          </select>
          {lines.length === 0 ? (
            <p>{t('bank:noLines')}</p>
          ) : (
            <ul className="rp-list" data-testid="lines">
              {lines.map((l) => (
                <LineCard key={l.id} line={l} statementId={statementId} />
              ))}
            </ul>
          )}
          <ReportDownloads statementId={statementId} />
        </>
      )}
    </section>
  );
}
