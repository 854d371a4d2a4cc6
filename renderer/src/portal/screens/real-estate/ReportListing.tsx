/** "Signaler l'annonce": a reason and an optional detail, read by the moderators (a bait fee, a listing gone…). */
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Refusal } from './Refusal.js';
import { reportListing } from './data.js';

const reasons = ['visit_fee', 'bait', 'not_available', 'wrong_info', 'duplicate', 'other'] as const;
type Reason = (typeof reasons)[number];

export function ReportListing({ listingId }: { listingId: string }) {
  const { t } = useTranslation('real-estate');
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<Reason | ''>('');
  const [detail, setDetail] = useState('');
  const report = useMutation({
    mutationFn: () =>
      reportListing(listingId, {
        reason: reason === '' ? 'other' : reason,
        ...(detail.trim() === '' ? {} : { detail: detail.trim() }),
      }),
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (reason !== '' && !report.isPending) report.mutate();
  }
  if (report.isSuccess)
    return (
      <p role="status" className="card">
        {t('real-estate:report.done')}
      </p>
    );
  if (!open)
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        {t('real-estate:report.open')}
      </button>
    );
  return (
    <form className="form card" onSubmit={submit} aria-labelledby="re-report-title">
      <h2 id="re-report-title">{t('real-estate:report.open')}</h2>
      <label htmlFor="re-report-reason">{t('real-estate:report.reason')}</label>
      <select
        id="re-report-reason"
        required
        value={reason}
        onChange={(e) => setReason(reasons.find((r) => r === e.target.value) ?? '')}
      >
        <option value="">{t('real-estate:report.pick')}</option>
        {reasons.map((r) => (
          <option key={r} value={r}>
            {t(`real-estate:report.reasons.${r}`)}
          </option>
        ))}
      </select>
      <label htmlFor="re-report-detail">{t('real-estate:report.detail')}</label>
      <textarea
        id="re-report-detail"
        rows={3}
        maxLength={1000}
        value={detail}
        onChange={(e) => setDetail(e.target.value)}
      />
      <Refusal error={report.error} />
      <button type="submit" className="button" disabled={report.isPending || reason === ''}>
        {t('real-estate:report.send')}
      </button>
    </form>
  );
}
