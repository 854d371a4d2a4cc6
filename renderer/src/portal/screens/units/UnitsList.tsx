/** The partner's bookable units (lazy): each with its type, place, capacity and base price, and where to add one. */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { unitsQuery } from './data.js';
import '../../styles/units.css';

export function UnitsList() {
  const { t, i18n } = useTranslation('units');
  const units = useQuery(unitsQuery);
  const list = units.data;
  return (
    <section aria-labelledby="units-title" className="screen units">
      <h1 id="units-title">{t('units:list.title')}</h1>
      <OfflineMark updatedAtMs={units.dataUpdatedAt} failed={units.isError} />
      <p className="units-actions">
        <Link to="/units/new" className="button">
          {t('units:list.add')}
        </Link>
        <Link to="/units/reservations" className="button secondary">
          {t('units:reservations.title')}
        </Link>
      </p>
      {list === undefined ? (
        <p>{units.isError ? t('units:list.error') : t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('units:list.empty')}</p>
      ) : (
        <ul className="units-grid" data-testid="units">
          {list.map((u) => (
            <li key={u.id} className="card">
              <h2>
                <Link to="/units/$unitId" params={{ unitId: u.id }}>
                  {u.name}
                </Link>
              </h2>
              <p className="muted">{t('units:list.where', { type: u.typeName, place: u.place, count: u.capacity })}</p>
              <p>{t('units:list.base', { amount: formatFcfa(u.basePriceXof, i18n.language) })}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
