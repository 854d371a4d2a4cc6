/**
 * The agency chiefs' transfer requests, open ones first: an admin approves (the partner moves) or refuses, with a
 * reason.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { ActionError } from './ActionError.js';
import { decideTransfer, transferRequestsQuery, type TransferRequest } from './ops-data.js';
import { ReasonForm } from './ReasonForm.js';
import { adminErrorText } from './errors.js';

function Request({ request }: { request: TransferRequest }) {
  const { t, i18n } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [deciding, setDeciding] = useState<'approve' | 'refuse' | null>(null);
  const decide = useMutation({
    mutationFn: (reason: string) => decideTransfer(request.id, deciding === 'approve', reason),
    onSuccess: () => {
      setDeciding(null);
      void queryClient.invalidateQueries({ queryKey: ['admin', 'transfer-requests'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
    },
  });
  return (
    <li className="card admin-entry">
      <p>
        <strong>{request.partner.name}</strong>
        {' : '}
        {t('admin:transfers.move', { from: request.from?.name ?? t('admin:users.noSalesRep'), to: request.to.name })}
      </p>
      <p className="muted">
        {t('admin:transfers.asked', {
          who: request.requestedBy.name,
          at: formatDateTime(request.requestedAt, i18n.language),
          reason: request.reason,
        })}
      </p>
      <p>
        <span className={`admin-badge admin-badge-${request.state}`}>
          {t(`admin:transfers.states.${request.state}`)}
        </span>
        {request.decisionReason !== null && ` ${request.decisionReason}`}
      </p>
      {decide.isError && <ActionError error={decide.error} />}
      {request.state === 'pending' &&
        (deciding === null ? (
          <div className="admin-actions">
            <button type="button" className="button" onClick={() => setDeciding('approve')}>
              {t('admin:transfers.approve')}
            </button>
            <button type="button" className="button secondary" onClick={() => setDeciding('refuse')}>
              {t('admin:transfers.refuse')}
            </button>
          </div>
        ) : (
          <ReasonForm
            id={`decision-${request.id}`}
            warning={t(`admin:transfers.${deciding}Warning`)}
            confirmLabel={t(`admin:transfers.${deciding}`)}
            pending={decide.isPending}
            onConfirm={(reason) => decide.mutate(reason)}
            onCancel={() => setDeciding(null)}
          />
        ))}
    </li>
  );
}

export function TransferRequests() {
  const { t } = useTranslation('admin');
  const requests = useQuery(transferRequestsQuery);
  return (
    <section className="card admin-column" aria-labelledby="transfers-title">
      <h2 id="transfers-title">{t('admin:transfers.title')}</h2>
      {requests.data === undefined ? (
        <p>{requests.isError ? adminErrorText(t, requests.error) : t('app.loading')}</p>
      ) : requests.data.requests.length === 0 ? (
        <p>{t('admin:transfers.empty')}</p>
      ) : (
        <ul className="admin-list" data-testid="transfer-requests">
          {requests.data.requests.map((r) => (
            <Request key={r.id} request={r} />
          ))}
        </ul>
      )}
    </section>
  );
}
