/**
 * The search's filters: rent or buy, type, commune, price range, rooms, furnished and order. They are kept in the
 * address (typed search params) when sent, so a search can be shared, saved and found again after a reload.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RealEstateSearchParams } from '../../routes/real-estate.js';
import { abidjanCommunes } from './data.js';
import { kinds, sorts, type Deal } from './types.js';

/** Rent or buy, as two toggle buttons; pressing the chosen one again searches both. */
function DealToggle({ deal, onChange }: { deal: Deal | undefined; onChange: (deal: Deal | undefined) => void }) {
  const { t } = useTranslation('real-estate');
  return (
    <div role="group" aria-label={t('real-estate:search.deal')} className="re-toggle">
      {(['rent', 'sale'] as const).map((value) => (
        <button
          key={value}
          type="button"
          className="chip"
          aria-pressed={deal === value}
          onClick={() => onChange(deal === value ? undefined : value)}
        >
          {t(`real-estate:deal.${value}`)}
        </button>
      ))}
    </div>
  );
}

const digitsOnly = (value: string): string => value.replace(/\D/g, '').slice(0, 11);

export function SearchForm({
  search,
  onSearch,
}: {
  search: RealEstateSearchParams;
  onSearch: (next: RealEstateSearchParams) => void;
}) {
  const { t } = useTranslation('real-estate');
  const [deal, setDeal] = useState<Deal | undefined>(search.deal);
  const [kind, setKind] = useState<string>(search.kind ?? '');
  const [commune, setCommune] = useState(search.commune ?? '');
  const [minPrice, setMinPrice] = useState(search.minPriceXof === undefined ? '' : String(search.minPriceXof));
  const [maxPrice, setMaxPrice] = useState(search.maxPriceXof === undefined ? '' : String(search.maxPriceXof));
  const [minRooms, setMinRooms] = useState(search.minRooms === undefined ? '' : String(search.minRooms));
  const [furnished, setFurnished] = useState(search.furnished === true);
  const [sort, setSort] = useState<string>(search.sort ?? 'newest');

  function submit(event: FormEvent): void {
    event.preventDefault();
    const next: Record<string, unknown> = {
      deal,
      kind: kind === '' ? undefined : kind,
      commune: commune === '' ? undefined : commune,
      minPriceXof: minPrice === '' ? undefined : Number(minPrice),
      maxPriceXof: maxPrice === '' ? undefined : Number(maxPrice),
      minRooms: minRooms === '' ? undefined : Number(minRooms),
      furnished: furnished ? true : undefined,
      sort: sort === 'newest' ? undefined : sort,
    };
    // A new set of filters searches the whole city again: the map's area is chosen on the map.
    onSearch(Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)));
  }

  const priceWord = deal === 'rent' ? 'rent' : 'price';
  return (
    <form
      role="search"
      className="form card re-search-form"
      onSubmit={submit}
      aria-label={t('real-estate:search.filters')}
    >
      <DealToggle deal={deal} onChange={setDeal} />
      <label htmlFor="re-kind">{t('real-estate:search.kind')}</label>
      <select id="re-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
        <option value="">{t('real-estate:search.anyKind')}</option>
        {kinds.map((k) => (
          <option key={k} value={k}>
            {t(`real-estate:kinds.${k}`)}
          </option>
        ))}
      </select>
      <label htmlFor="re-commune">{t('real-estate:search.commune')}</label>
      <select id="re-commune" value={commune} onChange={(e) => setCommune(e.target.value)}>
        <option value="">{t('real-estate:search.anyCommune')}</option>
        {abidjanCommunes.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <div className="re-pair">
        <div>
          <label htmlFor="re-min-price">{t(`real-estate:search.${priceWord}Min`)}</label>
          <input
            id="re-min-price"
            inputMode="numeric"
            autoComplete="off"
            value={minPrice}
            onChange={(e) => setMinPrice(digitsOnly(e.target.value))}
          />
        </div>
        <div>
          <label htmlFor="re-max-price">{t(`real-estate:search.${priceWord}Max`)}</label>
          <input
            id="re-max-price"
            inputMode="numeric"
            autoComplete="off"
            value={maxPrice}
            onChange={(e) => setMaxPrice(digitsOnly(e.target.value))}
          />
        </div>
      </div>
      <div className="re-pair">
        <div>
          <label htmlFor="re-rooms">{t('real-estate:search.minRooms')}</label>
          <select id="re-rooms" value={minRooms} onChange={(e) => setMinRooms(e.target.value)}>
            <option value="">{t('real-estate:search.anyRooms')}</option>
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n} value={String(n)}>
                {t('real-estate:search.roomsAtLeast', { count: n })}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="re-sort">{t('real-estate:search.sort')}</label>
          <select id="re-sort" value={sort} onChange={(e) => setSort(e.target.value)}>
            {sorts.map((s) => (
              <option key={s} value={s}>
                {t(`real-estate:sorts.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label className="re-check">
        <input type="checkbox" checked={furnished} onChange={(e) => setFurnished(e.target.checked)} />
        {t('real-estate:search.furnished')}
      </label>
      <button type="submit" className="button">
        {t('real-estate:search.go')}
      </button>
    </form>
  );
}
