/**
 * One account found on the Users screen: who it is (ISMAIL ID, profile, e-mail, phone), its status and, when an admin
 * suspended it, why and since when; suspend or reinstate with a reason (step-up); for a partner, its sales rep and
 * the transfer to another one.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { ActionError } from './ActionError.js';
import { changeUser, type AdminUser, type UserChange } from './ops-data.js';
import { PartnerTransfer } from './PartnerTransfer.js';
import { ReasonForm } from './ReasonForm.js';

export function UserCard({ user }: { user: AdminUser }) {
  const { t, i18n } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<UserChange | 'transfer' | null>(null);
  const change = useMutation({
    mutationFn: ({ what, reason }: { what: UserChange; reason: string }) => changeUser(user.id, what, reason),
    onSuccess: () => {
      setAsking(null);
      void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
    },
  });
  const suspended = user.status === 'suspended';
  const headingId = `user-${user.id}`;
  return (
    <li className="card admin-entry" aria-labelledby={headingId} data-testid={`user-${user.ismailId ?? user.id}`}>
      <h3 id={headingId}>{user.displayName}</h3>
      <dl className="admin-facts">
        <dt>{t('admin:cards.ismailId')}</dt>
        <dd className="nowrap">{user.ismailId ?? t('admin:users.noIsmailId')}</dd>
        <dt>{t('admin:kyc.profile')}</dt>
        <dd>{t(`admin:profiles.${user.profile}`, { defaultValue: user.profile })}</dd>
        {user.email !== null && (
          <>
            <dt>{t('admin:users.email')}</dt>
            <dd>{user.email}</dd>
          </>
        )}
        {user.phone !== null && (
          <>
            <dt>{t('admin:users.phone')}</dt>
            <dd className="nowrap">{user.phone}</dd>
          </>
        )}
        <dt>{t('admin:users.status')}</dt>
        <dd data-testid="user-status">
          <span className={`admin-badge admin-badge-${user.status}`}>
            {t(`admin:users.statuses.${user.status}`, { defaultValue: user.status })}
          </span>
        </dd>
        {user.suspension !== null && (
          <>
            <dt>{t('admin:users.suspendedWhy')}</dt>
            <dd>
              {t('admin:users.suspendedBy', {
                reason: user.suspension.reason,
                who: user.suspension.suspendedBy.name,
                at: formatDateTime(user.suspension.suspendedAt, i18n.language),
              })}
            </dd>
          </>
        )}
        {user.profile === 'partner' && user.staffOf === null && (
          <>
            <dt>{t('admin:users.salesRep')}</dt>
            <dd>{user.salesRep?.name ?? t('admin:users.noSalesRep')}</dd>
          </>
        )}
      </dl>
      {change.isError && <ActionError error={change.error} />}
      {asking === 'suspend' || asking === 'reinstate' ? (
        <ReasonForm
          id={`reason-${user.id}`}
          warning={t(`admin:users.${asking}Warning`, { name: user.displayName })}
          confirmLabel={t(`admin:users.${asking}Confirm`)}
          danger={asking === 'suspend'}
          pending={change.isPending}
          onConfirm={(reason) => change.mutate({ what: asking, reason })}
          onCancel={() => setAsking(null)}
        />
      ) : asking === 'transfer' ? (
        <PartnerTransfer partner={user} onDone={() => setAsking(null)} />
      ) : (
        <div className="admin-actions">
          {user.status !== 'closed' && (
            <button
              type="button"
              className={suspended ? 'button secondary' : 'button danger'}
              onClick={() => setAsking(suspended ? 'reinstate' : 'suspend')}
            >
              {suspended ? t('admin:users.reinstate') : t('admin:users.suspend')}
            </button>
          )}
          {user.profile === 'partner' && user.staffOf === null && (
            <button type="button" className="button secondary" onClick={() => setAsking('transfer')}>
              {t('admin:users.transfer')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}
