/**
 * The confirmation of a sensitive admin action: what it does, a reason (3 characters at least, kept in the audit
 * log), the confirming button and a way back. The action itself is the caller's.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** Unique on the page: the reason field's id. */
  readonly id: string;
  /** Already in the admin's words: what confirming does. */
  readonly warning: string;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  readonly pending: boolean;
  readonly onConfirm: (reason: string) => void;
  readonly onCancel: () => void;
}

export function ReasonForm({ id, warning, confirmLabel, danger = false, pending, onConfirm, onCancel }: Props) {
  const { t } = useTranslation('admin');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState(false);
  function submit(event: FormEvent): void {
    event.preventDefault();
    const trimmed = reason.trim();
    setProblem(trimmed.length < 3);
    if (trimmed.length >= 3) onConfirm(trimmed);
  }
  return (
    <form className="form admin-confirm" onSubmit={submit} noValidate>
      <p className="admin-warning">{warning}</p>
      <label htmlFor={id}>{t('admin:ops.reason')}</label>
      <input
        id={id}
        value={reason}
        maxLength={300}
        autoComplete="off"
        aria-invalid={problem}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => setReason(e.target.value)}
      />
      {problem && (
        <p id={`${id}-problem`} className="error">
          {t('admin:kyc.reasonNeeded')}
        </p>
      )}
      <div className="admin-actions">
        <button type="submit" className={danger ? 'button danger' : 'button'} disabled={pending}>
          {confirmLabel}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('admin:cancel')}
        </button>
      </div>
    </form>
  );
}
