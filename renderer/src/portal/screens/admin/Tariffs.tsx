/**
 * Tariffs (levels 1 and 2): those in force with their history, each changed after a simulation (TariffChange).
 * Credit and commission rates keep their own routes (lazy-loaded route).
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCredits, formatDateTime } from '../../../common/format.js';
import { AdminGate } from './AdminGate.js';
import { tariffsQuery, type Tariff } from './data.js';
import { adminErrorText } from './errors.js';
import { TariffChange } from './TariffChange.js';

function TariffItem({ tariff, history }: { tariff: Tariff; history: readonly Tariff[] }) {
  const { t, i18n } = useTranslation('admin');
  const [editing, setEditing] = useState(false);
  const credits = (n: number) => formatCredits(n * 100, i18n.language);
  const past = history.filter((h) => h.code === tariff.code && h.effectiveFrom !== tariff.effectiveFrom);
  return (
    <li className="card admin-tariff" data-testid={`tariff-${tariff.code}`}>
      <h2 id={`tariff-${tariff.code}`}>{t(`admin:tariffs.codes.${tariff.code}`, { defaultValue: tariff.code })}</h2>
      <p className="admin-price" data-testid="tariff-price">
        {t('admin:tariffs.price', {
          range:
            tariff.minCredits === tariff.maxCredits
              ? credits(tariff.minCredits)
              : `${credits(tariff.minCredits)} – ${credits(tariff.maxCredits)}`,
        })}{' '}
        <span className="muted">{t(`admin:tariffs.per.${tariff.per}`, { defaultValue: tariff.per })}</span>
      </p>
      <p className="muted hint">
        {t('admin:tariffs.since', { date: formatDateTime(tariff.effectiveFrom, i18n.language) })}
      </p>
      {past.length > 0 && (
        <details>
          <summary>{t('admin:tariffs.history', { count: past.length })}</summary>
          <ul className="admin-history">
            {past.map((h) => (
              <li key={h.effectiveFrom}>
                {formatDateTime(h.effectiveFrom, i18n.language)} · {credits(h.minCredits)} – {credits(h.maxCredits)}
              </li>
            ))}
          </ul>
        </details>
      )}
      {editing ? (
        <TariffChange tariff={tariff} />
      ) : (
        <button type="button" className="button secondary" onClick={() => setEditing(true)}>
          {t('admin:tariffs.edit')}
        </button>
      )}
    </li>
  );
}

function List() {
  const { t } = useTranslation('admin');
  const tariffs = useQuery(tariffsQuery);
  if (tariffs.data === undefined) return <p>{tariffs.isError ? adminErrorText(t, tariffs.error) : t('app.loading')}</p>;
  const { current, history } = tariffs.data;
  return (
    <ul className="admin-list admin-grid">
      {current.map((tariff) => (
        <TariffItem key={tariff.code} tariff={tariff} history={history} />
      ))}
    </ul>
  );
}

export function Tariffs() {
  const { t } = useTranslation('admin');
  return (
    <AdminGate title={t('admin:tariffs.title')}>
      {() => (
        <>
          <p>{t('admin:tariffs.intro')}</p>
          <List />
        </>
      )}
    </AdminGate>
  );
}
