/**
 * One staff member: their permissions, changed in place (their sessions end: they sign in again), and their removal
 * after a confirmation (suspended, signed out everywhere, dropped from the hubs at the next pull).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Permissions } from './Permissions.js';
import { removeStaff, setStaffPermissions, type Delegable } from './data.js';

export interface StaffView {
  readonly id: string;
  readonly displayName: string;
  readonly email: string;
  readonly delegatedActions: readonly string[];
}

export function StaffRow({ partnerId, member }: { readonly partnerId: string; readonly member: StaffView }) {
  const { t } = useTranslation('partner');
  const queryClient = useQueryClient();
  const saved = member.delegatedActions.filter((a): a is Delegable =>
    ['read', 'write', 'modify', 'delete'].includes(a),
  );
  const [draft, setDraft] = useState<Delegable[]>(saved);
  const [asking, setAsking] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['partner', 'staff'] });
  const save = useMutation({
    mutationFn: () => setStaffPermissions(partnerId, member.id, draft),
    onSuccess: refresh,
  });
  const remove = useMutation({ mutationFn: () => removeStaff(partnerId, member.id), onSuccess: refresh });
  const changed = draft.join() !== saved.join();
  return (
    <li className="card partner-row" data-testid="staff-member">
      <h2 className="row-title">{member.displayName}</h2>
      <p className="muted partner-email">{member.email}</p>
      <Permissions
        idPrefix={`perm-${member.id}`}
        value={draft}
        onChange={setDraft}
        legend={t('partner:staff.permissionsOf', { name: member.displayName })}
      />
      <div className="partner-actions">
        <button type="button" className="button" disabled={!changed || save.isPending} onClick={() => save.mutate()}>
          {t('partner:staff.save')}
        </button>
        {asking ? null : (
          <button type="button" className="button danger" onClick={() => setAsking(true)}>
            {t('partner:staff.remove')}
          </button>
        )}
      </div>
      {save.isSuccess && !changed ? (
        <p role="status" className="muted">
          {t('partner:staff.saved')}
        </p>
      ) : null}
      {save.isError ? (
        <p role="alert" className="error">
          {t('partner:staff.saveFailed')}
        </p>
      ) : null}
      {asking ? (
        <div className="partner-confirm" role="alertdialog" aria-labelledby={`remove-${member.id}`}>
          <h3 id={`remove-${member.id}`}>{t('partner:staff.removeTitle', { name: member.displayName })}</h3>
          <p>{t('partner:staff.removeExplain')}</p>
          <div className="partner-actions">
            <button type="button" className="button danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
              {t('partner:staff.removeConfirm')}
            </button>
            <button type="button" className="button secondary" onClick={() => setAsking(false)}>
              {t('partner:cancel')}
            </button>
          </div>
          {remove.isError ? (
            <p role="alert" className="error">
              {t('partner:staff.removeFailed')}
            </p>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
