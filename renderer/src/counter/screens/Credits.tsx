/**
 * Selling credits for cash: the client's card is scanned (the hub checks it, offline too), or the
 * client is found by ISMAIL ID or phone number (issue 28.4: offline, a typed ID is taken unchecked
 * and the screen says so); the amount typed, Enter takes the cash and prints the receipt. The
 * top-up's id is kept until the hub confirms, so a retried request never credits twice.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { topUpReceiptTicket } from '@ismail/shared';
import { formatDateTime, formatXof } from '../../common/format.js';
import { errorKey, useHub } from '../hub-context.js';
import { CustomerLookupForm, LookedUpCustomer, useCustomerLookupClient, type LookedUp } from '../CustomerLookup.js';
import { lookupErrorKey } from '../customer-lookup-client.js';
import { CreditsCardScan, type Holder } from './CreditsCardScan.js';

/** Whom the cash goes to: a scanned card's holder (by its token), or a client found by lookup (by ISMAIL ID). */
type Payee = (Holder & { readonly via: 'card' }) | { readonly via: 'lookup'; readonly found: LookedUp };

const payeeId = (payee: Payee): string =>
  payee.via === 'card'
    ? payee.ismailId
    : payee.found.status === 'found'
      ? payee.found.customer.ismailId
      : payee.found.ismailId;
/** The name on the receipt; an ID typed offline has none checked: the ID stands for it. */
const payeeName = (payee: Payee): string =>
  payee.via === 'card'
    ? payee.name
    : payee.found.status === 'found'
      ? payee.found.customer.displayName
      : payee.found.ismailId;

export function Credits() {
  const { t, i18n } = useTranslation();
  const hub = useHub();
  const lookupClient = useCustomerLookupClient();
  const [holder, setHolder] = useState<Payee | null>(null);
  const [amount, setAmount] = useState('');
  const [topUpId, setTopUpId] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const amountField = useRef<HTMLInputElement>(null);

  const holderFound = (found: Payee): void => setHolder(found);
  // The amount next, once the render that shows its field is done.
  useEffect(() => {
    if (holder !== null) amountField.current?.focus();
  }, [holder]);

  const takeCash = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const amountXof = Number(amount);
    if (holder === null || !Number.isSafeInteger(amountXof) || amountXof < 1) {
      hub.notify({ tone: 'error', key: 'credits.badAmount' });
      return;
    }
    setBusy(true);
    const result =
      holder.via === 'card'
        ? await hub.client.topUpForCash({ id: topUpId, token: holder.token, amountXof })
        : await lookupClient.topUp({ id: topUpId, ismailId: payeeId(holder), amountXof });
    setBusy(false);
    if (!result.ok) {
      hub.notify({
        tone: 'error',
        key: holder.via === 'card' ? errorKey(result.error.code) : lookupErrorKey(result.error.code),
      });
      return;
    }
    if (hub.printerId !== null) {
      const at = new Date().toISOString();
      const receipt = {
        printerId: hub.printerId,
        documentKey: `top-up:${topUpId}`,
        openDrawer: true,
        blocks: topUpReceiptTicket(
          {
            title: t('credits.receiptTitle'),
            client: t('credits.client'),
            ismailId: t('credits.ismailId'),
            date: t('credits.date'),
            reference: t('credits.reference'),
            paidCash: t('credits.paidCash'),
            note: t('credits.receiptNote'),
          },
          {
            holderName: payeeName(holder),
            ismailId: payeeId(holder),
            date: formatDateTime(at, i18n.language),
            reference: topUpId.slice(0, 8),
            amount: formatXof(amountXof, i18n.language),
          },
        ),
      };
      const printed = await hub.client.print(receipt);
      if (!printed.ok) hub.notify({ tone: 'error', key: errorKey(printed.error.code) });
    }
    hub.notify({
      tone: 'ok',
      key: 'credits.done',
      values: { amount: formatXof(amountXof, i18n.language), name: payeeName(holder) },
    });
    setHolder(null);
    setAmount('');
    setTopUpId(crypto.randomUUID());
  };

  return (
    <section className="credits" aria-labelledby="credits-title">
      <h2 id="credits-title">{t('credits.title')}</h2>
      <CreditsCardScan onHolder={(found) => holderFound({ ...found, via: 'card' })} />
      <CustomerLookupForm onFound={(found) => holderFound({ via: 'lookup', found })} />
      {holder?.via === 'lookup' && <LookedUpCustomer found={holder.found} />}
      {holder !== null && (
        <form onSubmit={(event) => void takeCash(event)} className="panel">
          <p data-testid="credits-payee">
            <strong>{payeeName(holder)}</strong> · {payeeId(holder)}
          </p>
          <label>
            {t('credits.amount')}
            <input
              ref={amountField}
              inputMode="numeric"
              pattern="[0-9]*"
              value={amount}
              onChange={(e) => setAmount(e.target.value.replace(/\D/g, ''))}
            />
          </label>
          <button type="submit" className="primary big" disabled={busy}>
            {t('credits.takeCash')}
          </button>
        </form>
      )}
    </section>
  );
}
