/**
 * /reclamations/nouvelle (lazy): a new claim, « about » an order, booking, invoice… when opened from that page's
 * « Signaler un problème » link (the cloud checks it is the person's and finds the partner concerned from it). The
 * Idempotency-Key is made once per form: a 3G retry, or a second tap while the first is on its way, gives back the
 * same ticket instead of a second one. After creation: the acknowledgement with the time an answer is expected by.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { createTicket, newIdempotencyKey } from './data.js';
import { AboutLine } from './parts.js';
import { problemText } from './problem.js';
import { categoryOfAbout, ticketCategories, type About, type TicketCategory } from './types.js';
import './support.css';

const route = getRouteApi('/reclamations/nouvelle');

export function NewTicketForm() {
  const { t, i18n } = useTranslation('support');
  const search = route.useSearch();
  const about: About | undefined =
    search.type !== undefined && search.id !== undefined ? { type: search.type, id: search.id } : undefined;
  const [category, setCategory] = useState<TicketCategory>(about ? categoryOfAbout[about.type] : 'other');
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  const [key] = useState(newIdempotencyKey);
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () =>
      createTicket({ category, subject: subject.trim(), message: message.trim(), ...(about ? { about } : {}) }, key),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['support', 'tickets'] }),
  });
  const lang = i18n.language;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!create.isPending) create.mutate();
  };
  const done = create.data;
  if (done !== undefined)
    return (
      <section aria-labelledby="sp-done-title" className="screen">
        <h1 id="sp-done-title">{t('support:new.doneTitle')}</h1>
        <div className="card" role="status" data-testid="ticket-created">
          <p>{t('support:new.done', { reference: done.reference })}</p>
          <p>
            <strong data-testid="expected-by">
              {t('support:new.doneExpected', { when: formatDateTime(done.slaDueAt, lang) })}
            </strong>
          </p>
        </div>
        <p>
          <Link to="/reclamations/$ticketId" params={{ ticketId: done.id }} className="button">
            {t('support:new.open')}
          </Link>{' '}
          <Link to="/reclamations">{t('support:new.back')}</Link>
        </p>
      </section>
    );
  return (
    <section aria-labelledby="sp-new-title" className="screen">
      <h1 id="sp-new-title">{t('support:new.title')}</h1>
      <AboutLine about={about} />
      <form className="sp-form card" onSubmit={submit}>
        <label htmlFor="sp-category">{t('support:new.category')}</label>
        <select id="sp-category" value={category} onChange={(e) => setCategory(e.target.value as TicketCategory)}>
          {ticketCategories.map((c) => (
            <option key={c} value={c}>
              {t(`support:category.${c}`)}
            </option>
          ))}
        </select>
        <label htmlFor="sp-subject">{t('support:new.subject')}</label>
        <input id="sp-subject" required maxLength={120} value={subject} onChange={(e) => setSubject(e.target.value)} />
        <label htmlFor="sp-message">{t('support:new.message')}</label>
        <textarea
          id="sp-message"
          required
          maxLength={5000}
          aria-describedby="sp-message-help"
          value={message}
          onChange={(e) => setMessage(e.target.value)}
        />
        <p id="sp-message-help" className="muted">
          {t('support:new.messageHelp')}
        </p>
        <button type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? t('support:new.sending') : t('support:new.submit')}
        </button>
        {create.isError ? (
          <p role="alert" className="error">
            {problemText(t, create.error, lang)}
          </p>
        ) : null}
      </form>
    </section>
  );
}
