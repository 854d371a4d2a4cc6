/**
 * Saved searches: the current filters kept under a name, with or without alerts for new matching listings (the cloud
 * sends them), and the list of the ones kept, each to run again or delete.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RealEstateSearchParams } from '../../routes/real-estate.js';
import { Refusal } from './Refusal.js';
import { deleteSavedSearch, saveSearch, savedSearchesQuery } from './data.js';
import type { ListingFilters } from './types.js';

const filtersOf = (search: RealEstateSearchParams): ListingFilters =>
  Object.fromEntries(Object.entries(search).filter(([key]) => key !== 'sort'));

export function SaveSearch({ search }: { search: RealEstateSearchParams }) {
  const { t } = useTranslation('real-estate');
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [alerts, setAlerts] = useState(true);
  const save = useMutation({
    // The order is the screen's choice, not a filter: the cloud keeps filters only.
    mutationFn: () => saveSearch({ name: name.trim(), filters: filtersOf(search), alerts }),
    onSuccess: async () => {
      setOpen(false);
      setName('');
      await queryClient.invalidateQueries({ queryKey: ['real-estate', 'saved-searches'] });
    },
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (name.trim() !== '' && !save.isPending) save.mutate();
  }
  if (!open)
    return (
      <p>
        <button type="button" className="button secondary" onClick={() => setOpen(true)}>
          {t('real-estate:saved.save')}
        </button>
        {save.isSuccess ? (
          <span role="status" className="re-saved-note">
            {t('real-estate:saved.done')}
          </span>
        ) : null}
      </p>
    );
  return (
    <form className="form card" onSubmit={submit} aria-label={t('real-estate:saved.save')}>
      <label htmlFor="re-saved-name">{t('real-estate:saved.name')}</label>
      <input id="re-saved-name" maxLength={80} required value={name} onChange={(e) => setName(e.target.value)} />
      <label className="re-check">
        <input type="checkbox" checked={alerts} onChange={(e) => setAlerts(e.target.checked)} />
        {t('real-estate:saved.alerts')}
      </label>
      <Refusal error={save.error} />
      <div className="re-actions">
        <button type="submit" className="button" disabled={save.isPending || name.trim() === ''}>
          {t('real-estate:saved.confirm')}
        </button>
        <button type="button" className="button secondary" onClick={() => setOpen(false)}>
          {t('real-estate:saved.cancel')}
        </button>
      </div>
    </form>
  );
}

export function SavedSearchList() {
  const { t } = useTranslation('real-estate');
  const queryClient = useQueryClient();
  const searches = useQuery(savedSearchesQuery);
  const remove = useMutation({
    mutationFn: deleteSavedSearch,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['real-estate', 'saved-searches'] }),
  });
  const list = searches.data?.searches ?? [];
  if (list.length === 0) return null;
  return (
    <section aria-labelledby="re-saved-title" className="re-saved">
      <h2 id="re-saved-title">{t('real-estate:saved.title')}</h2>
      <ul className="re-list">
        {list.map((s) => (
          <li key={s.id} className="card re-saved-item">
            <Link to="/immobilier" search={s.filters as RealEstateSearchParams}>
              {s.name}
            </Link>
            <span className="muted">
              {s.alerts ? t('real-estate:saved.withAlerts') : t('real-estate:saved.noAlerts')}
            </span>
            <button
              type="button"
              className="link-button"
              disabled={remove.isPending}
              onClick={() => remove.mutate(s.id)}
              aria-label={t('real-estate:saved.deleteNamed', { name: s.name })}
            >
              {t('real-estate:saved.delete')}
            </button>
          </li>
        ))}
      </ul>
      <Refusal error={remove.error} />
    </section>
  );
}
