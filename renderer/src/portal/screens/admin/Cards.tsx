/** Cards and keys: find a card by ISMAIL ID and act on it; rotate the card key (levels 1 and 2) (lazy-loaded route). */
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminGate } from './AdminGate.js';
import { CardPanel } from './CardPanel.js';
import { cardQuery, isStrategist } from './data.js';
import { adminErrorText } from './errors.js';
import { KeyRotation } from './KeyRotation.js';

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
  const [typed, setTyped] = useState('');
  const [ismailId, setIsmailId] = useState<string | null>(null);
  function submit(event: FormEvent): void {
    event.preventDefault();
    const id = typed.trim().toUpperCase();
    if (id !== '') setIsmailId(id);
  }
  return (
    <>
      <form className="card form" onSubmit={submit} role="search">
        <label htmlFor="card-ismail-id">{t('admin:cards.search')}</label>
        <input
          id="card-ismail-id"
          autoComplete="off"
          spellCheck={false}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          aria-describedby="card-ismail-id-hint"
        />
        <p id="card-ismail-id-hint" className="muted hint">
          {t('admin:cards.searchHint')}
        </p>
        <button type="submit" className="button">
          {t('admin:cards.find')}
        </button>
      </form>
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
