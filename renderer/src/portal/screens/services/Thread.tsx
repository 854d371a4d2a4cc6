/**
 * The conversation between the client and one provider about a request: messages (text or a photo), "Lu" under mine
 * once read, the masking notice while no appointment exists, refreshed every 10 s. Opening it marks the other side's
 * messages read.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../../common/format.js';
import { ApiError } from '../../api/client.js';
import { Refusal } from './Refusal.js';
import { Photo } from './Photo.js';
import { PhotoPicker } from './PhotoPicker.js';
import { markThreadRead, messagesQuery, sendMessage } from './data.js';

interface Props {
  readonly requestId: string;
  readonly providerId: string;
  readonly title: string;
}

export function Thread({ requestId, providerId, title }: Props) {
  const { t, i18n } = useTranslation('services');
  const queryClient = useQueryClient();
  const messages = useQuery(messagesQuery(requestId, providerId));
  const [body, setBody] = useState('');
  const [photoIds, setPhotoIds] = useState<string[]>([]);
  const unread = (messages.data?.messages ?? []).filter((m) => !m.mine && m.readAt === null).length;
  useEffect(() => {
    if (unread > 0) void markThreadRead(requestId, providerId).catch(() => undefined);
  }, [requestId, providerId, unread]);
  const send = useMutation({
    mutationFn: () =>
      sendMessage(requestId, providerId, {
        ...(body.trim() === '' ? {} : { body: body.trim() }),
        ...(photoIds[0] === undefined ? {} : { photoId: photoIds[0] }),
      }),
    onSuccess: async () => {
      setBody('');
      setPhotoIds([]);
      await queryClient.invalidateQueries({ queryKey: messagesQuery(requestId, providerId).queryKey });
    },
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (send.isPending || (body.trim() === '' && photoIds.length === 0)) return;
    send.mutate();
  }
  const list = messages.data?.messages;
  const fieldId = `message-${providerId}`;
  const failure = send.error instanceof ApiError ? send.error : undefined;
  return (
    <section className="card thread" aria-label={title}>
      <h3>{title}</h3>
      {messages.data?.masked === true ? <p className="notice">{t('services:thread.masked')}</p> : null}
      {list === undefined ? (
        <p>{messages.isError ? t('services:thread.error') : t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p className="muted">{t('services:thread.empty')}</p>
      ) : (
        <ol className="messages" aria-live="polite">
          {list.map((m) => (
            <li key={m.id} className={m.mine ? 'message mine' : 'message'}>
              <span className="visually-hidden">{m.mine ? t('services:thread.me') : t('services:thread.them')}</span>
              {m.body === null || m.body === '' ? null : <p>{m.body}</p>}
              {m.photoId === null ? null : <Photo photoId={m.photoId} size="small" alt={t('services:thread.photo')} />}
              <p className="muted meta">
                {formatTime(m.createdAt, i18n.language)}
                {m.mine && m.readAt !== null ? ` · ${t('services:thread.read')}` : ''}
              </p>
            </li>
          ))}
        </ol>
      )}
      <form className="form" onSubmit={submit}>
        <label htmlFor={fieldId}>{t('services:thread.write')}</label>
        <textarea id={fieldId} rows={2} maxLength={2000} value={body} onChange={(e) => setBody(e.target.value)} />
        <PhotoPicker id={`${fieldId}-photo`} photoIds={photoIds} onChange={setPhotoIds} max={1} />
        <Refusal error={failure} />
        <button type="submit" className="button secondary" disabled={send.isPending}>
          {t('services:thread.send')}
        </button>
      </form>
    </section>
  );
}
