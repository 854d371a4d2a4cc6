/**
 * The messages between a request's client and one provider, oldest first, with a box to write. Until an appointment
 * exists between them the cloud masks phone numbers and e-mail addresses in what each reads, and the thread says
 * so. Messages read here are marked read for the other side (read receipts).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { markRead, sendMessage, threadQuery } from './data.js';
import { Photo } from './Photo.js';
import { problemText } from './problem.js';

export function Thread({ requestId, providerId }: { requestId: string; providerId: string }) {
  const { t, i18n } = useTranslation('provider');
  const language = i18n.language;
  const queryClient = useQueryClient();
  const thread = useQuery(threadQuery(requestId, providerId));
  const [body, setBody] = useState('');
  const unread = thread.data?.messages.some((m) => !m.mine && m.readAt === null) ?? false;
  useEffect(() => {
    // A failed receipt is not worth a word on screen: the next read marks them again.
    if (unread) markRead(requestId, providerId).catch(() => undefined);
  }, [unread, requestId, providerId]);
  const send = useMutation({
    mutationFn: () => sendMessage(requestId, providerId, body.trim()),
    onSuccess: async () => {
      setBody('');
      await queryClient.invalidateQueries({ queryKey: ['services', 'thread', requestId, providerId] });
    },
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (body.trim() !== '' && !send.isPending) send.mutate();
  }
  const messages = thread.data?.messages;
  return (
    <section className="provider-block" aria-labelledby="thread-title">
      <h2 id="thread-title">{t('provider:thread.title')}</h2>
      {thread.data?.masked === true ? <p className="provider-notice">{t('provider:thread.masked')}</p> : null}
      {messages === undefined ? (
        <p>{thread.isError ? problemText(t, thread.error, language) : t('app.loading')}</p>
      ) : messages.length === 0 ? (
        <p className="muted">{t('provider:thread.empty')}</p>
      ) : (
        <ol className="provider-thread" data-testid="thread">
          {messages.map((m) => (
            <li key={m.id} className={m.mine ? 'provider-message mine' : 'provider-message'}>
              <p className="muted provider-hint">
                {m.mine ? t('provider:thread.me') : t('provider:thread.client')} ·{' '}
                {formatDateTime(m.createdAt, language)}
                {m.mine && m.readAt !== null ? ` · ${t('provider:thread.read')}` : ''}
              </p>
              {m.body === null ? null : <p>{m.body}</p>}
              {m.photoId === null ? null : <Photo photoId={m.photoId} alt={t('provider:thread.photo')} />}
            </li>
          ))}
        </ol>
      )}
      <form className="form" onSubmit={submit}>
        <label htmlFor="thread-body">{t('provider:thread.message')}</label>
        <textarea
          id="thread-body"
          rows={3}
          maxLength={2000}
          required
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
        {send.isError ? (
          <p className="error" role="alert">
            {problemText(t, send.error, language)}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={send.isPending} aria-busy={send.isPending}>
          {t('provider:thread.send')}
        </button>
      </form>
    </section>
  );
}
