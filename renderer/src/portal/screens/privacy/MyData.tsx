/**
 * /mes-donnees (lazy): the person's rights over their data (law 2013-450, GDPR): download everything (an export job,
 * followed by <JobProgress>), ask for a rectification (what is wrong, what it should be), ask for erasure (what is
 * deleted, what the law keeps and why, then a confirmation), and their requests with their status.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { JobProgress } from '../exports/JobProgress.js';
import { OfflineMark } from '../OfflineMark.js';
import { fileRequest, myRequestsQuery, newIdempotencyKey, startExport } from './data.js';
import { problemText } from './problem.js';
import '../support/support.css';

export function MyData() {
  // The job's progress speaks the reports' words: loaded with ours, or its first render would suspend this screen
  // and lose the job just started (the screen came back with « Préparer mon fichier » and no progress).
  const { t, i18n } = useTranslation(['privacy', 'reports']);
  const requests = useQuery(myRequestsQuery);
  const lang = i18n.language;
  const [exportKey] = useState(newIdempotencyKey);
  const exportJob = useMutation({ mutationFn: () => startExport(exportKey) });
  return (
    <section aria-labelledby="pv-title" className="screen">
      <h1 id="pv-title">{t('privacy:mine.title')}</h1>
      <p>{t('privacy:mine.intro')}</p>
      <section aria-labelledby="pv-export-title" className="card">
        <h2 id="pv-export-title">{t('privacy:export.title')}</h2>
        <p>{t('privacy:export.explain')}</p>
        {exportJob.data === undefined ? (
          <button type="button" className="button" disabled={exportJob.isPending} onClick={() => exportJob.mutate()}>
            {t('privacy:export.start')}
          </button>
        ) : (
          <JobProgress jobId={exportJob.data.jobId} />
        )}
        {exportJob.isError ? (
          <p role="alert" className="error">
            {problemText(t, exportJob.error, lang)}
          </p>
        ) : null}
      </section>
      <Rectification />
      <Erasure />
      <section aria-labelledby="pv-requests-title">
        <h2 id="pv-requests-title">{t('privacy:requests.title')}</h2>
        <OfflineMark updatedAtMs={requests.dataUpdatedAt} failed={requests.isError} />
        {requests.data === undefined ? (
          <p>{requests.isError ? problemText(t, requests.error, lang) : t('app.loading')}</p>
        ) : requests.data.requests.length === 0 ? (
          <p>{t('privacy:requests.empty')}</p>
        ) : (
          <ul className="sp-list" data-testid="privacy-requests">
            {requests.data.requests.map((r) => (
              <li key={r.id} className="card">
                <h3>{t(`privacy:kind.${r.kind}`)}</h3>
                <span className="sp-chips">
                  <span className="sp-chip">{statusWord(t, r.status)}</span>
                </span>
                {r.createdAt ? <p className="muted">{formatDateTime(r.createdAt, lang)}</p> : null}
                <p className="sp-last">{r.details}</p>
                {r.note ? <p>{t('privacy:requests.note', { note: r.note })}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

/** « En attente », « Traitée », « Refusée »: anything the contract does not name is still waiting. */
export function statusWord(t: (key: string) => string, status: string): string {
  if (status === 'done') return t('privacy:status.done');
  if (status === 'refused') return t('privacy:status.refused');
  return t('privacy:status.pending');
}

function useFile(kind: 'rectification' | 'erasure') {
  const [key, setKey] = useState(newIdempotencyKey);
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (details: string) => fileRequest(kind, details, key),
    onSuccess: async () => {
      // The next request is another one: a new key.
      setKey(newIdempotencyKey());
      await queryClient.invalidateQueries({ queryKey: myRequestsQuery.queryKey });
    },
  });
}

function Rectification() {
  const { t, i18n } = useTranslation('privacy');
  const [wrong, setWrong] = useState('');
  const [right, setRight] = useState('');
  const file = useFile('rectification');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (wrong.trim() === '' || right.trim() === '' || file.isPending) return;
    file.mutate(`${t('privacy:rectify.wrong')} ${wrong.trim()}\n${t('privacy:rectify.right')} ${right.trim()}`, {
      onSuccess: () => {
        setWrong('');
        setRight('');
      },
    });
  };
  return (
    <section aria-labelledby="pv-rectify-title" className="card">
      <h2 id="pv-rectify-title">{t('privacy:rectify.title')}</h2>
      <form className="sp-form" onSubmit={submit}>
        <label htmlFor="pv-wrong">{t('privacy:rectify.wrong')}</label>
        <textarea id="pv-wrong" required maxLength={1000} value={wrong} onChange={(e) => setWrong(e.target.value)} />
        <label htmlFor="pv-right">{t('privacy:rectify.right')}</label>
        <textarea id="pv-right" required maxLength={1000} value={right} onChange={(e) => setRight(e.target.value)} />
        <button type="submit" className="button" disabled={file.isPending}>
          {t('privacy:rectify.submit')}
        </button>
        {file.isSuccess ? <p role="status">{t('privacy:requests.filed')}</p> : null}
        {file.isError ? (
          <p role="alert" className="error">
            {problemText(t, file.error, i18n.language)}
          </p>
        ) : null}
      </form>
    </section>
  );
}

function Erasure() {
  const { t, i18n } = useTranslation('privacy');
  const [reason, setReason] = useState('');
  const [understood, setUnderstood] = useState(false);
  const file = useFile('erasure');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!understood || file.isPending) return;
    file.mutate(reason.trim() === '' ? t('privacy:erase.defaultDetails') : reason.trim());
  };
  return (
    <section aria-labelledby="pv-erase-title" className="card">
      <h2 id="pv-erase-title">{t('privacy:erase.title')}</h2>
      <p>{t('privacy:erase.deleted')}</p>
      <p>{t('privacy:erase.kept')}</p>
      <p>{t('privacy:erase.refusedWhen')}</p>
      <p>
        <strong>{t('privacy:erase.final')}</strong>
      </p>
      <form className="sp-form" onSubmit={submit}>
        <label htmlFor="pv-erase-reason">{t('privacy:erase.reason')}</label>
        <textarea id="pv-erase-reason" maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
        <div className="sp-check">
          <input
            id="pv-erase-ok"
            type="checkbox"
            checked={understood}
            onChange={(e) => setUnderstood(e.target.checked)}
          />
          <label htmlFor="pv-erase-ok">{t('privacy:erase.confirm')}</label>
        </div>
        <button type="submit" className="button danger" disabled={!understood || file.isPending}>
          {t('privacy:erase.submit')}
        </button>
        {file.isSuccess ? <p role="status">{t('privacy:requests.filed')}</p> : null}
        {file.isError ? (
          <p role="alert" className="error">
            {problemText(t, file.error, i18n.language)}
          </p>
        ) : null}
      </form>
    </section>
  );
}
