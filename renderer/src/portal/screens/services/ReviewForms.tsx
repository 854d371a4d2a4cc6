/**
 * Reviews on a completed appointment: the client's (stars as a radio group, then words) within its window, and the
 * provider's public answer to it. The cloud keeps one of each; a second answer is refused in clear words.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { Refusal } from './Refusal.js';
import { answerReview, leaveReview } from './data.js';
import type { Appointment } from './types.js';

export function ReviewForms({ appointment: a, role }: { appointment: Appointment; role: 'client' | 'provider' }) {
  const { t, i18n } = useTranslation('services');
  const queryClient = useQueryClient();
  const [stars, setStars] = useState(0);
  const [body, setBody] = useState('');
  const [answered, setAnswered] = useState(false);
  const review = useMutation({
    mutationFn: () => leaveReview(a.id, stars, body.trim()),
    onSuccess: async () => queryClient.invalidateQueries({ queryKey: ['services'] }),
  });
  const answer = useMutation({
    mutationFn: () => answerReview(a.review?.id ?? '', body.trim()),
    onSuccess: async () => {
      setAnswered(true);
      setBody('');
      await queryClient.invalidateQueries({ queryKey: ['services'] });
    },
  });
  const error = <Refusal error={review.error ?? answer.error} />;

  if (a.review !== null)
    return (
      <div className="card">
        <p>
          {t('services:review.given', { stars: a.review.stars })}{' '}
          <span className="stars" aria-hidden="true">
            {'★'.repeat(a.review.stars)}
          </span>
        </p>
        {role === 'provider' && !answered ? (
          <form
            className="form"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              if (!answer.isPending && body.trim() !== '') answer.mutate();
            }}
          >
            <label htmlFor="review-answer">{t('services:review.answer')}</label>
            <textarea
              id="review-answer"
              rows={3}
              maxLength={1000}
              value={body}
              onChange={(e) => setBody(e.target.value)}
            />
            {error}
            <button type="submit" className="button secondary" disabled={answer.isPending || body.trim() === ''}>
              {t('services:review.answer')}
            </button>
          </form>
        ) : answered ? (
          <p role="status">{t('services:review.answered')}</p>
        ) : null}
      </div>
    );

  const open =
    role === 'client' &&
    a.status === 'completed' &&
    a.canReviewUntil !== null &&
    Date.parse(a.canReviewUntil) > Date.now();
  if (!open) return null;
  return (
    <form
      className="form card"
      aria-labelledby="review-title"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (!review.isPending && stars >= 1 && body.trim() !== '') review.mutate();
      }}
    >
      <h3 id="review-title">{t('services:review.leave')}</h3>
      <p className="muted">
        {t('services:review.until', { date: formatDateTime(a.canReviewUntil ?? '', i18n.language) })}
      </p>
      <fieldset className="choices star-choices">
        <legend>{t('services:review.stars')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className="choice">
            <input type="radio" name="review-stars" value={n} checked={stars === n} onChange={() => setStars(n)} />
            {t('services:review.starsLabel', { stars: n })}
          </label>
        ))}
      </fieldset>
      <label htmlFor="review-body">{t('services:review.body')}</label>
      <textarea id="review-body" rows={4} maxLength={2000} value={body} onChange={(e) => setBody(e.target.value)} />
      {error}
      <button type="submit" className="button" disabled={review.isPending || stars < 1 || body.trim() === ''}>
        {t('services:review.send')}
      </button>
    </form>
  );
}
