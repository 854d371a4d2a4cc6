/**
 * Twelve months of new debt against recovered amounts, drawn by uPlot (loaded with its CSS only when the dashboard
 * shows, as the real estate owner's chart is), hidden from screen readers, which get the months as a table instead.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatFcfa } from '../../../common/format.js';
import type { Dashboard } from './types.js';
import { monthName } from './when.js';

const heightPx = 220;
type Month = Dashboard['months'][number];

function cssColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function Plot({ months }: { months: readonly Month[] }) {
  const { i18n } = useTranslation('debt-creditor');
  const box = useRef<HTMLDivElement>(null);
  const language = i18n.language;
  useEffect(() => {
    const target = box.current;
    if (target === null || months.length === 0) return undefined;
    let plot: uPlot | undefined;
    let observer: ResizeObserver | undefined;
    let gone = false;
    void import('uplot').then(({ default: UPlot }) => {
      if (gone) return;
      const text = cssColor('--text', '#1a1c1f');
      const grid = cssColor('--border', '#6b7482');
      const axis = { stroke: text, grid: { stroke: grid, width: 0.5 }, ticks: { stroke: grid } };
      const short = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'fr-CI', { notation: 'compact' });
      plot = new UPlot(
        {
          width: target.clientWidth,
          height: heightPx,
          legend: { show: false },
          cursor: { show: false },
          scales: { x: { time: false } },
          axes: [
            {
              ...axis,
              values: (_u, splits) => splits.map((v) => (months[v] ? monthName(months[v].month, language) : '')),
            },
            { ...axis, size: 48, values: (_u, splits) => splits.map((v) => short.format(v)) },
          ],
          series: [
            {},
            { stroke: cssColor('--debit', '#b3261e'), width: 2 },
            { stroke: cssColor('--credit', '#1b6e3a'), width: 2 },
          ],
        },
        [months.map((_, i) => i), months.map((m) => m.newDebtXof), months.map((m) => m.recoveredXof)],
        target,
      );
      observer = new ResizeObserver(() => plot?.setSize({ width: target.clientWidth, height: heightPx }));
      observer.observe(target);
    });
    return () => {
      gone = true;
      observer?.disconnect();
      plot?.destroy();
    };
  }, [months, language]);
  return <div ref={box} className="dc-plot" aria-hidden="true" data-testid="chart" />;
}

export function MonthsChart({ months }: { months: readonly Month[] }) {
  const { t, i18n } = useTranslation('debt-creditor');
  return (
    <div className="dc-chart">
      <ul className="dc-legend" aria-hidden="true">
        <li className="dc-legend-new">{t('debt-creditor:dashboard.newDebt')}</li>
        <li className="dc-legend-recovered">{t('debt-creditor:dashboard.recovered')}</li>
      </ul>
      <Plot months={months} />
      <details className="dc-table-details">
        <summary>{t('debt-creditor:dashboard.chartTable')}</summary>
        <table className="dc-table">
          <thead>
            <tr>
              <th scope="col">{t('debt-creditor:dashboard.month')}</th>
              <th scope="col">{t('debt-creditor:dashboard.newDebt')}</th>
              <th scope="col">{t('debt-creditor:dashboard.recovered')}</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{monthName(m.month, i18n.language)}</th>
                <td>{formatFcfa(m.newDebtXof, i18n.language)}</td>
                <td>{formatFcfa(m.recoveredXof, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
