/**
 * /recouvrement/dossiers (lazy): the creditor's files, filtered by status and searched by debtor, label or reference;
 * each with what is left, its due day, its status and its warnings.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { filesQuery } from './data.js';
import { DebtNav } from './Nav.js';
import { problemText } from './problem.js';
import { StatusBadge } from './StatusBadge.js';
import { debtStatuses } from './types.js';
import { longDay } from './when.js';
import '../../styles/debt-creditor.css';

export function DebtFiles() {
  const { t, i18n } = useTranslation('debt-creditor');
  const [status, setStatus] = useState('');
  const [typed, setTyped] = useState('');
  const q = useDeferredValue(typed.trim());
  const files = useQuery(filesQuery(status, q));
  const lang = i18n.language;
  return (
    <section aria-labelledby="dc-files-title" className="screen dc">
      <h1 id="dc-files-title">{t('debt-creditor:files.title')}</h1>
      <DebtNav />
      <OfflineMark updatedAtMs={files.dataUpdatedAt} failed={files.isError} />
      <p className="dc-actions">
        <Link to="/recouvrement/nouveau" className="button">
          {t('debt-creditor:dashboard.add')}
        </Link>
      </p>
      <div className="dc-filters" role="search">
        <div>
          <label htmlFor="dc-status">{t('debt-creditor:files.status')}</label>
          <select id="dc-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('debt-creditor:files.allStatuses')}</option>
            {debtStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`debt-creditor:status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="dc-q">{t('debt-creditor:files.search')}</label>
          <input id="dc-q" type="search" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </div>
      </div>
      {files.data === undefined ? (
        <p>{files.isError ? problemText(t, files.error, lang) : t('app.loading')}</p>
      ) : files.data.files.length === 0 ? (
        <p>{t('debt-creditor:files.empty')}</p>
      ) : (
        <ul className="dc-list" data-testid="files">
          {files.data.files.map((f) => (
            <li key={f.id} className="card dc-file" data-testid={`file-${f.id}`}>
              <h2>
                <Link to="/recouvrement/dossiers/$fileId" params={{ fileId: f.id }}>
                  {f.debtorName}
                </Link>
              </h2>
              <p className="dc-label">{f.label}</p>
              <p>
                <strong className="dc-left">
                  {t('debt-creditor:files.left', { amount: formatFcfa(f.leftXof, lang) })}
                </strong>
                <br />
                <span className="muted">{t('debt-creditor:files.due', { day: longDay(f.dueOn, lang) })}</span>
              </p>
              <StatusBadge file={f} />
            </li>
          ))}
        </ul>
      )}
      {files.data?.nextCursor ? <p className="muted">{t('debt-creditor:files.more')}</p> : null}
    </section>
  );
}
