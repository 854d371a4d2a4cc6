/**
 * /admin/immobilier (lazy): the real estate review queue. Listings the automatic checks held (a fee asked to visit, a
 * likely duplicate) with the checks' note, a duplicate shown beside the listing it repeats, each published or
 * suspended with a note; and open reports by users, each dismissed or upheld (the listing suspended). Behind the
 * admin gate (second factor): a stale code offers to sign in again.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { ApiError } from '../../api/client.js';
import { decideListing, decideReport, publishedListingQuery, reviewQuery } from '../real-estate-owner/admin-data.js';
import { problemText } from '../real-estate-owner/problem.js';
import type { OwnerListing, ReviewReport } from '../real-estate-owner/types.js';
import { ActionError } from './ActionError.js';
import { AdminGate } from './AdminGate.js';
import { adminErrorText } from './errors.js';
import '../../styles/real-estate-owner.css';

function Failure({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  if (error instanceof ApiError && error.code === 'SECOND_FACTOR_REQUIRED') return <ActionError error={error} />;
  return (
    <p className="error" role="alert">
      {problemText(t, error, i18n.language)}
    </p>
  );
}

type Shown = Pick<OwnerListing, 'title' | 'kind' | 'commune' | 'areaM2' | 'priceXof' | 'description' | 'agentName'> & {
  readonly contactPhone?: string;
};

function Summary({ listing }: { listing: Shown }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  return (
    <div className="reo-summary">
      <h3>{listing.title}</h3>
      <p className="muted">
        {t('real-estate-owner:admin.where', {
          kind: t(`real-estate-owner:kind.${listing.kind}`),
          commune: listing.commune,
          area: listing.areaM2,
          price: formatFcfa(listing.priceXof, i18n.language),
        })}
      </p>
      <p className="muted">
        {listing.contactPhone === undefined
          ? listing.agentName
          : t('real-estate-owner:admin.agent', { name: listing.agentName, phone: listing.contactPhone })}
      </p>
      <p className="reo-description">{listing.description}</p>
    </div>
  );
}

function Held({ listing, all }: { listing: OwnerListing; all: readonly OwnerListing[] }) {
  const { t } = useTranslation('real-estate-owner');
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: (decision: 'publish' | 'suspend') => decideListing(listing.id, decision, note.trim()),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'real-estate'] }),
  });
  const held = listing.duplicateOf === null ? undefined : all.find((l) => l.id === listing.duplicateOf);
  // The listing it repeats is usually published, so not in the queue: read as anyone reads a published listing.
  const published = useQuery({
    ...publishedListingQuery(listing.duplicateOf ?? ''),
    enabled: listing.duplicateOf !== null && held === undefined,
  });
  const original: Shown | undefined = held ?? published.data;
  return (
    <li className="card admin-entry" data-testid={`held-${listing.id}`}>
      <p className="reo-warning">{t('real-estate-owner:admin.note', { note: listing.moderationNote ?? '' })}</p>
      <div className={listing.duplicateOf === null ? undefined : 'reo-side-by-side'}>
        <Summary listing={listing} />
        {listing.duplicateOf === null ? null : original === undefined ? (
          <p className="muted">{t('real-estate-owner:admin.duplicateOf', { id: listing.duplicateOf.slice(0, 8) })}</p>
        ) : (
          <div>
            <p className="muted">{t('real-estate-owner:admin.original')}</p>
            <Summary listing={original} />
          </div>
        )}
      </div>
      <label htmlFor={`reo-admin-note-${listing.id}`}>{t('real-estate-owner:admin.decisionNote')}</label>
      <textarea
        id={`reo-admin-note-${listing.id}`}
        rows={2}
        maxLength={1000}
        required
        aria-describedby={`reo-admin-note-hint-${listing.id}`}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <p className="muted" id={`reo-admin-note-hint-${listing.id}`}>
        {t('real-estate-owner:admin.noteHint')}
      </p>
      {decide.isError ? <Failure error={decide.error} /> : null}
      <div className="admin-actions">
        <button
          type="button"
          className="button"
          disabled={decide.isPending || note.trim() === ''}
          onClick={() => decide.mutate('publish')}
        >
          {t('real-estate-owner:admin.publish')}
        </button>
        <button
          type="button"
          className="button danger"
          disabled={decide.isPending || note.trim() === ''}
          onClick={() => decide.mutate('suspend')}
        >
          {t('real-estate-owner:admin.suspend')}
        </button>
      </div>
    </li>
  );
}

const reasons = new Set(['visit_fee', 'bait', 'not_available', 'wrong_info', 'duplicate', 'other']);

function Report({ report }: { report: ReviewReport }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  const queryClient = useQueryClient();
  const decide = useMutation({
    mutationFn: (suspend: boolean) => decideReport(report.id, suspend),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin', 'real-estate'] }),
  });
  return (
    <li className="card admin-entry" data-testid={`report-${report.id}`}>
      <h3>{report.listingTitle}</h3>
      <p>
        {t('real-estate-owner:admin.reason', {
          reason: reasons.has(report.reason) ? t(`real-estate-owner:admin.reasons.${report.reason}`) : report.reason,
          name: report.reporterName,
          at: formatDateTime(report.createdAt, i18n.language),
        })}
      </p>
      {report.detail === null || report.detail === '' ? null : (
        <blockquote className="reo-quote">{report.detail}</blockquote>
      )}
      {decide.isError ? <Failure error={decide.error} /> : null}
      <div className="admin-actions">
        <button type="button" className="button danger" disabled={decide.isPending} onClick={() => decide.mutate(true)}>
          {t('real-estate-owner:admin.suspend')}
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={decide.isPending}
          onClick={() => decide.mutate(false)}
        >
          {t('real-estate-owner:admin.dismiss')}
        </button>
      </div>
    </li>
  );
}

function Queue() {
  const { t } = useTranslation('real-estate-owner');
  const { t: ta } = useTranslation('admin');
  const review = useQuery(reviewQuery);
  if (review.data === undefined) return <p>{review.isError ? adminErrorText(ta, review.error) : t('app.loading')}</p>;
  const { listings, reports } = review.data;
  return (
    <>
      <h2>{t('real-estate-owner:admin.held')}</h2>
      {listings.length === 0 ? (
        <p>{t('real-estate-owner:admin.noHeld')}</p>
      ) : (
        <ul className="admin-list" data-testid="held">
          {listings.map((l) => (
            <Held key={l.id} listing={l} all={listings} />
          ))}
        </ul>
      )}
      <h2>{t('real-estate-owner:admin.reports')}</h2>
      {reports.length === 0 ? (
        <p>{t('real-estate-owner:admin.noReports')}</p>
      ) : (
        <ul className="admin-list" data-testid="reports">
          {reports.map((r) => (
            <Report key={r.id} report={r} />
          ))}
        </ul>
      )}
    </>
  );
}

/** Asked only once the gate let an admin with the second factor through (the cloud refuses everyone else). */
export function RealEstateReview() {
  const { t } = useTranslation('real-estate-owner');
  return <AdminGate title={t('real-estate-owner:admin.title')}>{() => <Queue />}</AdminGate>;
}
