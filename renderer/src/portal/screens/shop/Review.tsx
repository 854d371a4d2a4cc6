/**
 * Reviewing a delivered order (lazy), the screen the review invitation links to: one form per product not yet
 * reviewed, a rating of 1 to 5 as radio buttons and an optional comment. The cloud decides who may review.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiError, ApiError } from '../../api/client.js';
import { reviewStatusQuery } from './shop-data.js';
import '../../styles/shop.css';

const ratings = [5, 4, 3, 2, 1] as const;

function ReviewForm({ orderId, productId, label }: { orderId: string; productId: string; label: string }) {
  const { t } = useTranslation('shop');
  const queryClient = useQueryClient();
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const send = useMutation({
    mutationFn: async () => {
      const { error, response } = await api.POST('/v1/shop/products/{productId}/reviews', {
        params: { path: { productId } },
        body: { rating: rating ?? 5, ...(comment.trim() === '' ? {} : { comment: comment.trim() }) },
      });
      if (!response.ok) throw apiError(error, response.status);
    },
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: reviewStatusQuery(orderId).queryKey });
      await queryClient.invalidateQueries({ queryKey: ['shop', 'product', productId] });
    },
  });
  const id = `review-${productId}`;
  const code = send.error instanceof ApiError ? send.error.code : null;
  return (
    <form
      className="form card"
      aria-labelledby={id}
      onSubmit={(event) => {
        event.preventDefault();
        if (rating !== null) send.mutate();
      }}
    >
      <h2 id={id}>{label}</h2>
      <fieldset className="choices stars">
        <legend>{t('shop:review.rating')}</legend>
        {ratings.map((value) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name={`rating-${productId}`}
              value={value}
              checked={rating === value}
              onChange={() => setRating(value)}
            />
            {t('shop:product.stars', { count: value })}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`comment-${productId}`}>{t('shop:review.comment')}</label>
      <textarea
        id={`comment-${productId}`}
        maxLength={2000}
        rows={3}
        value={comment}
        onChange={(event) => setComment(event.target.value)}
      />
      <button type="submit" className="button" disabled={rating === null || send.isPending}>
        {t('shop:review.send')}
      </button>
      {code === null ? null : (
        <p role="alert" className="error">
          {t(`shop:errors.${code}`, { defaultValue: t('shop:errors.other') })}
        </p>
      )}
    </form>
  );
}

export function Review() {
  const { t } = useTranslation('shop');
  const { orderId } = useParams({ from: '/shop/orders/$orderId/review' });
  const status = useQuery(reviewStatusQuery(orderId));
  const s = status.data;
  return (
    <section aria-labelledby="review-title" className="screen">
      <h1 id="review-title">{t('shop:review.title')}</h1>
      {s === undefined ? (
        <p>{status.isError ? t('shop:order.error') : t('app.loading')}</p>
      ) : !s.delivered ? (
        <p>{t('shop:review.notDelivered')}</p>
      ) : (
        s.items.map((item) =>
          item.reviewed ? (
            <p key={item.productId} className="card" role="status">
              {t('shop:review.done', { label: item.label })}
            </p>
          ) : (
            <ReviewForm key={item.productId} orderId={orderId} productId={item.productId} label={item.label} />
          ),
        )
      )}
      <Link to="/shop/orders/$orderId" params={{ orderId }}>
        {t('shop:review.back')}
      </Link>
    </section>
  );
}
