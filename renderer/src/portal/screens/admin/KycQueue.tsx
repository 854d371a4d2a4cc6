/** The KYC queue: cases waiting for manual review, oldest first, each opening its case page (lazy-loaded route). */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { AdminGate } from './AdminGate.js';
import { kycQueueQuery } from './data.js';
import { adminErrorText } from './errors.js';

function Queue() {
  const { t, i18n } = useTranslation('admin');
  const queue = useQuery(kycQueueQuery);
  if (queue.data === undefined) return <p>{queue.isError ? adminErrorText(t, queue.error) : t('app.loading')}</p>;
  if (queue.data.cases.length === 0) return <p className="card">{t('admin:kyc.empty')}</p>;
  return (
    <ol className="admin-list" data-testid="kyc-queue">
      {queue.data.cases.map((c) => (
        <li key={c.caseId}>
          <Link to="/admin/kyc/$caseId" params={{ caseId: c.caseId }} className="card admin-row">
            <strong>{c.displayName ?? t('admin:kyc.noName')}</strong>
            <span className="muted">
              {t(`admin:profiles.${c.profile}`, { defaultValue: c.profile })} ·{' '}
              <time dateTime={c.submittedAt}>{formatDateTime(c.submittedAt, i18n.language)}</time>
            </span>
            <span className="muted">{t('admin:kyc.documents', { count: c.documents?.length ?? 0 })}</span>
          </Link>
        </li>
      ))}
    </ol>
  );
}

export function KycQueue() {
  const { t } = useTranslation('admin');
  return (
    <AdminGate title={t('admin:kyc.title')}>
      {() => (
        <>
          <p>{t('admin:kyc.intro')}</p>
          <Queue />
        </>
      )}
    </AdminGate>
  );
}
