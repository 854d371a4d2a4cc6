/**
 * Sign-up for a client or a partner, five steps with a progress bar: identity (the account is
 * created at once, pending), ID document, selfie, proof of address, consent. Each document is
 * checked on the phone and sent on its own; the step reached is kept on this device and what the
 * cloud holds is read back, so a reload or a dropped 3G connection resumes where it stopped.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { currentSession, onSessionChange } from '../../session.js';
import '../../styles/onboarding.css';
import { ConsentStep } from './ConsentStep.js';
import { DocumentStep } from './DocumentStep.js';
import { IdentityStep } from './IdentityStep.js';
import { myKycQuery } from './kyc-query.js';
import { useDraftCase } from './use-draft-case.js';
import type { DocumentKind } from './upload.js';
import { documentSteps, forgetSignUp, savedStep, saveStep, signUpSteps } from './wizard-state.js';

const signedIn = () => currentSession() !== null;

export function SignUp() {
  const { t } = useTranslation('onboarding');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const hasSession = useSyncExternalStore(onSessionChange, signedIn);
  const [step, setStepState] = useState(() => (hasSession ? Math.max(1, savedStep()) : 0));
  const [files, setFiles] = useState<Partial<Record<DocumentKind, File | null>>>({});
  const kyc = useQuery({ ...myKycQuery, enabled: hasSession, staleTime: 0 });
  const data = kyc.data;
  const { caseId, caseFailure } = useDraftCase(hasSession, step, kyc);

  const setStep = (next: number): void => {
    saveStep(next);
    setStepState(next);
    globalThis.scrollTo(0, 0);
  };

  const received = new Set(data?.case?.state === 'draft' ? data.case.documents.map((d) => d.kind) : []);
  const stepName = signUpSteps[step] ?? 'identity';
  const missing = documentSteps.filter((k) => !received.has(k)).map((k) => t(`onboarding:signUp.steps.${k}`));
  const limits = data?.limits;

  let body;
  if (step === 0) {
    body = hasSession ? (
      <div className="card">
        <p>{t('onboarding:identity.done')}</p>
        <button type="button" className="button" onClick={() => setStep(1)}>
          {t('onboarding:identity.next')}
        </button>
      </div>
    ) : (
      <>
        <IdentityStep
          onDone={() => {
            void queryClient.invalidateQueries({ queryKey: myKycQuery.queryKey });
            setStep(1);
          }}
        />
        <Link to="/sign-in" className="button secondary">
          {t('onboarding:signUp.haveAccount')}
        </Link>
      </>
    );
  } else if (caseId === null || limits === undefined) {
    body =
      caseFailure === null && !kyc.isError ? (
        <p aria-busy="true">{t('app.loading')}</p>
      ) : (
        <p className="error" role="alert">
          {t(`onboarding:errors.${caseFailure ?? 'other'}`)}
        </p>
      );
  } else if (stepName === 'consent') {
    body = (
      <ConsentStep
        caseId={caseId}
        consentVersion={limits.consentVersion}
        // While the cloud's copy is being read again (just after an upload) nothing is called missing.
        missing={kyc.isFetching ? [] : missing}
        checking={kyc.isFetching}
        onBack={() => setStep(step - 1)}
        onSubmitted={() => {
          forgetSignUp();
          void queryClient.invalidateQueries({ queryKey: myKycQuery.queryKey });
          void navigate({ to: '/kyc' });
        }}
      />
    );
  } else {
    const kind = stepName as DocumentKind;
    body = (
      <DocumentStep
        key={kind}
        kind={kind}
        caseId={caseId}
        limits={limits}
        received={received.has(kind)}
        file={files[kind] ?? null}
        onFile={(file) => setFiles((kept) => ({ ...kept, [kind]: file }))}
        onSent={() => void kyc.refetch()}
        onNext={() => setStep(step + 1)}
        onBack={() => setStep(step - 1)}
      />
    );
  }

  return (
    <section aria-labelledby="sign-up-title" className="screen sign-up">
      <h1 id="sign-up-title">{t('onboarding:signUp.title')}</h1>
      {step === 0 && <p>{t('onboarding:signUp.intro')}</p>}
      <div className="wizard-progress">
        <p id="sign-up-progress" data-testid="sign-up-progress" data-step={step + 1}>
          {t('onboarding:signUp.progress', {
            current: step + 1,
            total: signUpSteps.length,
            name: t(`onboarding:signUp.steps.${stepName}`),
          })}
        </p>
        <progress max={signUpSteps.length} value={step + 1} aria-labelledby="sign-up-progress" />
      </div>
      <h2 className="step-title">{t(`onboarding:signUp.steps.${stepName}`)}</h2>
      {body}
    </section>
  );
}
