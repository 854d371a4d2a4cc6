/**
 * The card desk (agency chiefs, staff checking a client): scan or paste a card, see the face,
 * name, role and status, or a clear refusal with its reason; the age of the revocation list
 * the hub checked against (and a warning when it is old); a log of this session's checks. A client
 * can also be found by ISMAIL ID or phone number (issue 28.4): name, masked phone and card status,
 * no credential (the face shows when the card itself is scanned).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { displayText, type HubCardCheck } from '@ismail/shared';
import { formatDateTime } from '../../common/format.js';
import { errorKey, useHub } from '../hub-context.js';
import { CustomerLookupForm, LookedUpCustomer, type LookedUp } from '../CustomerLookup.js';
import { CardResult } from './CardResult.js';

export function Cards() {
  const { t, i18n } = useTranslation();
  const hub = useHub();
  const [scan, setScan] = useState('');
  const [check, setCheck] = useState<HubCardCheck | null>(null);
  const [found, setFound] = useState<LookedUp | null>(null);
  const [log, setLog] = useState<{ at: string; ok: boolean; label: string }[]>([]);

  const verify = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const token = scan.trim();
    setScan('');
    if (token === '') return;
    const result = await hub.client.verifyCard({ token });
    if (!result.ok) {
      hub.notify({ tone: 'error', key: errorKey(result.error.code) });
      return;
    }
    // A holder's name as every output shows it (control characters: shared/text/display-text).
    const checked = result.value.ok ? { ...result.value, name: displayText(result.value.name) } : result.value;
    setCheck(checked);
    setFound(null);
    const label = checked.ok ? `${checked.name} (${checked.ismailId})` : t(`cardRefusal.${checked.reason}`);
    setLog((entries) => [{ at: new Date().toISOString(), ok: checked.ok, label }, ...entries].slice(0, 50));
  };

  return (
    <section className="cards" aria-labelledby="cards-title">
      <h2 id="cards-title">{t('cards.title')}</h2>
      <form onSubmit={(event) => void verify(event)}>
        <label>
          {t('cards.scan')}
          <input
            autoFocus
            autoComplete="off"
            value={scan}
            onChange={(e) => setScan(e.target.value)}
            placeholder={t('cards.scanPlaceholder')}
          />
        </label>
      </form>
      <CustomerLookupForm
        onFound={(lookedUp) => {
          setFound(lookedUp);
          setCheck(null);
        }}
      />
      {check !== null && <CardResult check={check} />}
      {found !== null && <LookedUpCustomer found={found} />}
      {log.length > 0 && (
        <div className="panel">
          <h3>{t('cards.log')}</h3>
          <ul className="log">
            {log.map((entry) => (
              <li key={entry.at + entry.label} className={entry.ok ? 'ok' : 'refused'}>
                {formatDateTime(entry.at, i18n.language)} — {entry.ok ? t('cards.valid') : t('cards.refused')} —{' '}
                {entry.label}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
