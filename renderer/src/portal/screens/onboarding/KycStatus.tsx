/**
 * The identity file while it is reviewed: to complete (what is missing), being reviewed (read
 * again every 30 seconds), rejected with the reviewer's reason and a way to start again, or
 * approved: the ISMAIL ID and the card appear, with a notice.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import '../../styles/onboarding.css';
import { OfflineMark } from '../OfflineMark.js';
import { myKycQuery } from './kyc-query.js';
import { documentSteps } from './wizard-state.js';

const reviewPollMs = 30_000;

export function KycStatus() {
  const { t, i18n } = useTranslation('onboarding');
  const kyc = useQuery({
    ...myKycQuery,
    refetchInterval: (query) => (query.state.data?.case?.state === 'in_review' ? reviewPollMs : false),
  });
  const data = kyc.data;
  const state =
    data === undefined ? null : data.account.status === 'active' ? 'approved' : (data.case?.state ?? 'none');
  const received = new Set(data?.case?.documents.map((d) => d.kind) ?? []);
  const missing = documentSteps.filter((k) => !received.has(k)).map((k) => t(`onboarding:signUp.steps.${k}`));

  return (
    <section aria-labelledby="kyc-title" className="screen">
      <h1 id="kyc-title">{t('onboarding:kyc.title')}</h1>
      {data === undefined || state === null ? (
        <p className={kyc.isError ? 'error' : undefined}>
          {kyc.isError ? t('onboarding:kyc.error') : t('app.loading')}
        </p>
      ) : (
        <div className={`card kyc-state kyc-${state}`} data-testid="kyc-state" data-state={state}>
          <p className="kyc-badge">{t(`onboarding:kyc.states.${state}`)}</p>
          {state === 'approved' && (
            <div role="status" className="approved">
              <p className="notice-line">{t('onboarding:kyc.approvedNotice')}</p>
              <p className="muted">{t('onboarding:kyc.ismailId')}</p>
              <p className="ismail-id" data-testid="ismail-id">
                {data.account.ismailId}
              </p>
              <Link to="/card" className="button">
                {t('onboarding:kyc.seeCard')}
              </Link>
            </div>
          )}
          {state === 'in_review' && (
            <>
              {data.case?.submittedAt != null && (
                <p>{t('onboarding:kyc.submittedAt', { date: formatDateTime(data.case.submittedAt, i18n.language) })}</p>
              )}
              <p>{t('onboarding:kyc.pendingHelp')}</p>
            </>
          )}
          {state === 'rejected' && (
            <>
              <p data-testid="kyc-reason">{t('onboarding:kyc.reason', { reason: data.case?.reason ?? '' })}</p>
              <Link to="/sign-up" className="button">
                {t('onboarding:kyc.restart')}
              </Link>
            </>
          )}
          {(state === 'draft' || state === 'none') && (
            <>
              {missing.length > 0 && <p>{t('onboarding:kyc.missing', { list: missing.join(', ') })}</p>}
              <Link to="/sign-up" className="button">
                {t('onboarding:kyc.continue')}
              </Link>
            </>
          )}
          {state !== 'approved' && received.size > 0 && (
            <>
              <h2 className="small-title">{t('onboarding:kyc.documents')}</h2>
              <ul className="received">
                {documentSteps
                  .filter((k) => received.has(k))
                  .map((k) => (
                    <li key={k}>{t(`onboarding:signUp.steps.${k}`)}</li>
                  ))}
              </ul>
            </>
          )}
          <OfflineMark updatedAtMs={kyc.dataUpdatedAt} failed={kyc.isError} />
        </div>
      )}
    </section>
  );
}
