/**
 * Disputes on an appointment: the form that opens one (reason and photos as evidence; the automatic release stops),
 * and the panel that shows it: its state, deadline, the other side's answer form, and the admin's decision.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { Refusal } from './Refusal.js';
import { PhotoPicker } from './PhotoPicker.js';
import { answerDispute, openDispute } from './data.js';
import type { Appointment } from './types.js';

export function DisputeForm({ appointmentId, onClose }: { appointmentId: string; onClose: () => void }) {
  const { t } = useTranslation('services');
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [photoIds, setPhotoIds] = useState<string[]>([]);
  const open = useMutation({
    mutationFn: () => openDispute(appointmentId, reason.trim(), photoIds),
    onSuccess: async () => {
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['services'] });
    },
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (open.isPending || reason.trim().length < 10) return;
    open.mutate();
  }
  return (
    <form className="form card" onSubmit={submit} aria-labelledby="dispute-title">
      <h3 id="dispute-title">{t('services:dispute.open')}</h3>
      <p className="muted">{t('services:dispute.explain')}</p>
      <label htmlFor="dispute-reason">{t('services:dispute.reason')}</label>
      <textarea
        id="dispute-reason"
        rows={4}
        minLength={10}
        maxLength={2000}
        required
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <PhotoPicker id="dispute-photos" photoIds={photoIds} onChange={setPhotoIds} />
      <Refusal error={open.error} />
      <button type="submit" className="button danger" disabled={open.isPending || reason.trim().length < 10}>
        {t('services:dispute.send')}
      </button>
      <button type="button" className="button secondary" onClick={onClose}>
        {t('services:common.back')}
      </button>
    </form>
  );
}

export function DisputePanel({ appointment: a, role }: { appointment: Appointment; role: 'client' | 'provider' }) {
  const { t, i18n } = useTranslation('services');
  const language = i18n.language;
  const queryClient = useQueryClient();
  const [answer, setAnswer] = useState('');
  const d = a.dispute;
  const send = useMutation({
    mutationFn: () => answerDispute(d?.id ?? '', answer.trim()),
    onSuccess: async () => {
      setAnswer('');
      await queryClient.invalidateQueries({ queryKey: ['services'] });
    },
  });
  if (d === null) return null;
  // The cloud names who opened it by role or by account: the client's account id is known to both sides.
  const openedByClient = d.openedBy === 'client' || d.openedBy === a.clientId;
  const mine = (role === 'client') === openedByClient;
  return (
    <section className="card dispute" aria-labelledby="dispute-state-title" data-testid="dispute">
      <h2 id="dispute-state-title">{t('services:dispute.title')}</h2>
      <p>
        {t(openedByClient ? 'services:dispute.byClient' : 'services:dispute.byProvider')}{' '}
        <span className={`status status-${d.status}`}>{t(`services:dispute.status.${d.status}`)}</span>
      </p>
      <p className="description">{d.reason}</p>
      {d.answer === null ? (
        d.status === 'open' ? (
          <p className="muted">{t('services:dispute.answerDue', { date: formatDateTime(d.answerDueAt, language) })}</p>
        ) : null
      ) : (
        <blockquote className="answer">
          <p className="muted">{t('services:dispute.answerTitle')}</p>
          <p>{d.answer}</p>
        </blockquote>
      )}
      {d.outcome === null ? null : (
        <p className="notice">
          {d.outcome === 'release'
            ? t('services:dispute.released')
            : t('services:dispute.refunded', { percent: Math.round((d.refundBp ?? 10_000) / 100) })}
          {d.decisionNote === null ? '' : ` ${d.decisionNote}`}
        </p>
      )}
      {!mine && d.status === 'open' && d.answer === null ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!send.isPending && answer.trim() !== '') send.mutate();
          }}
        >
          <label htmlFor="dispute-answer">{t('services:dispute.answer')}</label>
          <textarea
            id="dispute-answer"
            rows={3}
            maxLength={2000}
            required
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
          />
          <Refusal error={send.error} />
          <button type="submit" className="button" disabled={send.isPending || answer.trim() === ''}>
            {t('services:dispute.answer')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
