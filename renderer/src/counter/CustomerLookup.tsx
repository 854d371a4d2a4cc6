/**
 * Finding a client at the counter by typed ISMAIL ID (look-alikes are read back by the hub) or
 * phone number (issue 28.4), and what was found: the name, ID, masked phone and card status, or,
 * with the cloud out of reach, the typed ID taken unchecked. The answer holds no credential: it
 * can top a wallet up with cash, never pay from it (that needs the card or the dynamic QR).
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { displayText, type CustomerSummary } from '@ismail/shared';
import { useHub } from './hub-context.js';
import { customerLookupClient, lookupErrorKey } from './customer-lookup-client.js';

/** A client found by the cloud, or an ISMAIL ID typed while it was out of reach (its holder unchecked). */
export type LookedUp =
  | { readonly status: 'found'; readonly customer: CustomerSummary }
  | { readonly status: 'unchecked'; readonly ismailId: string };

export function useCustomerLookupClient() {
  const hub = useHub();
  return useMemo(() => customerLookupClient(hub.session.token), [hub.session.token]);
}

export function CustomerLookupForm({ onFound }: { readonly onFound: (found: LookedUp) => void }) {
  const { t } = useTranslation();
  const hub = useHub();
  const client = useCustomerLookupClient();
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);

  const search = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (query.trim() === '') return;
    setBusy(true);
    const result = await client.lookup(query);
    setBusy(false);
    if (!result.ok) {
      hub.notify({ tone: 'error', key: lookupErrorKey(result.error.code) });
      return;
    }
    const found = result.value;
    setQuery('');
    // A name as every output shows it (control characters: shared/text/display-text).
    onFound(
      found.status === 'found'
        ? { status: 'found', customer: { ...found.customer, displayName: displayText(found.customer.displayName) } }
        : found,
    );
  };

  return (
    <form onSubmit={(event) => void search(event)} className="lookup-form" role="search">
      <label>
        {t('lookup.label')}
        <input
          autoComplete="off"
          value={query}
          maxLength={40}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('lookup.placeholder')}
        />
      </label>
      <button type="submit" disabled={busy}>
        {t('lookup.search')}
      </button>
    </form>
  );
}

/** What the lookup found, as the card desk and the credits screen show it. */
export function LookedUpCustomer({ found }: { readonly found: LookedUp }) {
  const { t } = useTranslation();
  if (found.status === 'unchecked')
    return (
      <div className="panel card-result" role="status" data-testid="lookup-result">
        <div>
          <p className="name">{found.ismailId}</p>
          <p className="notice notice-error">{t('lookup.unchecked')}</p>
        </div>
      </div>
    );
  const { customer } = found;
  const cardOk = customer.cardStatus === 'active';
  return (
    <div
      className={`panel card-result ${cardOk ? 'card-valid' : 'card-refused'}`}
      role="status"
      data-testid="lookup-result"
    >
      <div className="photo-missing">{t(customer.photoOnFile ? 'lookup.photoOnFile' : 'lookup.noPhoto')}</div>
      <div>
        <p className="name">{customer.displayName}</p>
        <p>
          {t('cards.ismailId')} : {customer.ismailId}
        </p>
        <p>
          {t('lookup.phone')} : {customer.maskedPhone ?? t('lookup.noPhone')}
        </p>
        <p className={`verdict ${cardOk ? 'ok' : 'refused'}`} data-testid="lookup-card-status">
          {t(`lookup.card.${customer.cardStatus}`)}
        </p>
        <p className="hint">{t('lookup.cannotPay')}</p>
      </div>
    </div>
  );
}
