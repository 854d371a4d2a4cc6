/**
 * An agency chief's team (issue 23): each sales rep with their partners, a request to move a partner to another rep
 * (an admin approves or refuses it), and the chief's requests with their state and the admin's reason.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { ApiError } from '../../api/client.js';
import { requestTransfer, teamQuery, transferRequestsQuery, type TeamRep } from './data.js';
import '../../styles/desk.css';

function TransferForm({ reps }: { reps: readonly TeamRep[] }) {
  const { t } = useTranslation('desk');
  const queryClient = useQueryClient();
  const [partnerId, setPartnerId] = useState('');
  const [toSalesRepId, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: requestTransfer,
    onSuccess: () => {
      setPartnerId('');
      setTo('');
      setReason('');
      void queryClient.invalidateQueries({ queryKey: ['desk', 'transfer-requests'] });
    },
    onError: (error) => {
      const code = error instanceof ApiError ? error.code : '';
      setProblem(
        ['CONFLICT', 'NOT_FOUND', 'FORBIDDEN'].includes(code) ? t(`desk:errors.${code}`) : t('desk:errors.other'),
      );
    },
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (partnerId === '' || toSalesRepId === '' || reason.trim().length < 3) {
      setProblem(t('desk:transfer.incomplete'));
      return;
    }
    setProblem(null);
    send.mutate({ partnerId, toSalesRepId, reason: reason.trim() });
  }
  const partners = reps.flatMap((rep) => rep.partners.map((p) => ({ ...p, repName: rep.name, repId: rep.id })));
  const fromRep = partners.find((p) => p.id === partnerId)?.repId;
  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="transfer-title">
      <h2 id="transfer-title">{t('desk:transfer.title')}</h2>
      <label htmlFor="transfer-partner">{t('desk:transfer.partner')}</label>
      <select id="transfer-partner" value={partnerId} onChange={(e) => setPartnerId(e.target.value)}>
        <option value="">{t('desk:transfer.choose')}</option>
        {partners.map((p) => (
          <option key={p.id} value={p.id}>
            {t('desk:transfer.partnerOf', { partner: p.name, rep: p.repName })}
          </option>
        ))}
      </select>
      <label htmlFor="transfer-to">{t('desk:transfer.to')}</label>
      <select id="transfer-to" value={toSalesRepId} onChange={(e) => setTo(e.target.value)}>
        <option value="">{t('desk:transfer.choose')}</option>
        {reps
          .filter((rep) => rep.id !== fromRep)
          .map((rep) => (
            <option key={rep.id} value={rep.id}>
              {rep.name}
            </option>
          ))}
      </select>
      <label htmlFor="transfer-reason">{t('desk:transfer.reason')}</label>
      <textarea id="transfer-reason" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      {problem !== null && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {send.isSuccess && (
        <p role="status" className="desk-done">
          {t('desk:transfer.sent')}
        </p>
      )}
      <button type="submit" className="button" disabled={send.isPending}>
        {t('desk:transfer.send')}
      </button>
    </form>
  );
}

function Requests() {
  const { t, i18n } = useTranslation('desk');
  const requests = useQuery(transferRequestsQuery);
  return (
    <section className="card" aria-labelledby="requests-title">
      <h2 id="requests-title">{t('desk:requests.title')}</h2>
      {requests.isPending && <p className="muted">{t('app.loading')}</p>}
      {requests.isError && <p className="error">{t('desk:errors.other')}</p>}
      {requests.data?.length === 0 && <p className="muted">{t('desk:requests.empty')}</p>}
      <ul className="desk-requests" data-testid="transfer-requests">
        {requests.data?.map((r) => (
          <li key={r.id}>
            <span className={`desk-badge ${r.state}`}>{t(`desk:requests.${r.state}`)}</span>
            <span>
              {t('desk:requests.move', { partner: r.partner.name, from: r.from?.name ?? '—', to: r.to.name })}
            </span>
            <span className="muted">
              {formatDateTime(r.requestedAt, i18n.language)} · {r.reason}
              {r.decisionReason === null ? '' : ` · ${t('desk:requests.decision', { reason: r.decisionReason })}`}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Team() {
  const { t } = useTranslation('desk');
  const team = useQuery(teamQuery);
  return (
    <div className="screen desk">
      <h1>{t('desk:team.title')}</h1>
      {team.isPending && <p className="muted">{t('app.loading')}</p>}
      {team.isError && (
        <p className="error" role="alert">
          {team.error instanceof ApiError && team.error.code === 'FORBIDDEN'
            ? t('desk:errors.notChief')
            : t('desk:errors.other')}
        </p>
      )}
      {team.data !== undefined && (
        <div className="desk-grid">
          <section className="card" aria-labelledby="tree-title">
            <h2 id="tree-title">{t('desk:team.tree', { count: team.data.length })}</h2>
            {team.data.length === 0 && <p className="muted">{t('desk:team.empty')}</p>}
            <ul className="desk-tree" data-testid="team-tree">
              {team.data.map((rep) => (
                <li key={rep.id}>
                  <span className="desk-rep">{rep.name}</span>{' '}
                  <span className="muted">{t('desk:team.partners', { count: rep.partners.length })}</span>
                  <ul>
                    {rep.partners.map((p) => (
                      <li key={p.id}>
                        {p.name} <span className="desk-id muted">{p.ismailId ?? ''}</span>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </section>
          <div className="desk-results">
            <TransferForm reps={team.data} />
            <Requests />
          </div>
        </div>
      )}
    </div>
  );
}
