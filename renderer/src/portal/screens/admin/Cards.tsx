/** Cards and keys: find a card by ISMAIL ID and act on it; rotate the card key (levels 1 and 2) (lazy-loaded route). */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminGate } from './AdminGate.js';
import { CardPanel } from './CardPanel.js';
import { cardQuery, isStrategist } from './data.js';
import { adminErrorText } from './errors.js';
import { KeyRotation } from './KeyRotation.js';
import { SearchForm } from './SearchForm.js';

function Found({ ismailId }: { ismailId: string }) {
  const { t } = useTranslation('admin');
  const card = useQuery(cardQuery(ismailId));
  if (card.data === undefined)
    return card.isError ? (
      <p className="error" role="alert">
        {adminErrorText(t, card.error)}
      </p>
    ) : (
      <p>{t('app.loading')}</p>
    );
  return <CardPanel card={card.data} />;
}

function Search() {
  const { t } = useTranslation('admin');
  const [ismailId, setIsmailId] = useState<string | null>(null);
  return (
    <>
      <SearchForm
        id="card-ismail-id"
        label={t('admin:cards.search')}
        hint={t('admin:cards.searchHint')}
        button={t('admin:cards.find')}
        onSearch={(typed) => {
          if (typed !== '') setIsmailId(typed.toUpperCase());
        }}
      />
      {ismailId !== null && <Found ismailId={ismailId} />}
    </>
  );
}

export function Cards() {
  const { t } = useTranslation('admin');
  return (
    <AdminGate title={t('admin:cards.title')}>
      {(me) => (
        <div className="admin-columns">
          <div className="admin-column">
            <Search />
          </div>
          {isStrategist(me.profile) && (
            <div className="admin-column">
              <KeyRotation />
            </div>
          )}
        </div>
      )}
    </AdminGate>
  );
}
