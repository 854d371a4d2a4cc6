/**
 * A claim's actions: reply (an internal note for staff; a reply to a closed claim reopens it), close with a
 * resolution, and the customer's rating (1 to 5, once, after closing). Each refreshes the thread and the lists.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { closeTicket, postMessage, rateTicket } from './data.js';
import { problemText } from './problem.js';
import type { Ticket } from './types.js';

function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['support'] });
}

export function ReplyForm({ ticket, staff }: { ticket: Ticket; staff: boolean }) {
  const { t, i18n } = useTranslation('support');
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const refresh = useRefresh();
  const send = useMutation({
    mutationFn: () => postMessage(ticket.id, body.trim(), staff && internal),
    onSuccess: async () => {
      setBody('');
      setInternal(false);
      await refresh();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (body.trim() !== '' && !send.isPending) send.mutate();
  };
  return (
    <form className="sp-form card" onSubmit={submit}>
      <label htmlFor="sp-reply">{t('support:thread.reply')}</label>
      {ticket.status === 'closed' ? (
        <p className="muted" id="sp-reply-help">
          {t('support:thread.replyClosed')}
        </p>
      ) : null}
      <textarea
        id="sp-reply"
        required
        maxLength={5000}
        value={body}
        aria-describedby={ticket.status === 'closed' ? 'sp-reply-help' : undefined}
        onChange={(e) => setBody(e.target.value)}
      />
      {staff ? (
        <div className="sp-check">
          <input id="sp-internal" type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
          <label htmlFor="sp-internal">{t('support:thread.internalCheck')}</label>
        </div>
      ) : null}
      <button type="submit" className="button" disabled={send.isPending}>
        {t('support:thread.send')}
      </button>
      {send.isError ? (
        <p role="alert" className="error">
          {problemText(t, send.error, i18n.language)}
        </p>
      ) : null}
    </form>
  );
}

export function CloseForm({ ticket }: { ticket: Ticket }) {
  const { t, i18n } = useTranslation('support');
  const [asking, setAsking] = useState(false);
  const [resolution, setResolution] = useState('');
  const refresh = useRefresh();
  const close = useMutation({
    mutationFn: () => closeTicket(ticket.id, resolution.trim()),
    onSuccess: async () => {
      setAsking(false);
      await refresh();
    },
  });
  if (!asking)
    return (
      <p>
        <button type="button" className="button secondary" onClick={() => setAsking(true)}>
          {t('support:thread.close')}
        </button>
      </p>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (resolution.trim() !== '' && !close.isPending) close.mutate();
  };
  return (
    <form className="sp-form card" onSubmit={submit}>
      <label htmlFor="sp-resolution">{t('support:thread.resolution')}</label>
      <textarea
        id="sp-resolution"
        required
        maxLength={2000}
        value={resolution}
        onChange={(e) => setResolution(e.target.value)}
      />
      <button type="submit" className="button" disabled={close.isPending}>
        {t('support:thread.closeConfirm')}
      </button>
      <button type="button" className="button secondary" onClick={() => setAsking(false)}>
        {t('support:thread.cancel')}
      </button>
      {close.isError ? (
        <p role="alert" className="error">
          {problemText(t, close.error, i18n.language)}
        </p>
      ) : null}
    </form>
  );
}

export function RatingForm({ ticket }: { ticket: Ticket }) {
  const { t, i18n } = useTranslation('support');
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const refresh = useRefresh();
  const rate = useMutation({ mutationFn: () => rateTicket(ticket.id, score, comment), onSuccess: refresh });
  if (ticket.rating !== null)
    return (
      <p className="card" data-testid="rated">
        {t('support:thread.rated', { score: ticket.rating })}
        {ticket.ratingComment ? ` — ${ticket.ratingComment}` : ''}
      </p>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (score >= 1 && !rate.isPending) rate.mutate();
  };
  return (
    <form className="sp-form card" onSubmit={submit}>
      <h2>{t('support:thread.rateTitle')}</h2>
      <fieldset className="sp-stars">
        <legend>{t('support:thread.score')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n}>
            <input type="radio" name="sp-score" value={n} checked={score === n} onChange={() => setScore(n)} />
            {t('support:thread.scoreValue', { score: n })}
          </label>
        ))}
      </fieldset>
      <label htmlFor="sp-comment">{t('support:thread.comment')}</label>
      <textarea id="sp-comment" maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />
      <button type="submit" className="button" disabled={score < 1 || rate.isPending}>
        {t('support:thread.rate')}
      </button>
      {rate.isError ? (
        <p role="alert" className="error">
          {problemText(t, rate.error, i18n.language)}
        </p>
      ) : null}
    </form>
  );
}
