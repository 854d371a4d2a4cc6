/**
 * /exports (lazy): my export jobs, every kind (reports, personal-data ZIPs), newest first, each with its progress or
 * its download. The list's answer seeds each job's own query, so a finished job is not asked for again.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { ReportsNav } from '../reports/Nav.js';
import { JobProgress } from './JobProgress.js';
import { jobKey, jobsQuery } from './jobs.js';
import { problemText } from './problem.js';
import './exports.css';

export function Exports() {
  const { t, i18n } = useTranslation('reports');
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const jobs = useQuery(jobsQuery);
  useEffect(() => {
    for (const job of jobs.data?.jobs ?? []) queryClient.setQueryData(jobKey(job.id), job);
  }, [jobs.data, queryClient]);
  const list = jobs.data?.jobs ?? [];
  return (
    <section aria-labelledby="ex-title" className="screen rp">
      <h1 id="ex-title">{t('reports:exports.title')}</h1>
      <ReportsNav />
      <OfflineMark updatedAtMs={jobs.dataUpdatedAt} failed={jobs.isError} />
      <p className="rp-muted">{t('reports:exports.kept')}</p>
      {jobs.data === undefined ? (
        <p>{jobs.isError ? problemText(t, jobs.error, lang) : t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('reports:exports.none')}</p>
      ) : (
        <ul className="rp-list" data-testid="export-jobs">
          {list.map((job) => (
            <li key={job.id} className="card">
              <p className="rp-muted">{t('reports:exports.asked', { when: formatDateTime(job.createdAt, lang) })}</p>
              <JobProgress jobId={job.id} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
