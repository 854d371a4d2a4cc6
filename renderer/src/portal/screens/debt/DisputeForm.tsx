/** « Contester »: the debtor says why; the cloud pauses everything on the file until the creditor answers. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Refusal } from './Refusal.js';
import { disputeFile } from './data.js';
import type { DebtFile } from './types.js';

/** The cloud keeps a reason of up to 1 000 characters. */
const reasonMaxLength = 1000;

export function DisputeForm({ file, onClose }: { file: DebtFile; onClose: () => void }) {
  const { t } = useTranslation('debt');
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const dispute = useMutation({
    mutationFn: () => disputeFile(file.id, reason.trim()),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['debt'] });
      onClose();
    },
  });
  return (
    <form
      className="form card"
      aria-labelledby="debt-dispute-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim() === '' || dispute.isPending) return;
        dispute.mutate();
      }}
    >
      <h2 id="debt-dispute-title">{t('debt:dispute.title')}</h2>
      <p className="muted">{t('debt:dispute.explain')}</p>
      <label htmlFor="debt-dispute-reason">{t('debt:dispute.reason')}</label>
      <textarea
        id="debt-dispute-reason"
        rows={4}
        maxLength={reasonMaxLength}
        required
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <Refusal error={dispute.error} />
      <div className="debt-actions">
        <button type="submit" className="button" disabled={dispute.isPending || reason.trim() === ''}>
          {t('debt:dispute.send')}
        </button>
        <button type="button" className="button secondary" onClick={onClose}>
          {t('debt:cancel')}
        </button>
      </div>
    </form>
  );
}
