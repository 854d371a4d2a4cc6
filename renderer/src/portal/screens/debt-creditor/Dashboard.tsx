/**
 * /recouvrement (lazy): the creditor's dashboard for a month: active files, outstanding by age, the period's recovery
 * rate (recovered ÷ (opening balance + new debt)), DSO, promises, twelve months charted, what waits (tasks, payments
 * to match) and the accountant's journal for the month.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { dashboardQuery, suggestionsQuery, tasksQuery } from './data.js';
import { Download } from './Download.js';
import { DebtNav } from './Nav.js';
import { problemText } from './problem.js';
import { ageBuckets } from './types.js';
import { monthBounds, today } from './when.js';
import '../../styles/debt-creditor.css';

const MonthsChart = lazy(() => import('./Chart.js').then((m) => ({ default: m.MonthsChart })));

function percent(bp: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'fr-CI', {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(bp / 10_000);
}

/** The accountant's journal of the month, as CSV or XLSX. */
function Exports({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation('debt-creditor');
  return (
    <>
      <h2>{t('debt-creditor:dashboard.exports')}</h2>
      <p className="dc-actions">
        <Download
          path="/v1/debt-collection/exports/journal.csv"
          query={{ from, to }}
          fileName={`journal-recouvrement-${from}-${to}.csv`}
          label={t('debt-creditor:dashboard.csv')}
        />
        <Download
          path="/v1/debt-collection/exports/journal.xlsx"
          query={{ from, to }}
          fileName={`journal-recouvrement-${from}-${to}.xlsx`}
          label={t('debt-creditor:dashboard.xlsx')}
        />
      </p>
    </>
  );
}

export function DebtDashboard() {
  const { t, i18n } = useTranslation('debt-creditor');
  const [month, setMonth] = useState(today().slice(0, 7));
  const { from, to } = monthBounds(/^\d{4}-\d{2}$/.test(month) ? month : today().slice(0, 7));
  const dashboard = useQuery(dashboardQuery(from, to));
  const tasks = useQuery(tasksQuery);
  const suggestions = useQuery(suggestionsQuery);
  const data = dashboard.data;
  const lang = i18n.language;
  const money = (xof: number) => formatFcfa(xof, lang);
  return (
    <section aria-labelledby="dc-dashboard-title" className="screen dc">
      <h1 id="dc-dashboard-title">{t('debt-creditor:dashboard.title')}</h1>
      <DebtNav />
      <OfflineMark updatedAtMs={dashboard.dataUpdatedAt} failed={dashboard.isError} />
      <p className="dc-actions">
        <Link to="/recouvrement/nouveau" className="button">
          {t('debt-creditor:dashboard.add')}
        </Link>
      </p>
      <label htmlFor="dc-month">{t('debt-creditor:dashboard.period')}</label>
      <input id="dc-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
      {data === undefined ? (
        <p>{dashboard.isError ? problemText(t, dashboard.error, lang) : t('app.loading')}</p>
      ) : (
        <>
          <dl className="dc-figures" data-testid="figures">
            <div className="card">
              <dt>{t('debt-creditor:dashboard.activeFiles')}</dt>
              <dd>{data.activeFiles}</dd>
            </div>
            <div className="card">
              <dt>{t('debt-creditor:dashboard.outstanding')}</dt>
              {/* The unit may go under the figure: half a 360 px phone holds 8 digits, not the unit too. */}
              <dd>{money(data.outstandingXof).replace('\u00a0FCFA', ' FCFA')}</dd>
            </div>
            <div className="card">
              <dt>{t('debt-creditor:dashboard.rate')}</dt>
              <dd>{percent(data.recoveryRateBp, lang)}</dd>
            </div>
            <div className="card">
              <dt>{t('debt-creditor:dashboard.dso')}</dt>
              <dd>{data.dsoDays === null ? '—' : t('debt-creditor:dashboard.days', { count: data.dsoDays })}</dd>
            </div>
          </dl>
          <p className="muted">
            {t('debt-creditor:dashboard.rateDetail', {
              recovered: money(data.recoveredXof),
              opening: money(data.openingBalanceXof),
              added: money(data.newDebtXof),
            })}
          </p>
          <p>
            {t('debt-creditor:dashboard.promises', {
              made: data.promises.made,
              kept: data.promises.kept,
              broken: data.promises.broken,
            })}
          </p>
          <h2>{t('debt-creditor:dashboard.byAge')}</h2>
          <table className="dc-table" data-testid="buckets">
            <thead>
              <tr>
                <th scope="col">{t('debt-creditor:dashboard.age')}</th>
                <th scope="col">{t('debt-creditor:dashboard.files')}</th>
                <th scope="col">{t('debt-creditor:dashboard.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {ageBuckets.map((b) => {
                const row = data.buckets.find((x) => x.bucket === b);
                return (
                  <tr key={b}>
                    <th scope="row">{t(`debt-creditor:bucket.${b}`)}</th>
                    <td>{row?.files ?? 0}</td>
                    <td>{money(row?.xof ?? 0)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h2>{t('debt-creditor:dashboard.months')}</h2>
          <Suspense fallback={<p>{t('app.loading')}</p>}>
            <MonthsChart months={data.months} />
          </Suspense>
        </>
      )}
      <h2>{t('debt-creditor:dashboard.waiting')}</h2>
      <ul className="dc-links">
        <li>
          <Link to="/recouvrement/dossiers">{t('debt-creditor:dashboard.allFiles')}</Link>
        </li>
        <li>
          <Link to="/recouvrement/taches">
            {t('debt-creditor:dashboard.tasks', { count: tasks.data?.length ?? 0 })}
          </Link>
        </li>
        <li>
          <Link to="/recouvrement/rapprochements">
            {t('debt-creditor:dashboard.matches', { count: suggestions.data?.length ?? 0 })}
          </Link>
        </li>
      </ul>
      <Exports from={from} to={to} />
    </section>
  );
}
