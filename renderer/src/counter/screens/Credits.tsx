/**
 * Selling credits for cash: the client's card is scanned (the hub checks it, offline too), the
 * amount typed, Enter takes the cash and prints the receipt. The top-up's id is kept until the
 * hub confirms, so a retried request never credits twice.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { topUpReceiptTicket } from '@ismail/shared';
import { formatDateTime, formatXof } from '../../common/format.js';
import { errorKey, useHub } from '../hub-context.js';
import { CreditsCardScan, type Holder } from './CreditsCardScan.js';

export function Credits() {
  const { t, i18n } = useTranslation();
  const hub = useHub();
  const [holder, setHolder] = useState<Holder | null>(null);
  const [amount, setAmount] = useState('');
  const [topUpId, setTopUpId] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const amountField = useRef<HTMLInputElement>(null);

  const holderFound = (found: Holder): void => {
    setHolder(found);
    amountField.current?.focus();
  };

  const takeCash = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const amountXof = Number(amount);
    if (holder === null || !Number.isSafeInteger(amountXof) || amountXof < 1) {
      hub.notify({ tone: 'error', key: 'credits.badAmount' });
      return;
    }
    setBusy(true);
    const result = await hub.client.topUpForCash({ id: topUpId, token: holder.token, amountXof });
    setBusy(false);
    if (!result.ok) {
      hub.notify({ tone: 'error', key: errorKey(result.error.code) });
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
            holderName: holder.name,
            ismailId: holder.ismailId,
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
      values: { amount: formatXof(amountXof, i18n.language), name: holder.name },
    });
    setHolder(null);
    setAmount('');
    setTopUpId(crypto.randomUUID());
  };

  return (
    <section className="credits" aria-labelledby="credits-title">
      <h2 id="credits-title">{t('credits.title')}</h2>
      <CreditsCardScan onHolder={holderFound} />
      {holder !== null && (
        <form onSubmit={(event) => void takeCash(event)} className="panel">
          <p>
            <strong>{holder.name}</strong> · {holder.ismailId}
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
