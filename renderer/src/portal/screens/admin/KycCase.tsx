/**
 * A KYC case under review: who, when, the automatic checks, the documents (each view audited), and the decision:
 * approve (the cloud gives the ISMAIL ID and the card) or reject, always with a reason (lazy-loaded route).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { AdminGate } from './AdminGate.js';
import { decideKycCase, kycQueueQuery, type KycCase as Case } from './data.js';
import { DocumentViewer } from './DocumentViewer.js';
import { adminErrorText } from './errors.js';

type Decided = Awaited<ReturnType<typeof decideKycCase>>;

/** What was decided, kept by the case's screen: the refreshed queue no longer holds the case. */
function DecidedNote({ decided }: { decided: Decided }) {
  const { t } = useTranslation('admin');
  return (
    <p className="card admin-done" role="status" data-testid="kyc-decided">
      {decided.state === 'approved'
        ? t('admin:kyc.approved', { ismailId: decided.ismailId ?? '' })
        : t('admin:kyc.rejected')}{' '}
      <Link to="/admin/kyc">{t('admin:kyc.back')}</Link>
    </p>
  );
}

function Decision({ kycCase, onDecided }: { kycCase: Case; onDecided: (decided: Decided) => void }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const decide = useMutation({
    mutationFn: (approve: boolean) => decideKycCase(kycCase.caseId, approve, reason.trim()),
    onSuccess: (decided) => {
      // Kept above the queue first: once refreshed, the queue no longer has this case, and the
      // admin must still see the decision and the ISMAIL ID it gave.
      onDecided(decided);
      void queryClient.invalidateQueries({ queryKey: ['admin', 'kyc'] });
    },
    onError: (error) => setProblem(adminErrorText(t, error)),
  });

  function submit(event: { preventDefault(): void }, approve: boolean): void {
    event.preventDefault();
    if (reason.trim().length < 3) {
      setProblem(t('admin:kyc.reasonNeeded'));
      return;
    }
    setProblem(null);
    decide.mutate(approve);
  }

  return (
    <form className="card form" onSubmit={(e) => submit(e, true)} noValidate>
      <label htmlFor="kyc-reason">{t('admin:kyc.reason')}</label>
      <textarea id="kyc-reason" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      {problem !== null && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <div className="admin-actions">
        <button type="submit" className="button" disabled={decide.isPending}>
          {t('admin:kyc.approve')}
        </button>
        <button type="button" className="button danger" disabled={decide.isPending} onClick={(e) => submit(e, false)}>
          {t('admin:kyc.reject')}
        </button>
      </div>
    </form>
  );
}

function CaseBody({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation('admin');
  const queue = useQuery(kycQueueQuery);
  const [decided, setDecided] = useState<Decided | null>(null);
  if (decided !== null) return <DecidedNote decided={decided} />;
  if (queue.data === undefined) return <p>{queue.isError ? adminErrorText(t, queue.error) : t('app.loading')}</p>;
  const kycCase = queue.data.cases.find((c) => c.caseId === caseId);
  if (kycCase === undefined)
    return (
      <p className="card">
        {t('admin:kyc.notWaiting')} <Link to="/admin/kyc">{t('admin:kyc.back')}</Link>
      </p>
    );
  return (
    <div className="admin-columns">
      <div className="admin-column">
        <dl className="card admin-facts">
          <dt>{t('admin:kyc.holder')}</dt>
          <dd>{kycCase.displayName ?? t('admin:kyc.noName')}</dd>
          <dt>{t('admin:kyc.profile')}</dt>
          <dd>{t(`admin:profiles.${kycCase.profile}`, { defaultValue: kycCase.profile })}</dd>
          <dt>{t('admin:kyc.submitted')}</dt>
          <dd>
            <time dateTime={kycCase.submittedAt}>{formatDateTime(kycCase.submittedAt, i18n.language)}</time>
          </dd>
        </dl>
        <Decision kycCase={kycCase} onDecided={setDecided} />
      </div>
      <ul className="admin-list admin-column" aria-label={t('admin:kyc.documentsTitle')}>
        {(kycCase.documents ?? []).map((d) => (
          <DocumentViewer key={d.documentId} caseId={kycCase.caseId} document={d} />
        ))}
      </ul>
    </div>
  );
}

export function KycCase() {
  const { t } = useTranslation('admin');
  const { caseId } = useParams({ from: '/admin/kyc/$caseId' });
  return <AdminGate title={t('admin:kyc.caseTitle')}>{() => <CaseBody caseId={caseId} />}</AdminGate>;
}
