/**
 * /reclamations (lazy): my claims (a client's own; a partner's, those concerning it), filtered by status and searched
 * by reference or subject; each with its reference, status, the time an answer is expected by, and its last message.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { ticketsQuery } from './data.js';
import { AboutLine, TicketChips, useViewer } from './parts.js';
import { problemText } from './problem.js';
import { ticketStatuses, type TicketStatus, type TicketSummary } from './types.js';
import './support.css';

export function Tickets() {
  const { t, i18n } = useTranslation('support');
  const { viewer } = useViewer();
  const [status, setStatus] = useState<TicketStatus | ''>('');
  const [typed, setTyped] = useState('');
  const q = useDeferredValue(typed.trim());
  const tickets = useQuery(ticketsQuery(status, q));
  const lang = i18n.language;
  const words = viewer === 'customer' ? 'status' : 'statusStaff';
  return (
    <section aria-labelledby="sp-list-title" className="screen">
      <h1 id="sp-list-title">{viewer === 'partner' ? t('support:list.titlePartner') : t('support:list.title')}</h1>
      <OfflineMark updatedAtMs={tickets.dataUpdatedAt} failed={tickets.isError} />
      {viewer === 'customer' ? (
        <p>
          <Link to="/reclamations/nouvelle" className="button">
            {t('support:list.new')}
          </Link>
        </p>
      ) : null}
      <div className="sp-filters" role="search">
        <div>
          <label htmlFor="sp-status">{t('support:list.status')}</label>
          <select id="sp-status" value={status} onChange={(e) => setStatus(e.target.value as TicketStatus | '')}>
            <option value="">{t('support:list.allStatuses')}</option>
            {ticketStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`support:${words}.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="sp-q">{t('support:list.search')}</label>
          <input id="sp-q" type="search" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </div>
      </div>
      {tickets.data === undefined ? (
        <p>{tickets.isError ? problemText(t, tickets.error, lang) : t('app.loading')}</p>
      ) : tickets.data.tickets.length === 0 ? (
        <p>{t('support:list.empty')}</p>
      ) : (
        <ul className="sp-list" data-testid="tickets">
          {tickets.data.tickets.map((ticket) => (
            <TicketCard key={ticket.id} ticket={ticket} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** One claim in a list (also the admin queue's and the history's). */
export function TicketCard({ ticket, children }: { ticket: TicketSummary; children?: React.ReactNode }) {
  const { t, i18n } = useTranslation('support');
  const { viewer } = useViewer();
  const lang = i18n.language;
  const last = ticket.lastMessage;
  return (
    <li className="card" data-testid={`ticket-${ticket.reference}`}>
      <h2>
        <Link to="/reclamations/$ticketId" params={{ ticketId: ticket.id }}>
          {ticket.subject}
        </Link>
      </h2>
      <p className="muted">
        <span className="sp-ref">{ticket.reference}</span> · {t(`support:category.${ticket.category}`)}
      </p>
      <TicketChips ticket={ticket} viewer={viewer} />
      <AboutLine about={ticket.about} />
      {ticket.status !== 'closed' ? (
        <p>{t('support:list.expectedBy', { when: formatDateTime(ticket.slaDueAt, lang) })}</p>
      ) : null}
      {last ? (
        <p className="sp-last">
          <span className="muted">{t('support:list.lastMessage', { when: formatDateTime(last.at, lang) })}</span>{' '}
          {last.body.length > 140 ? `${last.body.slice(0, 140)}…` : last.body}
        </p>
      ) : null}
      {children}
    </li>
  );
}
