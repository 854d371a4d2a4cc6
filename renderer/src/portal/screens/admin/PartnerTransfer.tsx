/**
 * Moving a partner to another sales rep: find the rep (ISMAIL ID, e-mail, phone or name), pick them, give a reason;
 * the cloud keeps the move in the attachment history and the audit log.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from './ActionError.js';
import { transferPartner, usersQuery, type AdminUser } from './ops-data.js';
import { ReasonForm } from './ReasonForm.js';

export function PartnerTransfer({ partner, onDone }: { partner: AdminUser; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState<string | null>(null);
  const [rep, setRep] = useState<AdminUser | null>(null);
  const reps = useQuery({ ...usersQuery(q ?? '', 'sales_rep'), enabled: q !== null });
  const transfer = useMutation({
    mutationFn: (reason: string) => transferPartner(partner.id, rep?.id ?? '', reason),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
      onDone();
    },
  });
  function search(event: FormEvent): void {
    event.preventDefault();
    if (typed.trim().length >= 2) setQ(typed.trim());
  }
  const inputId = `rep-search-${partner.id}`;
  const choices = (reps.data?.users ?? []).filter((u) => u.id !== partner.salesRep?.id);
  return (
    <div className="admin-confirm">
      <form className="form" onSubmit={search} role="search">
        <label htmlFor={inputId}>{t('admin:users.findRep')}</label>
        <input id={inputId} autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
        <div className="admin-actions">
          <button type="submit" className="button secondary">
            {t('admin:users.find')}
          </button>
          <button type="button" className="button secondary" onClick={onDone}>
            {t('admin:cancel')}
          </button>
        </div>
      </form>
      {reps.isError && <ActionError error={reps.error} />}
      {q !== null && reps.data !== undefined && choices.length === 0 && <p>{t('admin:users.noRep')}</p>}
      {choices.length > 0 && (
        <fieldset className="admin-choices">
          <legend>{t('admin:users.pickRep')}</legend>
          {choices.map((r) => (
            <label key={r.id} className="admin-choice">
              <input type="radio" name={`rep-${partner.id}`} checked={rep?.id === r.id} onChange={() => setRep(r)} />
              <span>
                {r.displayName} {r.ismailId !== null && <span className="muted nowrap">{r.ismailId}</span>}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {transfer.isError && <ActionError error={transfer.error} />}
      {rep !== null && (
        <ReasonForm
          id={`transfer-reason-${partner.id}`}
          warning={t('admin:users.transferWarning', { partner: partner.displayName, rep: rep.displayName })}
          confirmLabel={t('admin:users.transferConfirm')}
          pending={transfer.isPending}
          onConfirm={(reason) => transfer.mutate(reason)}
          onCancel={onDone}
        />
      )}
    </div>
  );
}
