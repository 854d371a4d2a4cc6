/**
 * /rapprochement (lazy): my bank statements with how far each is reconciled, and the import of a new one.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { OfflineMark } from '../OfflineMark.js';
import { problemText } from '../exports/problem.js';
import { statementsQuery } from './data.js';
import { ImportForm } from './ImportForm.js';
import { dayText, money } from './day.js';
import '../exports/exports.css';

export function BankStatements() {
  const { t, i18n } = useTranslation(['bank', 'reports']);
  const lang = i18n.language;
  const statements = useQuery(statementsQuery);
  const list = statements.data?.statements ?? [];
  return (
    <section aria-labelledby="bk-title" className="screen rp">
      <h1 id="bk-title">{t('bank:title')}</h1>
      <OfflineMark updatedAtMs={statements.dataUpdatedAt} failed={statements.isError} />
      <p className="rp-muted">{t('bank:intro')}</p>
      <h2>{t('bank:statements')}</h2>
      {statements.data === undefined ? (
        <p>{statements.isError ? problemText(t, statements.error, lang) : t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('bank:none')}</p>
      ) : (
        <ul className="rp-list" data-testid="statements">
          {list.map((s) => (
            <li key={s.id} className="card">
              <h3>
                <Link to="/rapprochement/$statementId" params={{ statementId: s.id }}>
                  {t('bank:statementTitle', {
                    bank: s.bankName,
                    from: dayText(s.fromDate, lang),
                    to: dayText(s.toDate, lang),
                  })}
                </Link>
              </h3>
              {s.accountIban === null ? null : <p className="rp-muted">{s.accountIban}</p>}
              {s.openingXof === null && s.closingXof === null ? null : (
                <p>{t('bank:balances', { opening: money(s.openingXof, lang), closing: money(s.closingXof, lang) })}</p>
              )}
              <p>{t('bank:progress', { reconciled: s.reconciled, lines: s.lines, disputed: s.disputed })}</p>
              <progress
                max={Math.max(1, s.lines)}
                value={s.reconciled}
                aria-label={t('bank:progressLabel', { reconciled: s.reconciled, lines: s.lines })}
              />
            </li>
          ))}
        </ul>
      )}
      <ImportForm />
    </section>
  );
}
