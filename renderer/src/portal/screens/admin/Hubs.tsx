/**
 * Hubs (lazy-loaded route): every counter with its partner, its pairing state and when it last synced; revoking one
 * (stolen, replaced) asks for a reason and a confirmation, and a fresh authenticator code (step-up).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { AdminGate } from './AdminGate.js';
import { ActionError } from './ActionError.js';
import { hubsQuery, revokeHub, type HubOverview } from './ops-data.js';
import { ReasonForm } from './ReasonForm.js';

function Hub({ hub }: { hub: HubOverview }) {
  const { t, i18n } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const revoke = useMutation({
    mutationFn: (reason: string) => revokeHub(hub.id, reason),
    onSuccess: () => {
      setAsking(false);
      void queryClient.invalidateQueries({ queryKey: ['admin', 'hubs'] });
    },
  });
  const headingId = `hub-${hub.id}`;
  return (
    <li className="card admin-entry" aria-labelledby={headingId} data-testid={`hub-${hub.name}`}>
      <h3 id={headingId}>{hub.name}</h3>
      <dl className="admin-facts">
        <dt>{t('admin:hubs.partner')}</dt>
        <dd>
          {hub.partner.name}{' '}
          {hub.partner.ismailId !== null && <span className="muted nowrap">{hub.partner.ismailId}</span>}
        </dd>
        <dt>{t('admin:users.status')}</dt>
        <dd data-testid="hub-status">
          <span className={`admin-badge admin-badge-${hub.status}`}>{t(`admin:hubs.statuses.${hub.status}`)}</span>
        </dd>
        <dt>{t('admin:hubs.pairing')}</dt>
        <dd>
          {hub.pairing === 'paired' && hub.pairedAt !== null
            ? t('admin:hubs.pairedAt', { at: formatDateTime(hub.pairedAt, i18n.language) })
            : t(`admin:hubs.pairings.${hub.pairing}`)}
        </dd>
        <dt>{t('admin:hubs.lastSync')}</dt>
        <dd>
          {hub.lastSeenAt === null
            ? t('admin:hubs.never')
            : t('admin:hubs.lastSeen', {
                at: formatDateTime(hub.lastSeenAt, i18n.language),
                seq: hub.lastAppliedSeq,
              })}
        </dd>
        {hub.revokedAt !== null && (
          <>
            <dt>{t('admin:hubs.revokedAt')}</dt>
            <dd>{formatDateTime(hub.revokedAt, i18n.language)}</dd>
          </>
        )}
      </dl>
      {revoke.isError && <ActionError error={revoke.error} />}
      {hub.status !== 'revoked' &&
        (asking ? (
          <ReasonForm
            id={`revoke-${hub.id}`}
            warning={t('admin:hubs.revokeWarning', { name: hub.name })}
            confirmLabel={t('admin:hubs.revokeConfirm')}
            danger
            pending={revoke.isPending}
            onConfirm={(reason) => revoke.mutate(reason)}
            onCancel={() => setAsking(false)}
          />
        ) : (
          <button type="button" className="button danger" onClick={() => setAsking(true)}>
            {t('admin:hubs.revoke')}
          </button>
        ))}
    </li>
  );
}

function HubList() {
  const { t } = useTranslation('admin');
  const hubs = useQuery(hubsQuery);
  if (hubs.isError) return <ActionError error={hubs.error} />;
  if (hubs.data === undefined) return <p>{t('app.loading')}</p>;
  if (hubs.data.hubs.length === 0) return <p className="card">{t('admin:hubs.empty')}</p>;
  return (
    <ul className="admin-list admin-grid" data-testid="hubs">
      {hubs.data.hubs.map((h) => (
        <Hub key={h.id} hub={h} />
      ))}
    </ul>
  );
}

export function Hubs() {
  const { t } = useTranslation('admin');
  return <AdminGate title={t('admin:hubs.title')}>{() => <HubList />}</AdminGate>;
}
