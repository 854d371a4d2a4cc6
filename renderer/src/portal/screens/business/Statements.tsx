/**
 * A sales rep's monthly commission statements (lazy): the months they earned in, one month's lines with a total that
 * is their sum (the cloud's, checked again here), its CSV download, what it would have paid at a proposed rate, and
 * the way to withdraw what was paid.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCredits } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { downloadStatement, lastMonth, statementMonthsQuery, statementQuery } from './data.js';
import { RateSimulation } from './RateSimulation.js';
import '../../styles/business.css';

/** "novembre 2026" from "2026-11", in the reader's language. */
export function monthName(period: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-CI', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${period}-01T00:00:00Z`));
}

export function Statements() {
  const { t, i18n } = useTranslation('business');
  const search = useSearch({ from: '/business/statements' });
  const period = search.period ?? lastMonth();
  const months = useQuery(statementMonthsQuery);
  const statement = useQuery(statementQuery(period));
  const [downloadFailed, setDownloadFailed] = useState(false);
  const language = i18n.language;
  const credits = (centi: number) => t('business:credits', { amount: formatCredits(centi, language) });
  const s = statement.data;
  const sum = s?.lines.reduce((total, l) => total + l.amountCentiCredits, 0);
  return (
    <section aria-labelledby="statements-title" className="screen business">
      <h1 id="statements-title">{t('business:statements.title')}</h1>
      <OfflineMark updatedAtMs={statement.dataUpdatedAt} failed={statement.isError} />
      <div className="business-grid">
        <nav aria-label={t('business:statements.months')} className="card">
          <h2>{t('business:statements.months')}</h2>
          {months.data === undefined ? (
            <p>{months.isError ? t('business:statements.error') : t('app.loading')}</p>
          ) : months.data.months.length === 0 ? (
            <p>{t('business:statements.noMonths')}</p>
          ) : (
            <ul className="month-list" data-testid="statement-months">
              {months.data.months.map((m) => (
                <li key={m.period}>
                  <Link
                    to="/business/statements"
                    search={{ period: m.period }}
                    aria-current={m.period === period ? 'page' : undefined}
                  >
                    {monthName(m.period, language)}
                  </Link>
                  <span className="amount">{credits(m.totalCentiCredits)}</span>
                </li>
              ))}
            </ul>
          )}
        </nav>
        <div className="card" aria-labelledby="statement-month">
          <h2 id="statement-month">{monthName(period, language)}</h2>
          {s === undefined ? (
            <p>{statement.isError ? t('business:statements.error') : t('app.loading')}</p>
          ) : (
            <>
              {s.lines.length === 0 ? (
                <p>{t('business:statements.empty')}</p>
              ) : (
                <ul className="business-lines" data-testid="statement-lines">
                  {s.lines.map((line) => (
                    <li key={line.transferId}>
                      <span>
                        {line.partnerName ??
                          t(`business:role.${line.role === 'team_lead' ? 'team_lead' : 'sales_rep'}`)}
                        <span className="muted small">
                          {' '}
                          {t('business:statements.lineInfo', {
                            day: line.at.slice(8, 10),
                            rate: (line.rateBp / 100).toLocaleString(language),
                          })}
                        </span>
                      </span>
                      <span className="amount" data-amount={line.amountCentiCredits}>
                        {credits(line.amountCentiCredits)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              <p className="total">
                {t('business:statements.total')}{' '}
                <strong data-testid="statement-total" data-amount={s.totalCentiCredits}>
                  {credits(s.totalCentiCredits)}
                </strong>
              </p>
              {sum === s.totalCentiCredits ? null : (
                <p role="alert" className="error">
                  {t('business:statements.mismatch')}
                </p>
              )}
              <p className="muted">
                {s.paidCentiCredits === null
                  ? t('business:statements.notPaid')
                  : t('business:statements.paid', { amount: credits(s.paidCentiCredits) })}
              </p>
              <div className="actions">
                <button
                  type="button"
                  className="button secondary"
                  onClick={() =>
                    void downloadStatement(period).then(
                      () => setDownloadFailed(false),
                      () => setDownloadFailed(true),
                    )
                  }
                >
                  {t('business:statements.download')}
                </button>
                <Link to="/wallet/withdrawals" className="button secondary">
                  {t('business:statements.withdraw')}
                </Link>
              </div>
              {downloadFailed ? (
                <p role="alert" className="error">
                  {t('business:statements.downloadFailed')}
                </p>
              ) : null}
            </>
          )}
        </div>
      </div>
      {s === undefined || s.lines.length === 0 ? null : <RateSimulation period={period} />}
    </section>
  );
}
