/**
 * A listing's form: what the property is (type, rent or sale, commune, area, rooms…), its price, charges and — for a
 * rental — the deposit and advance in months (0 to 2: law 2018-575), the contact phone, whether the exact position is
 * hidden until a visit is confirmed, a video link and the publication plan with its price in credits. Creates a draft,
 * or saves only what changed.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { communeNames } from '../provider/communes.js';
import { createListing, editListing, plansQuery } from './data.js';
import { changesOf, draftOf, fieldsOf, type Draft } from './draft.js';
import { ContactAndPosition, KindAndDeal, PlanChoice, RentMonths } from './FormParts.js';
import { problemText } from './problem.js';
import type { OwnerListing } from './types.js';

type TextKey = 'title' | 'neighbourhood' | 'areaM2' | 'rooms' | 'bedrooms' | 'bathrooms' | 'price' | 'charges';

export function ListingForm({ listing }: { listing: OwnerListing | null }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const plans = useQuery(plansQuery);
  const [draft, setDraft] = useState<Draft>(() => draftOf(listing, ''));
  const [unreadable, setUnreadable] = useState(false);
  const [saved, setSaved] = useState(false);
  const planCode = draft.planCode === '' ? (plans.data?.[0]?.code ?? '') : draft.planCode;
  const set = (change: Partial<Draft>): void => {
    setSaved(false);
    setDraft({ ...draft, ...change });
  };
  const save = useMutation({
    mutationFn: async () => {
      const fields = fieldsOf({ ...draft, planCode });
      if (fields === null) throw new RangeError('unreadable');
      if (listing === null) return createListing(fields);
      const changes = changesOf(listing, fields);
      return Object.keys(changes).length === 0 ? listing : editListing(listing.id, changes);
    },
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['real-estate', 'owner'] });
      setSaved(true);
      if (listing === null)
        await navigate({ to: '/immobilier/gestion/annonces/$listingId', params: { listingId: result.id } });
    },
    onError: (error) => setUnreadable(error instanceof RangeError),
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  }
  const input = (key: TextKey, props: { numeric?: boolean; required?: boolean; hint?: ReactNode } = {}) => (
    <>
      <label htmlFor={`reo-${key}`}>{t(`real-estate-owner:form.${key}`)}</label>
      <input
        id={`reo-${key}`}
        value={draft[key]}
        required={props.required ?? false}
        maxLength={key === 'title' ? 120 : 100}
        inputMode={props.numeric === true ? 'numeric' : undefined}
        autoComplete="off"
        aria-describedby={props.hint === undefined ? undefined : `reo-${key}-hint`}
        onChange={(e) => set({ [key]: e.target.value })}
      />
      {props.hint === undefined ? null : (
        <p className="muted reo-hint" id={`reo-${key}-hint`}>
          {props.hint}
        </p>
      )}
    </>
  );
  const failure = save.isError && !unreadable ? problemText(t, save.error, i18n.language) : null;
  return (
    <form className="form reo-form" onSubmit={submit} data-testid="listing-form">
      <KindAndDeal draft={draft} set={set} />
      {input('title', { required: true })}
      <label htmlFor="reo-description">{t('real-estate-owner:form.description')}</label>
      <textarea
        id="reo-description"
        rows={5}
        maxLength={4000}
        value={draft.description}
        onChange={(e) => set({ description: e.target.value })}
      />
      <label htmlFor="reo-commune">{t('real-estate-owner:form.commune')}</label>
      <select id="reo-commune" value={draft.commune} onChange={(e) => set({ commune: e.target.value })}>
        {communeNames.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      {input('neighbourhood')}
      {input('areaM2', { numeric: true, required: true })}
      <div className="reo-trio">
        <div>{input('rooms', { numeric: true })}</div>
        <div>{input('bedrooms', { numeric: true })}</div>
        <div>{input('bathrooms', { numeric: true })}</div>
      </div>
      <label className="reo-check">
        <input type="checkbox" checked={draft.furnished} onChange={(e) => set({ furnished: e.target.checked })} />
        {t('real-estate-owner:form.furnished')}
      </label>
      {input('price', { numeric: true, required: true })}
      {input('charges', { numeric: true })}
      <RentMonths draft={draft} set={set} />
      <ContactAndPosition draft={draft} set={set} />
      <PlanChoice planCode={planCode} set={set} />
      {unreadable ? (
        <p className="error" role="alert">
          {t('real-estate-owner:form.unreadable')}
        </p>
      ) : null}
      {failure === null ? null : (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      {saved && listing !== null ? <p role="status">{t('real-estate-owner:form.saved')}</p> : null}
      <button type="submit" className="button" disabled={save.isPending} aria-busy={save.isPending}>
        {listing === null ? t('real-estate-owner:form.create') : t('real-estate-owner:form.save')}
      </button>
    </form>
  );
}
