/**
 * /admin/donnees-personnelles (lazy, admins): the register of processing activities (table and its CSV for the
 * ARTCI declaration), the people's requests to decide (done or refused, with a note; an erasure decided done runs
 * it, and the cloud refuses it in French while the person still has credits, an open debt or an unfinished order),
 * and the retention periods.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { adminRequestsQuery, decideRequest, downloadRegistryCsv, registryQuery } from './data.js';
import { statusWord } from './MyData.js';
import { problemText } from './problem.js';
import { RetentionSettings } from './RetentionSettings.js';
import type { PrivacyRequest, RequestStatus } from './types.js';
import '../support/support.css';
import './privacy.css';

export function AdminPrivacy() {
  const { t, i18n } = useTranslation('privacy');
  const registry = useQuery(registryQuery);
  const [status, setStatus] = useState<RequestStatus | ''>('open');
  const requests = useQuery(adminRequestsQuery(status));
  const csv = useMutation({ mutationFn: downloadRegistryCsv });
  const lang = i18n.language;
  return (
    <section aria-labelledby="pv-admin-title" className="screen">
      <h1 id="pv-admin-title">{t('privacy:admin.title')}</h1>
      <section aria-labelledby="pv-requests-admin-title">
        <h2 id="pv-requests-admin-title">{t('privacy:admin.requests')}</h2>
        <div className="sp-filters">
          <div>
            <label htmlFor="pv-status">{t('privacy:admin.status')}</label>
            <select id="pv-status" value={status} onChange={(e) => setStatus(e.target.value as RequestStatus | '')}>
              <option value="">{t('privacy:admin.allStatuses')}</option>
              <option value="open">{t('privacy:status.pending')}</option>
              <option value="done">{t('privacy:status.done')}</option>
              <option value="refused">{t('privacy:status.refused')}</option>
            </select>
          </div>
        </div>
        <OfflineMark updatedAtMs={requests.dataUpdatedAt} failed={requests.isError} />
        {requests.data === undefined ? (
          <p>{requests.isError ? problemText(t, requests.error, lang) : t('app.loading')}</p>
        ) : requests.data.requests.length === 0 ? (
          <p>{t('privacy:requests.empty')}</p>
        ) : (
          <ul className="sp-list" data-testid="admin-privacy-requests">
            {requests.data.requests.map((r) => (
              <RequestItem key={r.id} request={r} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="pv-registry-title">
        <h2 id="pv-registry-title">{t('privacy:admin.registry')}</h2>
        <p>
          <button type="button" className="button secondary" disabled={csv.isPending} onClick={() => csv.mutate()}>
            {t('privacy:admin.csv')}
          </button>
        </p>
        {csv.isError ? (
          <p role="alert" className="error">
            {problemText(t, csv.error, lang)}
          </p>
        ) : null}
        {registry.data === undefined ? (
          <p>{registry.isError ? problemText(t, registry.error, lang) : t('app.loading')}</p>
        ) : (
          <div className="pv-table-wrap" role="region" aria-labelledby="pv-registry-title" tabIndex={0}>
            <table className="pv-table">
              <thead>
                <tr>
                  <th scope="col">{t('privacy:registry.table')}</th>
                  <th scope="col">{t('privacy:registry.purpose')}</th>
                  <th scope="col">{t('privacy:registry.basis')}</th>
                  <th scope="col">{t('privacy:registry.retention')}</th>
                  <th scope="col">{t('privacy:registry.erasure')}</th>
                </tr>
              </thead>
              <tbody>
                {registry.data.activities.map((a) => (
                  <tr key={`${a.module}.${a.table}`}>
                    <th scope="row">
                      {a.module}
                      <br />
                      <code>{a.table}</code>
                    </th>
                    <td>{a.purposeFr}</td>
                    <td>{t(`privacy:basis.${a.legalBasis}`)}</td>
                    <td>{a.retentionFr}</td>
                    <td>
                      {t(`privacy:onErasure.${a.onErasure}`)}
                      {a.keptBecauseFr ? <span className="muted"> — {a.keptBecauseFr}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <RetentionSettings />
    </section>
  );
}

function RequestItem({ request: r }: { request: PrivacyRequest }) {
  const { t, i18n } = useTranslation('privacy');
  const [note, setNote] = useState('');
  const queryClient = useQueryClient();
  const decide = useMutation({
    mutationFn: (decision: 'done' | 'refused') => decideRequest(r.id, decision, note.trim()),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['privacy', 'admin', 'requests'] }),
  });
  const noteId = `pv-note-${r.id}`;
  const pending = r.status !== 'done' && r.status !== 'refused';
  return (
    <li className="card">
      <h3>
        {t(`privacy:kind.${r.kind}`)}
        {r.accountName ? ` — ${r.accountName}` : ''}
      </h3>
      <span className="sp-chips">
        <span className="sp-chip">{statusWord(t, r.status)}</span>
      </span>
      {r.createdAt ? <p className="muted">{formatDateTime(r.createdAt, i18n.language)}</p> : null}
      <p className="sp-last">{r.details}</p>
      {r.note ? <p>{t('privacy:requests.note', { note: r.note })}</p> : null}
      {pending ? (
        <div className="sp-form">
          <label htmlFor={noteId}>{t('privacy:admin.note')}</label>
          <textarea id={noteId} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
          <button
            type="button"
            className="button"
            disabled={decide.isPending || note.trim() === ''}
            onClick={() => decide.mutate('done')}
          >
            {r.kind === 'erasure' ? t('privacy:admin.doErase') : t('privacy:admin.done')}
          </button>
          <button
            type="button"
            className="button secondary"
            disabled={decide.isPending || note.trim() === ''}
            onClick={() => decide.mutate('refused')}
          >
            {t('privacy:admin.refuse')}
          </button>
          {decide.isError ? (
            <p role="alert" className="error">
              {problemText(t, decide.error, i18n.language)}
            </p>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
