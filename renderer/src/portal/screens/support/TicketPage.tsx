/**
 * /reclamations/$ticketId (lazy): one claim's thread (messages from the portal and by e-mail, each with its channel;
 * internal notes marked, and only ever sent by the cloud to the partner concerned and admins), the reply box (a
 * partner or admin may write an internal note), closing with a resolution, the customer's rating once closed, and
 * for staff the customer's other claims.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { downloadAttachment, ticketQuery } from './data.js';
import { AboutLine, TicketChips, useViewer, type Viewer } from './parts.js';
import { problemText } from './problem.js';
import { CloseForm, RatingForm, ReplyForm } from './TicketActions.js';
import { TicketCard } from './Tickets.js';
import type { TicketMessage } from './types.js';
import './support.css';

export function TicketPage() {
  const { t, i18n } = useTranslation('support');
  const { ticketId } = useParams({ from: '/reclamations/$ticketId' });
  const thread = useQuery(ticketQuery(ticketId));
  const { viewer: profileViewer } = useViewer();
  const lang = i18n.language;
  const data = thread.data;
  if (data === undefined)
    return (
      <section aria-labelledby="sp-thread-title" className="screen">
        <h1 id="sp-thread-title">{t('support:new.back')}</h1>
        <p>{thread.isError ? problemText(t, thread.error, lang) : t('app.loading')}</p>
        <Link to="/reclamations">{t('support:thread.back')}</Link>
      </section>
    );
  const { ticket, messages, history } = data;
  // The cloud says who the caller is in this ticket (a partner may also be a customer of another partner).
  const viewer: Viewer = ticket.viewerRole === 'support' ? 'admin' : ticket.viewerRole;
  const staff = viewer !== 'customer';
  return (
    <section aria-labelledby="sp-thread-title" className="screen">
      <p>
        <Link to={profileViewer === 'admin' ? '/admin/reclamations' : '/reclamations'}>{t('support:thread.back')}</Link>
      </p>
      <h1 id="sp-thread-title">{ticket.subject}</h1>
      <OfflineMark updatedAtMs={thread.dataUpdatedAt} failed={thread.isError} />
      <p className="muted">
        <span className="sp-ref">{t('support:thread.title', { reference: ticket.reference })}</span> ·{' '}
        {t(`support:category.${ticket.category}`)}
      </p>
      <TicketChips ticket={ticket} viewer={viewer} />
      <AboutLine about={ticket.about} />
      {staff ? <p>{t('support:list.customer', { name: ticket.customer.name })}</p> : null}
      {viewer !== 'partner' && ticket.partner !== null ? (
        <p>{t('support:list.partner', { name: ticket.partner.name })}</p>
      ) : null}
      {ticket.status !== 'closed' ? (
        <p>{t('support:list.expectedBy', { when: formatDateTime(ticket.slaDueAt, lang) })}</p>
      ) : null}
      {ticket.status === 'closed' && ticket.resolution ? (
        <p className="card" data-testid="resolution">
          {t('support:thread.closed', { resolution: ticket.resolution })}
        </p>
      ) : null}
      <h2>{t('support:thread.messages')}</h2>
      <ol className="sp-thread" data-testid="thread">
        {messages.map((m) => (
          <MessageItem key={m.id} message={m} />
        ))}
      </ol>
      <ReplyForm ticket={ticket} staff={staff} />
      {ticket.status !== 'closed' ? <CloseForm ticket={ticket} /> : null}
      {ticket.status === 'closed' && viewer === 'customer' ? <RatingForm ticket={ticket} /> : null}
      {staff ? (
        <>
          <h2>{t('support:thread.history')}</h2>
          {history.length === 0 ? (
            <p>{t('support:thread.historyEmpty')}</p>
          ) : (
            <ul className="sp-list" data-testid="history">
              {history.map((h) => (
                <TicketCard key={h.id} ticket={h} />
              ))}
            </ul>
          )}
        </>
      ) : null}
    </section>
  );
}

function MessageItem({ message: m }: { message: TicketMessage }) {
  const { t, i18n } = useTranslation('support');
  const classes = ['card', 'sp-msg', `sp-msg-${m.author.role}`, m.internal ? 'sp-msg-internal' : ''].join(' ');
  return (
    <li className={classes} data-testid="message">
      <article aria-label={`${m.author.name}, ${formatDateTime(m.at, i18n.language)}`}>
        <header>
          <strong>{m.author.name}</strong>
          <span className="muted">{t(`support:thread.role.${m.author.role}`)}</span>
          <span className="muted">{formatDateTime(m.at, i18n.language)}</span>
          <span className="sp-chip">{t(`support:thread.channel.${m.channel}`)}</span>
        </header>
        {m.internal ? <p className="sp-internal-mark">{t('support:thread.internal')}</p> : null}
        <p>{m.body}</p>
        {m.attachments.length > 0 ? (
          <ul aria-label={t('support:thread.attachments')}>
            {m.attachments.map((a) => (
              <li key={a.documentId}>
                <button
                  type="button"
                  className="button secondary"
                  onClick={() => void downloadAttachment(a.url, a.filename).catch(() => undefined)}
                >
                  {a.filename}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </article>
    </li>
  );
}
