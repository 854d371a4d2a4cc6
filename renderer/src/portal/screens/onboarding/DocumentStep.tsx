/**
 * Sign-up, a document step (ID document, selfie, proof of address): take it with the phone's
 * camera (`capture`) or choose a file, see at once whether it will be accepted (type, size) and
 * whether it looks dark or blurred, then send it with a progress bar. A failed send keeps the
 * file: "Try again" resends the same one. A document the cloud already holds may be kept.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkFile, type FileVerdict } from './file-check.js';
import { FileFeedback } from './FileFeedback.js';
import { UploadError, uploadDocument, type DocumentKind } from './upload.js';

const knownErrors = new Set([
  'NETWORK',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'KYC_CASE_FULL',
  'KYC_CASE_SUBMITTED',
  'VALIDATION_FAILED',
]);

export interface DocumentStepProps {
  readonly kind: DocumentKind;
  readonly caseId: string;
  readonly limits: { readonly documentMaxBytes: number; readonly contentTypes: readonly string[] };
  readonly received: boolean;
  /** The file chosen for this step, kept by the wizard across steps and failures. */
  readonly file: File | null;
  readonly onFile: (file: File | null) => void;
  readonly onSent: () => void;
  readonly onNext: () => void;
  readonly onBack: () => void;
}

export function DocumentStep(props: DocumentStepProps) {
  const { kind, caseId, limits, received, file } = props;
  const { t } = useTranslation('onboarding');
  const [verdict, setVerdict] = useState<FileVerdict | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [sent, setSent] = useState(false);

  // Back on this step with the file chosen before (kept by the wizard): say again what it is.
  useEffect(() => {
    if (file !== null) void checkFile(file, kind, limits).then(setVerdict);
    // Only when the step opens: a newly chosen file is checked by choose().
  }, []);

  async function choose(chosen: File | undefined): Promise<void> {
    if (chosen === undefined) return;
    props.onFile(chosen);
    setFailure(null);
    setSent(false);
    setProgress(null);
    setVerdict(null);
    setVerdict(await checkFile(chosen, kind, limits));
  }

  async function send(): Promise<void> {
    if (file === null) return;
    setFailure(null);
    setProgress(0);
    try {
      await uploadDocument(caseId, kind, file, setProgress);
      setSent(true);
      props.onSent();
    } catch (error) {
      const code = error instanceof UploadError ? error.code : 'other';
      setFailure(!navigator.onLine ? 'offline' : knownErrors.has(code) ? code : 'other');
      setProgress(null);
    }
  }

  const sending = progress !== null && !sent;
  const hints = verdict?.ok === true ? verdict.quality : null;
  const capture = kind === 'photo' ? 'user' : 'environment';
  const accept = kind === 'photo' ? 'image/jpeg,image/png' : limits.contentTypes.join(',');
  return (
    <div className="card form document-step">
      <p>{t(`onboarding:document.help.${kind}`)}</p>
      {received && !sent && file === null && <p className="notice-line">{t('onboarding:document.already')}</p>}
      <div className="file-buttons">
        <label className="button secondary file-button">
          {t('onboarding:document.camera')}
          <input
            className="visually-hidden"
            type="file"
            accept="image/*"
            capture={capture}
            data-testid={`camera-${kind}`}
            onChange={(event) => void choose(event.target.files?.[0])}
            disabled={sending}
          />
        </label>
        <label className="button secondary file-button">
          {t('onboarding:document.file')}
          <input
            className="visually-hidden"
            type="file"
            accept={accept}
            data-testid={`file-${kind}`}
            onChange={(event) => void choose(event.target.files?.[0])}
            disabled={sending}
          />
        </label>
      </div>
      {file !== null && <FileFeedback file={file} verdict={verdict} maxBytes={limits.documentMaxBytes} />}
      {progress !== null && (
        <div className="upload-progress">
          <progress max={1} value={progress} aria-label={t('onboarding:document.progress')} />
          <p aria-live="polite">
            {sent
              ? t('onboarding:document.sent')
              : t('onboarding:document.sending', { percent: Math.round(progress * 100) })}
          </p>
        </div>
      )}
      {failure !== null && (
        <p className="error" role="alert">
          {t(`onboarding:errors.${failure}`)}
        </p>
      )}
      {file !== null && verdict?.ok === true && !sent && (
        <button type="button" className="button" disabled={sending} onClick={() => void send()}>
          {failure !== null
            ? t('onboarding:document.retry')
            : hints?.dark === true || hints?.blurred === true
              ? t('onboarding:document.sendAnyway')
              : t('onboarding:document.send')}
        </button>
      )}
      <div className="step-actions">
        <button type="button" className="button secondary" onClick={props.onBack} disabled={sending}>
          {t('onboarding:document.back')}
        </button>
        {(sent || received) && (
          <button type="button" className="button" onClick={props.onNext}>
            {t('onboarding:document.next')}
          </button>
        )}
      </div>
    </div>
  );
}
