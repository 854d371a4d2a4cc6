/**
 * Selling credits for cash: the client's card is scanned (the hub checks it, offline too), the
 * amount typed, Enter takes the cash and prints the receipt. The top-up's id is kept until the
 * hub confirms, so a retried request never credits twice.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { displayText, topUpReceiptTicket } from '@ismail/shared';
import { formatDateTime, formatXof } from '../format.js';
import { errorKey, useHub } from '../hub-context.js';
import { classifyInput } from '../scan-input.js';

interface Holder {
  token: string;
  name: string;
  ismailId: string;
}

export function Credits() {
  const { t, i18n } = useTranslation();
  const hub = useHub();
  const [scan, setScan] = useState('');
  const [holder, setHolder] = useState<Holder | null>(null);
  const [amount, setAmount] = useState('');
  const [topUpId, setTopUpId] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const amountField = useRef<HTMLInputElement>(null);

  const readCard = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const entry = classifyInput(scan);
    setScan('');
    if (entry.kind !== 'card') {
      hub.notify({ tone: 'error', key: 'credits.notACard' });
      return;
    }
    const result = await hub.call<{ ok: boolean; name?: string; ismailId?: string; reason?: string }>(
      'POST',
      '/api/v1/cards/verify',
      { token: entry.token },
    );
    if (!result.ok) {
      hub.notify({ tone: 'error', key: errorKey(result.error.code) });
      return;
    }
    if (!result.value.ok) {
      hub.notify({ tone: 'error', key: `cardRefusal.${result.value.reason ?? 'MALFORMED'}` });
      return;
    }
    // Shown and printed on the receipt as every output shows it (control characters: shared/text/display-text).
    setHolder({
      token: entry.token,
      name: displayText(result.value.name ?? ''),
      ismailId: result.value.ismailId ?? '',
    });
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
    const result = await hub.call<{ id: string }>('POST', '/api/v1/cash-top-ups', {
      id: topUpId,
      token: holder.token,
      amountXof,
    });
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
      const printed = await hub.call('POST', '/api/v1/print-jobs', receipt);
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
      <form onSubmit={(event) => void readCard(event)}>
        <label>
          {t('credits.scanCard')}
          <input
            autoFocus
            autoComplete="off"
            value={scan}
            onChange={(e) => setScan(e.target.value)}
            placeholder={t('credits.scanPlaceholder')}
          />
        </label>
      </form>
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
