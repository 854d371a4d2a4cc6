/**
 * A sales rep onboards a partner (lazy), in three steps: the business (name, +225 phone, e-mail), its documents (an
 * identity document and a photo, checked on the phone before sending like the client's own sign-up), and the consent
 * code the partner received by SMS and reads out, which submits its KYC case. The new partner then shows in "Mes
 * partenaires".
 */
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { checkFile } from '../onboarding/file-check.js';
import { useSubmission } from '../submission.js';
import {
  createPartner,
  onboardLimits,
  recordConsent,
  sendConsentCode,
  uploadPartnerDocument,
  type OnboardDocumentKind,
} from './OnboardApi.js';
import '../../styles/business.css';

const knownFailures = new Set([
  'VALIDATION_FAILED',
  'CONFLICT',
  'RATE_LIMITED',
  'FORBIDDEN',
  'NOT_FOUND',
  'KYC_CASE_SUBMITTED',
  'KYC_CASE_FULL',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'badType',
  'photoOnly',
  'tooLarge',
  'offline',
]);

function Failure(props: { readonly code: string | null; readonly step: string }) {
  const { t } = useTranslation('business');
  if (props.code === null) return null;
  const key = knownFailures.has(props.code) ? props.code : 'other';
  return (
    <p role="alert" className="error">
      {t([`business:onboard.${props.step}.errors.${key}`, `business:onboard.errors.${key}`])}
    </p>
  );
}

function BusinessStep(props: { readonly onCreated: (partnerId: string) => void }) {
  const { t } = useTranslation('business');
  const [intentId] = useState(() => `rep-partner:${crypto.randomUUID()}`);
  const [form, setForm] = useState({ businessName: '', phone: '', email: '' });
  const submission = useSubmission();
  const field = (name: keyof typeof form) => ({
    id: `onboard-${name}`,
    value: form[name],
    required: true,
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }),
  });
  const submit = (event: FormEvent) =>
    submission.submit(event, async () => {
      const created = await createPartner(intentId, form);
      if ('failure' in created) return created.failure;
      props.onCreated(created.partnerId);
      return null;
    });
  return (
    <form className="form" onSubmit={(e) => void submit(e)}>
      <label htmlFor="onboard-businessName">{t('business:onboard.business.name')}</label>
      <input {...field('businessName')} maxLength={200} autoComplete="organization" />
      <label htmlFor="onboard-phone">{t('business:onboard.business.phone')}</label>
      <input {...field('phone')} type="tel" inputMode="tel" maxLength={30} placeholder="+225 07 00 00 00 00" />
      <label htmlFor="onboard-email">{t('business:onboard.business.email')}</label>
      <input {...field('email')} type="email" maxLength={254} autoComplete="off" />
      <button type="submit" className="button" disabled={submission.busy}>
        {t('business:onboard.business.create')}
      </button>
      <Failure code={submission.failure} step="business" />
    </form>
  );
}

function DocumentsStep(props: { readonly partnerId: string; readonly onDone: () => void }) {
  const { t } = useTranslation('business');
  const [sent, setSent] = useState<Record<OnboardDocumentKind, boolean>>({ id_document: false, photo: false });
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function choose(kind: OnboardDocumentKind, file: File | undefined): Promise<void> {
    if (file === undefined) return;
    setFailure(null);
    const verdict = await checkFile(file, kind, onboardLimits);
    if (!verdict.ok) {
      setFailure(verdict.problem);
      return;
    }
    setBusy(true);
    try {
      const refused = await uploadPartnerDocument(props.partnerId, kind, file);
      if (refused === null) setSent((s) => ({ ...s, [kind]: true }));
      else setFailure(refused);
    } catch {
      setFailure(navigator.onLine ? 'other' : 'offline');
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="form">
      {(['id_document', 'photo'] as const).map((kind) => (
        <div key={kind} className="onboard-document">
          <label htmlFor={`onboard-${kind}`}>{t(`business:onboard.documents.${kind}`)}</label>
          <input
            id={`onboard-${kind}`}
            type="file"
            accept={kind === 'photo' ? 'image/jpeg,image/png' : onboardLimits.contentTypes.join(',')}
            disabled={busy}
            onChange={(e) => void choose(kind, e.target.files?.[0])}
          />
          {sent[kind] ? (
            <p className="good" role="status">
              {t('business:onboard.documents.received')}
            </p>
          ) : null}
        </div>
      ))}
      <p className="muted small">{t('business:onboard.documents.hint')}</p>
      <Failure code={failure} step="documents" />
      <button
        type="button"
        className="button"
        disabled={busy || !sent.id_document || !sent.photo}
        onClick={props.onDone}
      >
        {t('business:onboard.next')}
      </button>
    </div>
  );
}

function ConsentStep(props: { readonly partnerId: string; readonly onDone: () => void }) {
  const { t } = useTranslation('business');
  const [codeSent, setCodeSent] = useState(false);
  const [code, setCode] = useState('');
  const sending = useSubmission();
  const confirming = useSubmission();
  const send = (event: FormEvent) =>
    sending.submit(event, async () => {
      const refused = await sendConsentCode(props.partnerId);
      if (refused === null) setCodeSent(true);
      return refused;
    });
  const confirm = (event: FormEvent) =>
    confirming.submit(event, async () => {
      const refused = await recordConsent(props.partnerId, code);
      if (refused === null) props.onDone();
      return refused;
    });
  return (
    <>
      <p>{t('business:onboard.consent.explain')}</p>
      <form className="form" onSubmit={(e) => void send(e)}>
        <button type="submit" className={codeSent ? 'button secondary' : 'button'} disabled={sending.busy}>
          {codeSent ? t('business:onboard.consent.resend') : t('business:onboard.consent.send')}
        </button>
        {codeSent ? (
          <p role="status" className="muted small">
            {t('business:onboard.consent.sent')}
          </p>
        ) : null}
        <Failure code={sending.failure} step="consentSend" />
      </form>
      {codeSent ? (
        <form className="form" onSubmit={(e) => void confirm(e)}>
          <label htmlFor="onboard-code">{t('business:onboard.consent.code')}</label>
          <input
            id="onboard-code"
            className="onboard-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
          />
          <button type="submit" className="button" disabled={confirming.busy || code.length !== 6}>
            {t('business:onboard.consent.confirm')}
          </button>
          <Failure code={confirming.failure} step="consent" />
        </form>
      ) : null}
    </>
  );
}

export function OnboardPartner() {
  const { t } = useTranslation('business');
  const queryClient = useQueryClient();
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const [step, setStep] = useState<'business' | 'documents' | 'consent' | 'done'>('business');
  const steps = ['business', 'documents', 'consent'] as const;
  return (
    <section aria-labelledby="onboard-title" className="screen business">
      <h1 id="onboard-title">{t('business:onboard.title')}</h1>
      {step === 'done' ? null : (
        <ol className="onboard-steps" aria-label={t('business:onboard.stepsLabel')}>
          {steps.map((s, i) => (
            <li key={s} aria-current={s === step ? 'step' : undefined}>
              {t('business:onboard.stepOf', { n: i + 1, total: steps.length, name: t(`business:onboard.${s}.title`) })}
            </li>
          ))}
        </ol>
      )}
      {step === 'business' ? (
        <BusinessStep
          onCreated={(id) => {
            setPartnerId(id);
            setStep('documents');
            void queryClient.invalidateQueries({ queryKey: ['business', 'partners'] });
          }}
        />
      ) : null}
      {step === 'documents' && partnerId !== null ? (
        <DocumentsStep partnerId={partnerId} onDone={() => setStep('consent')} />
      ) : null}
      {step === 'consent' && partnerId !== null ? (
        <ConsentStep
          partnerId={partnerId}
          onDone={() => {
            setStep('done');
            void queryClient.invalidateQueries({ queryKey: ['business', 'partners'] });
          }}
        />
      ) : null}
      {step === 'done' ? (
        <p role="status" className="good" data-testid="onboard-done">
          {t('business:onboard.done')}
        </p>
      ) : null}
      <Link to="/business/partners">{t('business:onboard.toPartners')}</Link>
    </section>
  );
}
