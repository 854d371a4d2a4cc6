/**
 * The audit log browser: newest first, filtered by action (or a family of actions) and subject, paged by sequence
 * number; with the chain and ledger checks above it (lazy-loaded route).
 */
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { AdminGate } from './AdminGate.js';
import { Checks } from './Checks.js';
import { auditPageQuery, type AuditFilters } from './data.js';
import { adminErrorText } from './errors.js';

/** Families the filter offers; the cloud takes any action name, "x." meaning every action of x. */
const families = ['', 'kyc.', 'card.', 'key.', 'rates.', 'account.', 'auth.', 'hub.'] as const;
const safe = /^[A-Za-z0-9_.:@-]+$/;

function Entries({ filters }: { filters: AuditFilters }) {
  const { t, i18n } = useTranslation('admin');
  // The cursors of the pages seen so far, to go back without the cloud keeping any state.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const beforeSeq = cursors.at(-1);
  const page = useQuery(auditPageQuery(filters, beforeSeq));
  if (page.data === undefined) return <p>{page.isError ? adminErrorText(t, page.error) : t('app.loading')}</p>;
  const next = page.data.nextBeforeSeq;
  return (
    <>
      {page.data.entries.length === 0 ? (
        <p className="card">{t('admin:audit.empty')}</p>
      ) : (
        <ol className="admin-list" data-testid="audit-entries">
          {page.data.entries.map((e) => (
            <li key={e.seq} className="card admin-entry">
              <div className="admin-entry-line">
                <code className="admin-action">{e.action}</code>
                <span className="muted">{e.seq}</span>
              </div>
              <div className="admin-entry-line muted">
                <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time>
                <span>{t('admin:audit.by', { actor: e.actorLabel, place: e.place })}</span>
              </div>
              <div className="admin-entry-line admin-subject">
                {e.subjectType} <code>{e.subjectId}</code>
              </div>
            </li>
          ))}
        </ol>
      )}
      <div className="admin-actions">
        <button
          type="button"
          className="button secondary"
          disabled={cursors.length === 1}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          {t('admin:audit.newer')}
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={next === null}
          onClick={() => setCursors([...cursors, next ?? undefined])}
        >
          {t('admin:audit.older')}
        </button>
      </div>
    </>
  );
}

function Browser() {
  const { t } = useTranslation('admin');
  const [family, setFamily] = useState('');
  const [subject, setSubject] = useState('');
  const [filters, setFilters] = useState<AuditFilters>({});
  function submit(event: FormEvent): void {
    event.preventDefault();
    const subjectId = subject.trim();
    setFilters({
      ...(family === '' ? {} : { action: family }),
      ...(subjectId !== '' && safe.test(subjectId) ? { subjectId } : {}),
    });
  }
  return (
    <>
      <form className="card form admin-filters" onSubmit={submit} role="search">
        <label htmlFor="audit-family">{t('admin:audit.family')}</label>
        <select id="audit-family" value={family} onChange={(e) => setFamily(e.target.value)}>
          {families.map((f) => (
            <option key={f} value={f}>
              {f === '' ? t('admin:audit.allFamilies') : t(`admin:audit.families.${f.slice(0, -1)}`)}
            </option>
          ))}
        </select>
        <label htmlFor="audit-subject">{t('admin:audit.subject')}</label>
        <input id="audit-subject" autoComplete="off" value={subject} onChange={(e) => setSubject(e.target.value)} />
        <button type="submit" className="button">
          {t('admin:audit.filter')}
        </button>
      </form>
      <Entries key={JSON.stringify(filters)} filters={filters} />
    </>
  );
}

export function Audit() {
  const { t } = useTranslation('admin');
  return (
    <AdminGate title={t('admin:audit.title')}>
      {() => (
        <>
          <Checks />
          <Browser />
        </>
      )}
    </AdminGate>
  );
}
