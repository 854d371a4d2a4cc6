/**
 * Sign-up, last step: the person agrees (the consent text's version is the cloud's), and the
 * case goes to review. What is still missing is named instead of a refusal after the fact.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';

const knownErrors = new Set(['KYC_CASE_SUBMITTED', 'VALIDATION_FAILED', 'RATE_LIMITED']);

export function ConsentStep(props: {
  readonly caseId: string;
  readonly consentVersion: string;
  readonly missing: readonly string[];
  readonly checking: boolean;
  readonly onSubmitted: () => void;
  readonly onBack: () => void;
}) {
  const { t } = useTranslation('onboarding');
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const { data, error } = await api.POST('/v1/kyc/cases/{caseId}/submit', {
        params: { path: { caseId: props.caseId } },
        // The cloud states the version it accepts; the person agreed to that text.
        body: { consent: true, consentVersion: props.consentVersion as 'kyc-consent-2026-11' },
      });
      if (data !== undefined || error.error.code === 'KYC_CASE_SUBMITTED') {
        props.onSubmitted();
        return;
      }
      setFailure(knownErrors.has(error.error.code) ? error.error.code : 'other');
    } catch {
      setFailure(navigator.onLine ? 'other' : 'offline');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="card form"
      data-testid="consent-form"
      data-checking={String(props.checking)}
      onSubmit={(event) => void submit(event)}
    >
      {props.missing.length > 0 && (
        <p className="error">{t('onboarding:consent.missing', { list: props.missing.join(', ') })}</p>
      )}
      <label className="choice consent">
        <input type="checkbox" required checked={agreed} onChange={(event) => setAgreed(event.target.checked)} />
        <span>{t('onboarding:consent.text')}</span>
      </label>
      {failure !== null && (
        <p className="error" role="alert">
          {t(`onboarding:errors.${failure}`)}
        </p>
      )}
      <div className="step-actions">
        <button type="button" className="button secondary" onClick={props.onBack} disabled={busy}>
          {t('onboarding:document.back')}
        </button>
        <button
          type="submit"
          className="button"
          disabled={busy || props.checking || !agreed || props.missing.length > 0}
        >
          {busy ? t('onboarding:consent.submitting') : t('onboarding:consent.submit')}
        </button>
      </div>
    </form>
  );
}
