/**
 * /admin/reclamations (lazy, admins): the claims queue, overdue first (the cloud orders it; kept here when a filter
 * reorders nothing), each with its escalation level (« Administrateur », « Super Admin »), filters by status, level
 * and reference or subject, assigning (to oneself or an account by ID); internal notes are written on the thread.
 * Below, the answer times per category (SLA hours).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { OfflineMark } from '../OfflineMark.js';
import { assignTicket, queueQuery } from './data.js';
import { useViewer } from './parts.js';
import { problemText } from './problem.js';
import { SlaSettings } from './SlaSettings.js';
import { TicketCard } from './Tickets.js';
import { ticketLevels, ticketStatuses, type TicketLevel, type TicketStatus, type TicketSummary } from './types.js';
import './support.css';

export function AdminQueue() {
  const { t, i18n } = useTranslation('support');
  const [status, setStatus] = useState<TicketStatus | ''>('');
  const [level, setLevel] = useState<TicketLevel | ''>('');
  const [typed, setTyped] = useState('');
  const q = useDeferredValue(typed.trim());
  const queue = useQuery(queueQuery(status, level, q));
  const lang = i18n.language;
  // Overdue first, whatever order the answer came in (a stable sort keeps the cloud's order otherwise).
  const tickets = [...(queue.data?.tickets ?? [])].sort(
    (a, b) => Number(b.overdue === true) - Number(a.overdue === true),
  );
  return (
    <section aria-labelledby="sp-queue-title" className="screen">
      <h1 id="sp-queue-title">{t('support:admin.title')}</h1>
      <OfflineMark updatedAtMs={queue.dataUpdatedAt} failed={queue.isError} />
      <div className="sp-filters" role="search">
        <div>
          <label htmlFor="sp-q-status">{t('support:list.status')}</label>
          <select id="sp-q-status" value={status} onChange={(e) => setStatus(e.target.value as TicketStatus | '')}>
            <option value="">{t('support:admin.notClosed')}</option>
            {ticketStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`support:statusStaff.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="sp-q-level">{t('support:level.label')}</label>
          <select id="sp-q-level" value={level} onChange={(e) => setLevel(e.target.value as TicketLevel | '')}>
            <option value="">{t('support:level.all')}</option>
            {ticketLevels.map((l) => (
              <option key={l} value={l}>
                {t(`support:level.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="sp-q-search">{t('support:list.search')}</label>
          <input id="sp-q-search" type="search" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </div>
      </div>
      {queue.data === undefined ? (
        <p>{queue.isError ? problemText(t, queue.error, lang) : t('app.loading')}</p>
      ) : tickets.length === 0 ? (
        <p>{t('support:list.empty')}</p>
      ) : (
        <ul className="sp-list" data-testid="queue">
          {tickets.map((ticket) => (
            <TicketCard key={ticket.id} ticket={ticket}>
              <Assign ticket={ticket} />
            </TicketCard>
          ))}
        </ul>
      )}
      <SlaSettings />
    </section>
  );
}

function Assign({ ticket }: { ticket: TicketSummary }) {
  const { t, i18n } = useTranslation('support');
  const { accountId } = useViewer();
  const [other, setOther] = useState('');
  const queryClient = useQueryClient();
  const assign = useMutation({
    mutationFn: (to: string) => assignTicket(ticket.id, to),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['support'] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (other.trim() !== '') assign.mutate(other.trim());
  };
  const inputId = `sp-assign-${ticket.id}`;
  return (
    <div className="sp-form">
      {accountId !== undefined ? (
        <button
          type="button"
          className="button secondary"
          disabled={assign.isPending}
          onClick={() => assign.mutate(accountId)}
        >
          {t('support:admin.assign')}
        </button>
      ) : null}
      <details>
        <summary>{t('support:admin.assignOther')}</summary>
        <form onSubmit={submit} className="sp-form">
          <label htmlFor={inputId}>{t('support:admin.assignOther')}</label>
          <input id={inputId} value={other} onChange={(e) => setOther(e.target.value)} />
          <button type="submit" className="button secondary" disabled={assign.isPending}>
            {t('support:admin.assignSubmit')}
          </button>
        </form>
      </details>
      {assign.isSuccess ? <p role="status">{t('support:admin.assigned')}</p> : null}
      {assign.isError ? (
        <p role="alert" className="error">
          {problemText(t, assign.error, i18n.language)}
        </p>
      ) : null}
    </div>
  );
}
