/**
 * A report's preview: its columns as the cloud names them (in French), amounts « 12 500 FCFA » aligned right, then a
 * totals row. Scrolls sideways on a 360 px phone rather than squeezing the figures.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { reportModules } from './modules.js';
import type { ReportColumn, ReportPreview } from './types.js';

const isModule = (value: unknown): value is (typeof reportModules)[number] =>
  (reportModules as readonly unknown[]).includes(value);

function cell(
  column: ReportColumn,
  value: string | number | null | undefined,
  lang: string,
  moduleName: (key: (typeof reportModules)[number]) => string,
): string {
  if (value === null || value === undefined || value === '') return '—';
  // The cloud names a module by its key (« real_estate »); the reader sees the menu's word (« Immobilier »).
  if (column.key === 'module' && isModule(value)) return moduleName(value);
  if (column.type === 'xof' && typeof value === 'number') return formatFcfa(value, lang);
  if (column.type === 'integer' && typeof value === 'number')
    return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-CI').format(value);
  if (column.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value))
    return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-CI', { dateStyle: 'short', timeZone: 'UTC' }).format(
      new Date(`${value.slice(0, 10)}T00:00:00Z`),
    );
  return String(value);
}

const firstRows = 20;

const numeric = (column: ReportColumn) => column.type === 'xof' || column.type === 'integer';

export function PreviewTable({ preview, caption }: { preview: ReportPreview; caption: string }) {
  const { t, i18n } = useTranslation('reports');
  const lang = i18n.language;
  const moduleName = (key: (typeof reportModules)[number]) => t(`reports:modules.${key}`);
  const hasTotals = Object.keys(preview.totals).length > 0;
  // A phone shows the first lines; the rest of the preview (up to 200) on demand, the export holds them all.
  const [all, setAll] = useState(false);
  const shown = all ? preview.rows : preview.rows.slice(0, firstRows);
  const count = (n: number) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-CI').format(n);
  return (
    <>
      <p className="rp-muted">
        {preview.truncated
          ? t('reports:preview.truncated', { shown: count(preview.rows.length), total: count(preview.totalRows) })
          : t('reports:preview.count', { total: count(preview.totalRows) })}
      </p>
      {/* The totals first, in full: on a phone the table's last columns are off screen. */}
      {hasTotals ? (
        <dl className="rp-totals" data-testid="totals-summary">
          {preview.columns
            .filter((column) => preview.totals[column.key] !== undefined)
            .map((column) => (
              <div key={column.key} className="card">
                <dt>{column.labelFr}</dt>
                <dd>{cell(column, preview.totals[column.key], lang, moduleName)}</dd>
              </div>
            ))}
        </dl>
      ) : null}
      <div className="rp-scroll" tabIndex={0} role="region" aria-label={caption}>
        <table className="rp-table" data-testid="preview">
          <thead>
            <tr>
              {preview.columns.map((column) => (
                <th key={column.key} scope="col" className={numeric(column) ? 'rp-num' : undefined}>
                  {column.labelFr}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, index) => (
              <tr key={index}>
                {preview.columns.map((column) => (
                  <td key={column.key} className={numeric(column) ? 'rp-num' : undefined}>
                    {cell(column, row[column.key], lang, moduleName)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          {hasTotals ? (
            <tfoot data-testid="totals">
              <tr>
                {preview.columns.map((column, index) => {
                  const total = preview.totals[column.key];
                  if (index === 0 && total === undefined)
                    return (
                      <th key={column.key} scope="row">
                        {t('reports:preview.total')}
                      </th>
                    );
                  return (
                    <td key={column.key} className={numeric(column) ? 'rp-num' : undefined}>
                      {total === undefined ? '' : cell(column, total, lang, moduleName)}
                    </td>
                  );
                })}
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      {shown.length < preview.rows.length ? (
        <button type="button" className="button rp-secondary" onClick={() => setAll(true)}>
          {t('reports:preview.showAll', { lines: preview.rows.length })}
        </button>
      ) : null}
    </>
  );
}
