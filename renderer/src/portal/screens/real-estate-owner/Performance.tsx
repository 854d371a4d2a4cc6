/**
 * One listing's views, contacts and visits per day over the last 30 days: drawn by uPlot (loaded here only, with its
 * CSS, the first time the chart shows, as the dashboard area does), hidden from screen readers, which get the totals
 * as a sentence and the days as a table instead.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { dailyQuery } from './data.js';
import type { DailyFigures } from './types.js';
import { shortDay } from './when.js';

const heightPx = 200;
const series = ['views', 'contacts', 'visits'] as const;

function cssColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function Plot({ days }: { days: readonly DailyFigures[] }) {
  const { i18n } = useTranslation('real-estate-owner');
  const box = useRef<HTMLDivElement>(null);
  const language = i18n.language;
  useEffect(() => {
    const target = box.current;
    if (target === null || days.length === 0) return undefined;
    let plot: uPlot | undefined;
    let observer: ResizeObserver | undefined;
    let gone = false;
    void import('uplot').then(({ default: UPlot }) => {
      if (gone) return;
      const text = cssColor('--text', '#1a1a1a');
      const grid = cssColor('--border', '#cccccc');
      const colours = [cssColor('--brand', '#0b5cad'), cssColor('--credit', '#1b7a3a'), cssColor('--debit', '#b3261e')];
      const locale = language === 'en' ? 'en-GB' : 'fr-CI';
      const dayName = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
      const axis = { stroke: text, grid: { stroke: grid, width: 0.5 }, ticks: { stroke: grid } };
      plot = new UPlot(
        {
          width: target.clientWidth,
          height: heightPx,
          legend: { show: false },
          cursor: { show: false },
          scales: { x: { time: true } },
          axes: [
            { ...axis, values: (_u, splits) => splits.map((v) => dayName.format(new Date(v * 1000))) },
            { ...axis, size: 40, values: (_u, splits) => splits.map((v) => String(v)) },
          ],
          series: [{}, ...colours.map((stroke) => ({ stroke, width: 2 }))],
        },
        [days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000), ...series.map((s) => days.map((d) => d[s]))],
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
  }, [days, language]);
  return <div ref={box} className="reo-plot" aria-hidden="true" />;
}

export function Performance({ listingId }: { listingId: string }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  const daily = useQuery(dailyQuery(listingId, 30));
  if (daily.data === undefined)
    return <p>{daily.isError ? t('real-estate-owner:dashboard.chartError') : t('app.loading')}</p>;
  const total = (s: (typeof series)[number]) => daily.data.reduce((sum, d) => sum + d[s], 0);
  return (
    <div className="reo-chart" data-testid="performance">
      <ul className="reo-legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s} className={`reo-legend-${s}`}>
            {t(`real-estate-owner:dashboard.${s}`)}
          </li>
        ))}
      </ul>
      <Plot days={daily.data} />
      <p>
        {t('real-estate-owner:dashboard.chartSummary', {
          views: total('views'),
          contacts: total('contacts'),
          visits: total('visits'),
        })}
      </p>
      <details className="reo-table">
        <summary>{t('real-estate-owner:dashboard.chartTable')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('real-estate-owner:dashboard.day')}</th>
              {series.map((s) => (
                <th scope="col" key={s}>
                  {t(`real-estate-owner:dashboard.${s}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {daily.data.map((d) => (
              <tr key={d.day}>
                <th scope="row">{shortDay(`${d.day}T12:00:00Z`, i18n.language)}</th>
                {series.map((s) => (
                  <td key={s}>{d[s]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
