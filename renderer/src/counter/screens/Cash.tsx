/**
 * The cash session: open the drawer with its float; while open, the running figures; close it
 * with the counted cash, confirmed once more (closing is final), and get the Z report (printed
 * at once on the counter's printer), shown before the form that opens the next session.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubCashSession } from '@ismail/shared';
import { formatDateTime } from '../../common/format.js';
import { errorKey, useHub } from '../hub-context.js';
import { CashFigures } from './CashFigures.js';
import { CloseConfirm } from './CashCloseConfirm.js';

export function Cash() {
  const { t, i18n } = useTranslation();
  const hub = useHub();
  const [current, setCurrent] = useState<HubCashSession | null>(null);
  const [closed, setClosed] = useState<HubCashSession | null>(null);
  const [amount, setAmount] = useState('');
  const [busy, setBusy] = useState(false);
  // The counted cash waiting for the cashier's confirmation before the session is closed.
  const [confirming, setConfirming] = useState<number | null>(null);
  const reportTitle = useRef<HTMLHeadingElement>(null);

  const load = async (): Promise<void> => {
    const result = await hub.client.currentCashSession();
    if (result.ok) setCurrent(result.value.session);
  };
  useEffect(() => {
    void load();
  }, []);
  // A new Z report comes first on screen, and so does focus (a screen reader reads it out; nothing scrolls it away).
  useEffect(() => {
    if (closed !== null) reportTitle.current?.focus();
  }, [closed]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const amountXof = Number(amount);
    if (amount === '' || !Number.isSafeInteger(amountXof)) {
      hub.notify({ tone: 'error', key: 'credits.badAmount' });
      return;
    }
    if (current === null) await send(amountXof);
    else setConfirming(amountXof);
  };

  const send = async (amountXof: number): Promise<void> => {
    setBusy(true);
    const result =
      current === null
        ? await hub.client.openCashSession({ floatXof: amountXof })
        : await hub.client.closeCashSession(current.id, { countedXof: amountXof });
    setBusy(false);
    setAmount('');
    setConfirming(null);
    if (!result.ok) {
      hub.notify({ tone: 'error', key: errorKey(result.error.code) });
      return;
    }
    if (current === null) {
      setCurrent(result.value);
      setClosed(null);
      hub.notify({ tone: 'ok', key: 'cash.opened', values: { number: result.value.number } });
      return;
    }
    setClosed(result.value);
    setCurrent(null);
    hub.notify({ tone: 'ok', key: 'cash.closed', values: { number: result.value.number } });
    if (hub.printerId !== null) {
      const printed = await hub.client.printCashSession(result.value.id, { printerId: hub.printerId });
      if (!printed.ok) hub.notify({ tone: 'error', key: errorKey(printed.error.code) });
    }
  };

  return (
    <section className="cash" aria-labelledby="cash-title">
      <h2 id="cash-title">{t('cash.title')}</h2>
      {current === null ? (
        <p>{t('cash.noneOpen')}</p>
      ) : (
        <p>
          {t('cash.open', {
            number: current.number,
            name: current.openedBy.name,
            at: formatDateTime(current.openedAt, i18n.language),
          })}
        </p>
      )}
      {current !== null && <CashFigures report={current.report} closed={false} />}
      {closed !== null && (
        <div className="panel" data-testid="z-report">
          <h3 ref={reportTitle} tabIndex={-1}>
            {t('cash.zReport', { number: closed.number })}
          </h3>
          <CashFigures report={closed.report} closed />
        </div>
      )}
      {current !== null && confirming !== null ? (
        <CloseConfirm
          session={current}
          countedXof={confirming}
          busy={busy}
          onConfirm={() => void send(confirming)}
          onCancel={() => setConfirming(null)}
        />
      ) : (
        <form
          onSubmit={(event) => void submit(event)}
          className="panel"
          aria-labelledby={closed !== null && current === null ? 'cash-next-title' : undefined}
        >
          {closed !== null && current === null && <h3 id="cash-next-title">{t('cash.nextSession')}</h3>}
          <label>
            {current === null ? t('cash.floatLabel') : t('cash.countedLabel')}
            <input
              inputMode="numeric"
              autoFocus={closed === null}
              value={amount}
              onChange={(e) => setAmount(e.target.value.replace(/\D/g, ''))}
            />
          </label>
          <button type="submit" className="primary big" disabled={busy}>
            {current === null ? t('cash.openAction') : t('cash.closeAction')}
          </button>
        </form>
      )}
    </section>
  );
}
