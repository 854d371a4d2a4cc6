/**
 * /rapports (lazy): the reports the caller may run, a period (this or last week or month, or two dates), a module,
 * the preview with its totals, and « Exporter » in CSV, XLSX or PDF: an export job whose progress shows at once.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OfflineMark } from '../OfflineMark.js';
import { dayText } from '../bank/day.js';
import { JobProgress } from '../exports/JobProgress.js';
import { problemText } from '../exports/problem.js';
import { kindsQuery, previewQuery, startExport } from './data.js';
import { SelectField } from './Field.js';
import { reportModules } from './modules.js';
import { ReportsNav } from './Nav.js';
import { periodOf, periodProblem, presets, type Preset } from './period.js';
import { PreviewTable } from './PreviewTable.js';
import type { ReportFormat } from './types.js';
import '../exports/exports.css';

/** « Exporter » in each format the report has: a job started, its progress shown at once (newest first). */
function ExportButtons(props: {
  kind: string;
  formats: readonly ReportFormat[];
  request: { from: string; to: string; module?: string };
  disabled: boolean;
}) {
  const { t, i18n } = useTranslation('reports');
  const [jobs, setJobs] = useState<string[]>([]);
  const exporting = useMutation({
    mutationFn: (format: ReportFormat) => startExport(props.kind, { ...props.request, format }),
    onSuccess: ({ jobId }) => setJobs((held) => [jobId, ...held.filter((id) => id !== jobId)]),
  });
  return (
    <>
      <h2>{t('reports:export')}</h2>
      <p className="rp-actions">
        {props.formats.map((format) => (
          <button
            key={format}
            type="button"
            className="button"
            disabled={props.disabled || exporting.isPending}
            onClick={() => exporting.mutate(format)}
            aria-label={t('reports:exportAs', { format: format.toUpperCase() })}
          >
            {format.toUpperCase()}
          </button>
        ))}
      </p>
      {exporting.isError ? (
        <p className="error" role="alert">
          {problemText(t, exporting.error, i18n.language)}
        </p>
      ) : null}
      <div data-testid="jobs">
        {jobs.map((jobId) => (
          <JobProgress key={jobId} jobId={jobId} />
        ))}
      </div>
    </>
  );
}

export function Reports() {
  const { t, i18n } = useTranslation('reports');
  const lang = i18n.language;
  const kinds = useQuery(kindsQuery);
  const [chosenKind, setKind] = useState('');
  const [preset, setPreset] = useState<Preset>('thisMonth');
  const initial = periodOf('thisMonth', Date.now());
  const [custom, setCustom] = useState(initial);
  const [module, setModule] = useState('');
  const available = kinds.data?.kinds ?? [];
  const kind = available.find((k) => k.kind === chosenKind) ?? available[0];
  const period = preset === 'custom' ? custom : periodOf(preset, Date.now());
  const problem = periodProblem(period.from, period.to);
  const preview = useQuery({
    ...previewQuery(kind?.kind ?? '', period.from, period.to, module),
    enabled: kind !== undefined && problem === null,
  });
  return (
    <section aria-labelledby="rp-title" className="screen rp">
      <h1 id="rp-title">{t('reports:title')}</h1>
      <ReportsNav />
      <OfflineMark updatedAtMs={kinds.dataUpdatedAt} failed={kinds.isError} />
      {kinds.data === undefined ? (
        <p>{kinds.isError ? problemText(t, kinds.error, lang) : t('app.loading')}</p>
      ) : available.length === 0 ? (
        <p>{t('reports:none')}</p>
      ) : (
        <>
          <div className="rp-grid">
            <SelectField
              id="rp-kind"
              label={t('reports:kind')}
              value={kind?.kind ?? ''}
              options={available.map((k) => ({ value: k.kind, label: k.titleFr }))}
              onChange={setKind}
            />
            <SelectField
              id="rp-module"
              label={t('reports:module')}
              value={module}
              options={[
                { value: '', label: t('reports:modules.all') },
                ...reportModules.map((m) => ({ value: m, label: t(`reports:modules.${m}`) })),
              ]}
              onChange={setModule}
            />
            <SelectField
              id="rp-period"
              label={t('reports:period')}
              value={preset}
              options={presets.map((p) => ({ value: p, label: t(`reports:presets.${p}`) }))}
              onChange={setPreset}
            />
            {preset === 'custom' ? (
              <div className="rp-grid">
                <div>
                  <label htmlFor="rp-from">{t('reports:from')}</label>
                  <input
                    id="rp-from"
                    type="date"
                    value={custom.from}
                    onChange={(e) => setCustom({ ...custom, from: e.target.value })}
                  />
                </div>
                <div>
                  <label htmlFor="rp-to">{t('reports:to')}</label>
                  <input
                    id="rp-to"
                    type="date"
                    value={custom.to}
                    onChange={(e) => setCustom({ ...custom, to: e.target.value })}
                  />
                </div>
              </div>
            ) : (
              <p className="rp-muted" data-testid="period">
                {t('reports:between', { from: dayText(period.from, lang), to: dayText(period.to, lang) })}
              </p>
            )}
          </div>
          {problem === null ? null : (
            <p className="error" role="alert">
              {t(`reports:periodProblems.${problem}`)}
            </p>
          )}
          <ExportButtons
            kind={kind?.kind ?? ''}
            formats={kind?.formats ?? []}
            request={{ ...period, ...(module ? { module } : {}) }}
            disabled={problem !== null}
          />
          <h2>{t('reports:preview.title')}</h2>
          {preview.data === undefined ? (
            <p>{preview.isError ? problemText(t, preview.error, lang) : t('app.loading')}</p>
          ) : (
            <PreviewTable preview={preview.data} caption={kind?.titleFr ?? ''} />
          )}
        </>
      )}
    </section>
  );
}
