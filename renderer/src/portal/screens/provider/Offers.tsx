/**
 * A provider's offers: each with its category, title, price (fixed, which clients may book directly, or on quote)
 * and duration; added, edited or deactivated (clients no longer see it; appointments already made stay).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { addOffer, categoriesQuery, deactivateOffer, editOffer } from './data.js';
import { fcfaOf } from './math.js';
import { problemText } from './problem.js';
import type { MyProfile } from './types.js';

/** An offer as my profile lists it (the active ones). */
type Offer = MyProfile['offers'][number];

interface Draft {
  category: string;
  title: string;
  pricing: 'fixed' | 'quote';
  price: string;
  duration: string;
}

const draftOf = (offer: Offer | null, category: string): Draft => ({
  category: offer?.category ?? category,
  title: offer?.title ?? '',
  pricing: offer?.pricing ?? 'fixed',
  price: offer?.priceXof == null ? '' : String(offer.priceXof),
  duration: String(offer?.durationMinutes ?? 60),
});

const inputOf = (d: Draft) => ({
  category: d.category,
  title: d.title.trim(),
  pricing: d.pricing,
  // An offer moved to "on quote" drops its price (null); a new one simply has none.
  priceXof: d.pricing === 'fixed' ? fcfaOf(d.price) : null,
  taxGroup: 'CI-TVA-18',
  durationMinutes: Number(d.duration),
});

function OfferForm({ profile, offer, onDone }: { profile: MyProfile; offer: Offer | null; onDone: () => void }) {
  const { t, i18n } = useTranslation('provider');
  const queryClient = useQueryClient();
  const categories = useQuery(categoriesQuery);
  const [draft, setDraft] = useState<Draft>(() => draftOf(offer, profile.categories[0] ?? ''));
  const set = (change: Partial<Draft>): void => setDraft({ ...draft, ...change });
  const save = useMutation({
    mutationFn: () => {
      const input = inputOf(draft);
      if (offer !== null) return editOffer(offer.id, input);
      const { priceXof, ...rest } = input;
      return addOffer(priceXof === null || priceXof === undefined ? rest : { ...rest, priceXof });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['provider', 'profile'] });
      onDone();
    },
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  }
  const idOf = (key: string): string => `offer-${offer?.id ?? 'new'}-${key}`;
  const labelOf = (code: string): string => {
    const c = categories.data?.find((x) => x.code === code);
    return c === undefined ? code : i18n.language === 'en' ? c.labelEn : c.labelFr;
  };
  return (
    <form className="form provider-form card" onSubmit={submit} data-testid="offer-form">
      <label htmlFor={idOf('category')}>{t('provider:offers.category')}</label>
      <select id={idOf('category')} required value={draft.category} onChange={(e) => set({ category: e.target.value })}>
        {profile.categories.map((code) => (
          <option key={code} value={code}>
            {labelOf(code)}
          </option>
        ))}
      </select>
      <label htmlFor={idOf('title')}>{t('provider:offers.titleLabel')}</label>
      <input
        id={idOf('title')}
        required
        maxLength={120}
        value={draft.title}
        onChange={(e) => set({ title: e.target.value })}
      />
      <fieldset className="choices">
        <legend>{t('provider:offers.pricing')}</legend>
        {(['fixed', 'quote'] as const).map((p) => (
          <label key={p} className="choice">
            <input
              type="radio"
              name={idOf('pricing')}
              checked={draft.pricing === p}
              onChange={() => set({ pricing: p })}
            />
            {t(`provider:offers.${p}`)}
          </label>
        ))}
      </fieldset>
      {draft.pricing === 'fixed' ? (
        <>
          <label htmlFor={idOf('price')}>{t('provider:offers.price')}</label>
          <input
            id={idOf('price')}
            inputMode="numeric"
            required
            autoComplete="off"
            value={draft.price}
            onChange={(e) => set({ price: e.target.value })}
          />
        </>
      ) : null}
      <label htmlFor={idOf('duration')}>{t('provider:offers.duration')}</label>
      <input
        id={idOf('duration')}
        type="number"
        inputMode="numeric"
        required
        min={15}
        max={720}
        value={draft.duration}
        onChange={(e) => set({ duration: e.target.value })}
      />
      {save.isError ? (
        <p className="error" role="alert">
          {problemText(t, save.error, i18n.language)}
        </p>
      ) : null}
      <div className="provider-actions">
        <button type="submit" className="button" disabled={save.isPending} aria-busy={save.isPending}>
          {offer === null ? t('provider:offers.add') : t('provider:offers.save')}
        </button>
        <button type="button" className="button secondary" onClick={onDone}>
          {t('provider:offers.cancel')}
        </button>
      </div>
    </form>
  );
}

export function Offers({ profile }: { profile: MyProfile }) {
  const { t, i18n } = useTranslation('provider');
  const queryClient = useQueryClient();
  // An offer's id while it is edited, 'new' while one is added.
  const [editing, setEditing] = useState<string | null>(null);
  const deactivate = useMutation({
    mutationFn: (offerId: string) => deactivateOffer(offerId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['provider', 'profile'] }),
  });
  const offers = profile.offers;
  return (
    <section className="provider-block" aria-labelledby="offers-title">
      <h2 id="offers-title">{t('provider:offers.title')}</h2>
      {offers.length === 0 ? <p className="muted">{t('provider:offers.empty')}</p> : null}
      <ul className="provider-list" data-testid="offers">
        {offers.map((o) =>
          editing === o.id ? (
            <li key={o.id}>
              <OfferForm profile={profile} offer={o} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <li key={o.id} className="card">
              <h3>{o.title}</h3>
              <p>
                {o.pricing === 'fixed' && o.priceXof !== null
                  ? formatFcfa(o.priceXof, i18n.language)
                  : t('provider:offers.quote')}
                {' · '}
                {t('provider:offers.minutes', { n: o.durationMinutes })}
              </p>
              <div className="provider-actions">
                <button
                  type="button"
                  className="button secondary"
                  aria-label={t('provider:offers.editNamed', { title: o.title })}
                  onClick={() => setEditing(o.id)}
                >
                  {t('provider:offers.edit')}
                </button>
                <button
                  type="button"
                  className="button secondary"
                  disabled={deactivate.isPending}
                  aria-label={t('provider:offers.deactivateNamed', { title: o.title })}
                  onClick={() => deactivate.mutate(o.id)}
                >
                  {t('provider:offers.deactivate')}
                </button>
              </div>
            </li>
          ),
        )}
      </ul>
      {deactivate.isError ? (
        <p className="error" role="alert">
          {problemText(t, deactivate.error, i18n.language)}
        </p>
      ) : null}
      {editing === 'new' ? (
        <OfferForm profile={profile} offer={null} onDone={() => setEditing(null)} />
      ) : (
        <button type="button" className="button" onClick={() => setEditing('new')}>
          {t('provider:offers.new')}
        </button>
      )}
    </section>
  );
}
