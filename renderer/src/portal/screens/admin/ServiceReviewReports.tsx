/**
 * /admin/services/reviews (lazy): reviews that someone reported as abusive: the review (stars, text, provider) and
 * the reason; an admin hides it from the public profile ("Masquer l'avis") or keeps it ("Conserver").
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { decideReport, reviewReportsQuery } from '../provider/admin-data.js';
import { AdminActionError } from '../provider/AdminActionError.js';
import type { ReviewReport } from '../provider/types.js';
import { AdminGate } from './AdminGate.js';
import { adminErrorText } from './errors.js';
import '../../styles/provider.css';

function Report({ report }: { report: ReviewReport }) {
  const { t, i18n } = useTranslation('provider');
  const queryClient = useQueryClient();
  const decide = useMutation({
    mutationFn: (hide: boolean) => decideReport(report.id, hide),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'services', 'review-reports'] }),
  });
  return (
    <li className="card admin-entry" data-testid={`report-${report.id}`}>
      <p>
        <strong>{t('provider:admin.reviews.stars', { n: report.review.stars })}</strong>
        {` · ${report.review.providerName}`}
      </p>
      <blockquote className="provider-quote">{report.review.body}</blockquote>
      <p className="muted">
        {t('provider:admin.reviews.reason', {
          reason: report.reason,
          name: report.reporterName,
          at: formatDateTime(report.createdAt, i18n.language),
        })}
      </p>
      {decide.isError ? <AdminActionError error={decide.error} /> : null}
      <div className="admin-actions">
        <button type="button" className="button danger" disabled={decide.isPending} onClick={() => decide.mutate(true)}>
          {t('provider:admin.reviews.hide')}
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={decide.isPending}
          onClick={() => decide.mutate(false)}
        >
          {t('provider:admin.reviews.keep')}
        </button>
      </div>
    </li>
  );
}

function Reports() {
  const { t } = useTranslation('provider');
  const { t: ta } = useTranslation('admin');
  const reports = useQuery(reviewReportsQuery);
  if (reports.data === undefined)
    return <p>{reports.isError ? adminErrorText(ta, reports.error) : t('app.loading')}</p>;
  if (reports.data.length === 0) return <p>{t('provider:admin.reviews.empty')}</p>;
  return (
    <ul className="admin-list" data-testid="review-reports">
      {reports.data.map((r) => (
        <Report key={r.id} report={r} />
      ))}
    </ul>
  );
}

/** Asked only once the gate let an admin with the second factor through (the cloud refuses everyone else). */
export function ServiceReviewReports() {
  const { t } = useTranslation('provider');
  return <AdminGate title={t('provider:admin.reviews.title')}>{() => <Reports />}</AdminGate>;
}
