/**
 * What one widget shows: its tiles (amounts "12 500 FCFA", credits, counts), its chart or bars, its alerts with a
 * quick link to the screen that deals with each. The words come from the dashboard namespace, keyed by widget.
 */
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatCredits, formatDateTime, formatFcfa } from '../../../common/format.js';
import { Chart } from './Chart.js';
import type { WidgetFigures } from './data.js';

type Tile = WidgetFigures['tiles'][number];

function TileValue({ tile }: { readonly tile: Tile }) {
  const { t, i18n } = useTranslation('dashboard');
  const language = i18n.language;
  switch (tile.unit) {
    case 'xof':
      return <>{formatFcfa(tile.value, language)}</>;
    case 'centi_credits':
      return <>{`${formatCredits(tile.value, language)} ${t('dashboard:credits')}`}</>;
    case 'ok':
      return <>{tile.value === 1 ? t('dashboard:ledgerOk') : t('dashboard:ledgerBad')}</>;
    case 'count':
      return <>{new Intl.NumberFormat(language === 'en' ? 'en-CI' : 'fr-CI').format(tile.value)}</>;
  }
}

function Bars({
  points,
  unit,
}: {
  readonly points: readonly { label: string; value: number }[];
  readonly unit: string;
}) {
  const { t, i18n } = useTranslation('dashboard');
  const top = Math.max(1, ...points.map((p) => p.value));
  if (points.length === 0) return <p className="muted">{t('dashboard:chart.empty')}</p>;
  return (
    <ul className="bars">
      {points.map((p) => (
        <li key={p.label}>
          <span>{t(`dashboard:modules.${p.label}`, { defaultValue: p.label })}</span>
          <span className="bar" aria-hidden="true">
            <span style={{ width: `${String(Math.round((100 * p.value) / top))}%` }} />
          </span>
          <span className="bar-value">
            {unit === 'xof'
              ? formatFcfa(p.value, i18n.language)
              : `${formatCredits(p.value, i18n.language)} ${t('dashboard:credits')}`}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function WidgetBody({ figures }: { readonly figures: WidgetFigures | undefined }) {
  const { t, i18n } = useTranslation('dashboard');
  if (figures === undefined) return <p className="muted">{t('app.loading')}</p>;
  const { widget, series, alerts } = figures;
  return (
    <>
      {figures.tiles.length > 0 && (
        <dl className="tiles">
          {figures.tiles.map((tile) => (
            <div key={tile.key} className="tile">
              <dt>{t(`dashboard:tiles.${widget}.${tile.key}`)}</dt>
              <dd data-testid={`tile-${widget}-${tile.key}`}>
                <TileValue tile={tile} />
                {tile.at !== undefined && (
                  <span className="tile-at muted">{formatDateTime(tile.at, i18n.language)}</span>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {series !== undefined &&
        (widget === 'consumption_chart' ? (
          <Bars points={series.points} unit={series.unit} />
        ) : (
          <Chart id={`chart-${widget}`} points={series.points} unit={series.unit} bars={widget !== 'sales_chart'} />
        ))}
      {alerts !== undefined &&
        (alerts.length === 0 ? (
          <p className="muted">{t('dashboard:alerts.none')}</p>
        ) : (
          <ul className="alerts">
            {alerts.map((alert) => (
              <li key={alert.key}>
                <span>{t(`dashboard:alerts.${alert.key}`, { count: alert.count })}</span>
                <Link to={alert.link} className="button secondary">
                  {t(`dashboard:actions.${alert.key}`)}
                </Link>
              </li>
            ))}
          </ul>
        ))}
    </>
  );
}
