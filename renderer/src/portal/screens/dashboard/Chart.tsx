/**
 * One chart of the dashboard: drawn by uPlot (loaded here only, with its CSS, the first time a chart shows), hidden
 * from screen readers, which get the same figures as a sentence and a table instead (months, never 366 days).
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatCredits, formatFcfa } from '../../../common/format.js';

export interface ChartPoint {
  readonly label: string;
  readonly value: number;
}

/** Days summed per month ("2026-03-14" → "2026-03"); months and modules are kept as they are. */
export function byMonth(points: readonly ChartPoint[]): ChartPoint[] {
  const months = new Map<string, number>();
  for (const p of points) months.set(p.label.slice(0, 7), (months.get(p.label.slice(0, 7)) ?? 0) + p.value);
  return [...months].map(([label, value]) => ({ label, value }));
}

/** "2026-03" as "mars 2026"; anything else as it is. */
function periodName(label: string, language: string): string {
  if (!/^\d{4}-\d{2}$/.test(label)) return label;
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-CI', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${label}-01T00:00:00Z`));
}

function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#0b5cad';
}

const heightPx = 220;

export function Chart(props: {
  readonly id: string;
  readonly points: readonly ChartPoint[];
  readonly unit: string;
  readonly bars: boolean;
}) {
  const { t, i18n } = useTranslation('dashboard');
  const box = useRef<HTMLDivElement>(null);
  const language = i18n.language;
  const money = (value: number): string =>
    props.unit === 'xof' ? formatFcfa(value, language) : `${formatCredits(value, language)} ${t('dashboard:credits')}`;

  useEffect(() => {
    const target = box.current;
    if (target === null || props.points.length === 0) return undefined;
    let plot: uPlot | undefined;
    let observer: ResizeObserver | undefined;
    let gone = false;
    void import('uplot').then(({ default: UPlot }) => {
      if (gone) return;
      const x = props.points.map((p) => Date.parse(p.label.length === 7 ? `${p.label}-01` : p.label) / 1000);
      const y = props.points.map((p) => (props.unit === 'xof' ? p.value : p.value / 100));
      const text = cssColor('--text');
      const grid = cssColor('--border');
      const brand = cssColor('--brand');
      // uPlot writes its axes in English by default: the portal's language instead ("80 000", "févr.").
      const locale = language === 'en' ? 'en-GB' : 'fr-CI';
      const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
      const months = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
      plot = new UPlot(
        {
          width: target.clientWidth,
          height: heightPx,
          legend: { show: false },
          cursor: { show: false },
          scales: { x: { time: true } },
          axes: [
            {
              stroke: text,
              grid: { stroke: grid, width: 0.5 },
              ticks: { stroke: grid },
              values: (_u, splits) => splits.map((v) => months.format(new Date(v * 1000))),
            },
            {
              stroke: text,
              grid: { stroke: grid, width: 0.5 },
              ticks: { stroke: grid },
              size: 70,
              values: (_u, splits) => splits.map((v) => numbers.format(v)),
            },
          ],
          series: [
            {},
            {
              stroke: brand,
              width: 2,
              fill: `${brand}33`,
              ...(props.bars && UPlot.paths.bars !== undefined ? { paths: UPlot.paths.bars({ size: [0.6, 40] }) } : {}),
            },
          ],
        },
        [x, y],
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
  }, [props.points, props.unit, props.bars, language]);

  const rows = props.points[0]?.label.length === 10 ? byMonth(props.points) : props.points;
  const total = rows.reduce((s, p) => s + p.value, 0);
  const best = rows.reduce<ChartPoint | undefined>((b, p) => (b === undefined || p.value > b.value ? p : b), undefined);
  return (
    <div className="chart">
      <div ref={box} className="chart-plot" aria-hidden="true" />
      <p className="chart-summary" id={`${props.id}-summary`}>
        {best === undefined || total === 0
          ? t('dashboard:chart.empty')
          : t('dashboard:chart.summary', {
              total: money(total),
              best: periodName(best.label, language),
              bestValue: money(best.value),
            })}
      </p>
      <details className="chart-data">
        <summary>{t('dashboard:chart.table')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('dashboard:chart.period')}</th>
              <th scope="col">{t('dashboard:chart.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.label}>
                <th scope="row">{periodName(p.label, language)}</th>
                <td>{money(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
