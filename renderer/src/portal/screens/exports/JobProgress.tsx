/**
 * A long export's progress (issue 27): reads `GET /v1/export-jobs/:jobId` every 2 s while it is queued or running
 * (no more once done or failed, nor once the screen is gone), shows a real progress bar with its rows and the
 * estimate, then « Télécharger » (the signed link; an expired one is traded for a fresh one), or the French error.
 * Shared by the reports and personal-data screens: the props are a contract.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { fetchJobFile, jobQuery } from './jobs.js';
import { save } from './loose.js';
import { problemText } from './problem.js';
import './exports.css';

export interface JobProgressProps {
  readonly jobId: string;
}

/** A name for the saved file when the cloud gave none: the job's label, plain letters. */
const fileNameOf = (label: string, kind: string): string => {
  const base = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  return base.length > 0 ? base : kind;
};

/** « environ 40 s restantes », « environ 3 min restantes »: minutes once over 90 s, rounded up. */
function eta(t: TFunction, seconds: number): string {
  if (seconds < 90) return t('reports:job.etaSeconds', { seconds: Math.max(1, Math.round(seconds)) });
  return t('reports:job.etaMinutes', { minutes: Math.ceil(seconds / 60) });
}

export function JobProgress({ jobId }: JobProgressProps) {
  const { t, i18n } = useTranslation('reports');
  const lang = i18n.language;
  const labelId = useId();
  const job = useQuery(jobQuery(jobId));
  const download = useMutation({
    mutationFn: async (url: string) => fetchJobFile(url),
    onSuccess: (file) => {
      const view = job.data;
      if (view !== undefined) save(file.url, file.fileName ?? fileNameOf(view.label, view.kind));
    },
  });
  const count = (n: number) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-CI').format(n);
  const view = job.data;
  if (view === undefined)
    return (
      <p className="jp" data-testid={`job-${jobId}`}>
        {job.isError ? problemText(t, job.error, lang) : t('reports:job.loading')}
      </p>
    );
  const total = view.totalRows;
  const progressText =
    total === null
      ? t('reports:job.counting', { done: count(view.doneRows) })
      : t('reports:job.rows', { done: count(view.doneRows), total: count(total) });
  return (
    <div className="jp" data-testid={`job-${jobId}`} data-status={view.status}>
      <p className="jp-label" id={labelId}>
        {view.label}
      </p>
      {view.status === 'queued' || view.status === 'running' ? (
        <>
          {/* Without a total the bar is indeterminate (no value), as the browser draws a wait. */}
          <progress
            aria-label={progressText}
            aria-describedby={labelId}
            max={total ?? undefined}
            value={total === null ? undefined : Math.min(view.doneRows, total)}
          />
          <p className="jp-detail" aria-live="polite">
            {view.status === 'queued' ? t('reports:job.queued') : progressText}
            {view.etaSeconds === null ? null : ` · ${eta(t, view.etaSeconds)}`}
          </p>
        </>
      ) : null}
      {view.status === 'done' && view.downloadUrl !== null ? (
        <p className="jp-actions">
          <span className="jp-done">{t('reports:job.done', { rows: count(view.doneRows) })}</span>
          <button
            type="button"
            className="button"
            disabled={download.isPending}
            onClick={() => view.downloadUrl !== null && download.mutate(view.downloadUrl)}
          >
            {download.isPending ? t('reports:job.downloading') : t('reports:job.download')}
          </button>
        </p>
      ) : null}
      {view.status === 'done' && view.downloadUrl === null ? <p>{t('reports:job.gone')}</p> : null}
      {view.status === 'failed' ? (
        <p className="error" role="alert">
          {view.error ?? t('reports:job.failed')}
        </p>
      ) : null}
      {download.isError ? (
        <p className="error" role="alert">
          {problemText(t, download.error, lang)}
        </p>
      ) : null}
    </div>
  );
}
