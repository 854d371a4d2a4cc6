/**
 * The sell screen, made for a scanner and a keyboard: one field takes barcodes, the client's
 * card QR and searches (Enter adds; arrows pick a result; + and − change the last line; Delete
 * removes it); F9 takes cash, F10 the client's wallet. The sale's id is chosen when the cart
 * starts and kept until the hub confirms, so a retried payment can never sell twice. The
 * wallet pays through the card's look-up (its presentation: the hub checks the card and asks
 * the cloud once). The ticket is queued with the sale, in the same request, on the counter's
 * printer; cash opens the drawer.
 * Focus belongs to the scanner (issue 19.3): a pointer action sends focus back to the field,
 * and a scanner's burst is read wherever focus is, its Enter never activating a button.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  HubCatalogProduct,
  HubSaleOutcome,
  HubSaleRequest,
  HubWalletView,
  PrintFailure,
  PrintJobView,
} from '@ismail/shared';
import { displayText, walletChargeCentiCredits } from '@ismail/shared';
import type { HubError } from '../api.js';
import { formatCredits, formatXof } from '../../common/format.js';
import { cardRefusalOf, errorKey, useHub, type Notice } from '../hub-context.js';
import { isOffline } from '../live.js';
import { PrinterAlerts } from '../PrinterAlerts.js';
import { failureWords } from '../print-words.js';
import { classifyInput } from '../scan-input.js';
import { ScannerBurst } from '../scanner-burst.js';

type Product = HubCatalogProduct;
interface Line {
  product: Product;
  quantity: number;
}
/** The client's wallet as the hub showed it, with the scanned token (scanned again if the look-up expires). */
type Customer = HubWalletView & { readonly token: string };

export function Sell() {
  const { t, i18n } = useTranslation();
  const hub = useHub();
  const [text, setText] = useState('');
  const [results, setResults] = useState<Product[]>([]);
  const [selected, setSelected] = useState(0);
  const [cart, setCart] = useState<Line[]>([]);
  const [saleId, setSaleId] = useState(() => crypto.randomUUID());
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [busy, setBusy] = useState(false);
  const [lastSale, setLastSale] = useState<{ sale: HubSaleOutcome; jobId: string | null } | null>(null);
  // Scans whose lookup has not answered yet; F9/F10 pressed meanwhile waits for them (a scanner is fast).
  const [lookups, setLookups] = useState(0);
  const [payWhenReady, setPayWhenReady] = useState<'cash' | 'wallet' | null>(null);
  // Whether a cash session is open (null until the hub answers): no sale without one, so the screen says it at once.
  const [drawerOpen, setDrawerOpen] = useState<boolean | null>(null);
  const [burst] = useState(() => new ScannerBurst());
  const input = useRef<HTMLInputElement>(null);
  const language = i18n.language;

  const totalXof = cart.reduce((sum, line) => sum + line.product.priceXof * line.quantity, 0);
  const focusInput = (): void => input.current?.focus();
  const xofPerCredit = hub.live.sync?.policy.xofPerCredit ?? null;

  // A refused card says why (revoked, expired…), in the counter's words; any other error by its code.
  const failure = (error: HubError): Notice => {
    const reason = cardRefusalOf(error);
    return reason === null
      ? { tone: 'error', key: errorKey(error.code) }
      : { tone: 'error', key: 'sell.cardRefused', values: { reason: t(`cardRefusal.${reason}`) } };
  };

  // A scan's lookup may answer after staff already typed the next thing: only a pick from the results clears the field.
  const add = useCallback((product: Product, clear = true): void => {
    setCart((lines) => {
      const found = lines.find((l) => l.product.id === product.id);
      return found === undefined
        ? [...lines, { product, quantity: 1 }]
        : lines.map((l) => (l === found ? { ...l, quantity: l.quantity + 1 } : l));
    });
    setLastSale(null);
    if (clear) {
      setText('');
      setResults([]);
    }
  }, []);

  // Searching as staff type (not for scans: those end with Enter).
  useEffect(() => {
    const entry = classifyInput(text);
    if (entry.kind !== 'search' || entry.text.length < 2) {
      setResults([]);
      return undefined;
    }
    const timer = setTimeout(() => {
      void hub.client.products({ q: entry.text }).then((result) => {
        if (result.ok) {
          setResults(result.value.products);
          setSelected(0);
        }
      });
    }, 150);
    return () => clearTimeout(timer);
  }, [text, hub]);

  const lookUpCustomer = async (token: string): Promise<Customer | null> => {
    const result = await hub.client.lookUpWallet({ token });
    if (!result.ok) {
      hub.notify(failure(result.error));
      return null;
    }
    // A stored name may hold control characters: shown through displayText, like every output.
    const name = displayText(result.value.name);
    const found: Customer = { token, ...result.value, name };
    setCustomer(found);
    hub.notify({ tone: 'info', key: 'sell.customerSet', values: { name } });
    return found;
  };

  // Every scan goes here: typed in the field, a burst read while focus was elsewhere, or a serial scanner's.
  const scan = async (code: string): Promise<void> => {
    const entry = classifyInput(code);
    if (entry.kind === 'card') {
      setLookups((n) => n + 1);
      await lookUpCustomer(entry.token);
      setLookups((n) => n - 1);
    } else if (entry.kind === 'misread') {
      hub.notify({ tone: 'error', key: 'sell.misread' });
    } else if (entry.kind === 'barcode') {
      setLookups((n) => n + 1);
      const result = await hub.client.products({ barcode: entry.code });
      setLookups((n) => n - 1);
      const product = result.ok ? result.value.products[0] : undefined;
      if (product === undefined)
        hub.notify({ tone: 'error', key: 'sell.unknownBarcode', values: { code: entry.code } });
      else add(product, false);
    } else if (entry.kind === 'search') {
      // Neither a card nor a retail barcode (an in-store code): into the field, where the search looks it up.
      setText(entry.text);
    }
  };

  const enter = async (): Promise<void> => {
    const entry = classifyInput(text);
    if (entry.kind === 'card' || entry.kind === 'misread' || entry.kind === 'barcode') {
      setText('');
      await scan(text);
      return;
    }
    const pick = results[selected];
    if (pick !== undefined) add(pick);
  };

  const changeLast = (delta: number): void => {
    setCart((lines) => {
      const last = lines.at(-1);
      if (last === undefined) return lines;
      const quantity = last.quantity + delta;
      return quantity <= 0
        ? lines.slice(0, -1)
        : [...lines.slice(0, -1), { ...last, quantity: Math.min(quantity, 1000) }];
    });
  };

  const pay = async (method: 'cash' | 'wallet'): Promise<void> => {
    if (lookups > 0) {
      setPayWhenReady(method);
      return;
    }
    if (busy || cart.length === 0) return;
    if (method === 'wallet' && customer === null) {
      hub.notify({ tone: 'error', key: 'sell.scanCardFirst' });
      return;
    }
    setBusy(true);
    // A wallet sale always has its client's look-up here (checked above; a new one after it expired).
    const payment = (shown: Customer | null): HubSaleRequest['payment'] =>
      method === 'wallet' && shown !== null
        ? { method: 'wallet', presentationId: shown.presentationId }
        : { method: 'cash' };
    // One request records the sale and queues its ticket: nothing to lose between the two.
    const sell = (shown: Customer | null) =>
      hub.client.sell({
        saleId,
        items: cart.map((l) => ({ productId: l.product.id, quantity: l.quantity })),
        payment: payment(shown),
        ...(hub.printerId === null ? {} : { print: { printerId: hub.printerId, openDrawer: method === 'cash' } }),
      });
    let result = await sell(customer);
    // The look-up is kept 2 minutes by the hub: past that, the card is looked up again and the same sale (same id) sent
    // once more.
    if (!result.ok && result.error.code === 'CARD_PRESENTATION_EXPIRED' && customer !== null) {
      const again = await lookUpCustomer(customer.token);
      if (again !== null) result = await sell(again);
    }
    if (!result.ok) {
      setBusy(false);
      if (result.error.code === 'CASH_SESSION_CLOSED') setDrawerOpen(false);
      hub.notify(failure(result.error));
      focusInput();
      return;
    }
    setDrawerOpen(true);
    const sale = result.value;
    const jobId = sale.printJob?.id ?? null;
    // The hub sets aside at once a ticket it cannot print, and says why: staff hear it now, not at the Z report.
    const printFailure: PrintJobView | null = sale.printJob?.status === 'failed' ? sale.printJob : null;
    // Asked for a ticket and the queue refused it (full): the sale stands, staff hear it now.
    const notQueued = hub.printerId !== null && sale.printJob === null;
    setLastSale({ sale, jobId });
    setCart([]);
    setCustomer(null);
    setSaleId(crypto.randomUUID());
    setBusy(false);
    if (printFailure !== null || notQueued)
      hub.notify(ticketFailed(sale.invoice.number, printFailure?.failure ?? null));
    else
      hub.notify({
        tone: 'ok',
        key: 'sell.done',
        values: { number: sale.invoice.number, total: formatXof(sale.invoice.totals.grossXof, language) },
      });
    focusInput();
  };

  // The sale is recorded but its ticket was set aside: said as an error for that sale, in staff's words.
  const ticketFailed = (number: string, failure: PrintFailure | null): Notice => {
    const words = failure === null ? null : failureWords(failure);
    return {
      tone: 'error',
      key: 'sell.ticketFailed',
      values: { number, reason: words === null ? '' : t(words.key, words.values) },
    };
  };

  // The hub set the sale's ticket aside after answering (the printer cut it three times): the green notice turns red at
  // once.
  const failedTicket = lastSale === null ? undefined : hub.live.failedJobs.find((job) => job.id === lastSale.jobId);
  useEffect(() => {
    if (failedTicket === undefined || lastSale === null) return;
    hub.notify(ticketFailed(lastSale.sale.invoice.number, failedTicket.failure));
    // Once per failed job.
  }, [failedTicket?.id]);

  const reprint = async (): Promise<void> => {
    if (lastSale?.jobId == null) return;
    const result = await hub.client.reprint(lastSale.jobId);
    hub.notify(result.ok ? { tone: 'ok', key: 'sell.reprinted' } : { tone: 'error', key: errorKey(result.error.code) });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void enter();
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      setSelected((i) => Math.min(i + 1, Math.max(results.length - 1, 0)));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setSelected((i) => Math.max(i - 1, 0));
    } else if (text === '' && (event.key === '+' || event.key === '-')) {
      event.preventDefault();
      changeLast(event.key === '+' ? 1 : -1);
    } else if (text === '' && event.key === 'Delete') {
      event.preventDefault();
      changeLast(-Infinity);
    } else if (event.key === 'Escape') {
      setText('');
      setResults([]);
    }
  };

  useEffect(() => {
    if (payWhenReady === null || lookups > 0) return;
    setPayWhenReady(null);
    void pay(payWhenReady);
  });

  // F9 cash, F10 wallet, F8 reprint, anywhere on this screen.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if (event.key === 'F9') {
        event.preventDefault();
        void pay('cash');
      } else if (event.key === 'F10') {
        event.preventDefault();
        void pay('wallet');
      } else if (event.key === 'F8') {
        event.preventDefault();
        void reprint();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  // A keyboard-wedge scanner's burst, wherever focus is: its code goes to the scan handler and its Enter is kept
  // from the button tapped last (that Enter once added a third unit instead of the scanned article). A person's
  // Enter, slower, is left alone: tabbing to a button and pressing Enter still works. Capture phase: before React.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      const verdict = burst.key(event.key, event.timeStamp, event.ctrlKey || event.altKey || event.metaKey);
      if (verdict.kind !== 'scan') return;
      // In the field, the field holds the whole code (a pause in a slow browser may cut a burst in two) and its own
      // Enter reads it, unless what a person typed before the scan is in the way.
      const field = input.current;
      if (
        event.target === field &&
        field !== null &&
        (classifyInput(field.value).kind !== 'search' || classifyInput(verdict.code).kind === 'search')
      )
        return;
      event.preventDefault();
      event.stopPropagation();
      // What the scanner typed into the field belongs to the scan, not to a search.
      setText((typed) => (typed.endsWith(verdict.code) ? typed.slice(0, typed.length - verdict.code.length) : typed));
      focusInput();
      void scan(verdict.code);
    };
    document.addEventListener('keydown', onKey, { capture: true });
    return () => document.removeEventListener('keydown', onKey, { capture: true });
  });

  // After a tap or click anywhere (a button, the cart, the page), focus goes back to the scan field. A click made
  // with the keyboard (detail 0) leaves focus where the person put it.
  useEffect(() => {
    const onClick = (event: MouseEvent): void => {
      if (event.detail === 0) return;
      if (event.target instanceof Element && event.target.closest('input, select, textarea') !== null) return;
      focusInput();
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);

  // Whether the drawer is open, asked once per visit (the hub has the last word at payment).
  useEffect(() => {
    void hub.client.currentCashSession().then((result) => {
      if (result.ok) setDrawerOpen(result.value.session !== null);
    });
  }, []);

  // A card or barcode read by a serial scanner arrives through the hub's live channel.
  const lastScan = hub.live.lastScan;
  useEffect(() => {
    if (lastScan === null) return;
    void scan(lastScan.code);
    // Each scan once: keyed by its arrival time.
  }, [lastScan?.at]);

  const offline = isOffline(hub.live);
  const ceilings = customer?.offlineCeilings ?? hub.live.sync?.policy.offline ?? null;
  // What F10 will take from the client's wallet, shown before paying (the hub's rounding: up to the centi-credit).
  const walletChargeCentiCreditsNow =
    customer === null || xofPerCredit === null || cart.length === 0
      ? null
      : walletChargeCentiCredits(totalXof, xofPerCredit);
  // A ceiling in FCFA is the largest price whose charge stays within it; staff think in FCFA, credits follow in
  // brackets.
  const ceilingXof = (centiCredits: number): string =>
    xofPerCredit === null ? '' : formatXof(Math.floor((centiCredits * xofPerCredit) / 100), language);
  const payBlocked = drawerOpen === false;

  return (
    <section className="sell" aria-labelledby="sell-title">
      <h2 id="sell-title" className="visually-hidden">
        {t('nav.sell')}
      </h2>
      <PrinterAlerts onlyProblems />
      <div className="sell-entry">
        {drawerOpen === false && (
          <p id="sell-drawer-closed" className="notice notice-error drawer-closed" data-testid="drawer-closed">
            {t('sell.drawerClosed')}
          </p>
        )}
        <label htmlFor="sell-input">{t('sell.inputLabel')}</label>
        <input
          id="sell-input"
          ref={input}
          autoFocus
          autoComplete="off"
          value={text}
          placeholder={t('sell.inputPlaceholder')}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          aria-controls="sell-results"
          aria-activedescendant={results[selected] === undefined ? undefined : `result-${results[selected].id}`}
        />
        <p className="hint">{t('sell.keys')}</p>
        {results.length > 0 && (
          <ul id="sell-results" role="listbox" aria-label={t('sell.results')}>
            {results.map((p, i) => (
              <li
                key={p.id}
                id={`result-${p.id}`}
                role="option"
                aria-selected={i === selected}
                className={i === selected ? 'selected' : ''}
              >
                <button type="button" onClick={() => add(p)} tabIndex={-1}>
                  <span>{p.name}</span>
                  <span>{formatXof(p.priceXof, language)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>

      <div className="sell-cart">
        <table aria-label={t('sell.cart')}>
          <thead>
            <tr>
              <th scope="col">{t('sell.product')}</th>
              <th scope="col">{t('sell.quantity')}</th>
              <th scope="col">{t('sell.amount')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('sell.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {cart.length === 0 && (
              <tr>
                <td colSpan={4} className="empty">
                  {t('sell.emptyCart')}
                </td>
              </tr>
            )}
            {cart.map((line) => (
              <tr key={line.product.id}>
                <td>{line.product.name}</td>
                <td className="qty">
                  <button
                    type="button"
                    aria-label={t('sell.less', { name: line.product.name })}
                    onClick={() =>
                      setCart((lines) =>
                        lines.flatMap((l) =>
                          l === line ? (l.quantity > 1 ? [{ ...l, quantity: l.quantity - 1 }] : []) : [l],
                        ),
                      )
                    }
                  >
                    −
                  </button>
                  <span>{line.quantity}</span>
                  <button
                    type="button"
                    aria-label={t('sell.more', { name: line.product.name })}
                    onClick={() =>
                      setCart((lines) => lines.map((l) => (l === line ? { ...l, quantity: l.quantity + 1 } : l)))
                    }
                  >
                    +
                  </button>
                </td>
                <td className="money">{formatXof(line.product.priceXof * line.quantity, language)}</td>
                <td>
                  <button
                    type="button"
                    aria-label={t('sell.remove', { name: line.product.name })}
                    onClick={() => setCart((lines) => lines.filter((l) => l !== line))}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="total" data-testid="sell-total">
          <span>{t('sell.total')}</span> <strong>{formatXof(totalXof, language)}</strong>
        </p>
        {walletChargeCentiCreditsNow !== null && customer !== null && (
          <p
            className={
              walletChargeCentiCreditsNow > customer.availableCentiCredits ? 'total-credits warning' : 'total-credits'
            }
            data-testid="sell-credits"
          >
            {t(
              walletChargeCentiCreditsNow > customer.availableCentiCredits
                ? 'sell.walletChargeShort'
                : 'sell.walletCharge',
              { credits: formatCredits(walletChargeCentiCreditsNow, language) },
            )}
          </p>
        )}
      </div>

      <aside className="sell-pay">
        <div className="customer" aria-live="polite">
          {customer === null ? (
            <p className="hint">{t('sell.noCustomer')}</p>
          ) : (
            <>
              <p>
                <strong>{customer.name}</strong> · {customer.ismailId}
              </p>
              <p>{t('sell.walletAvailable', { credits: formatCredits(customer.availableCentiCredits, language) })}</p>
              <p className="hint">
                {customer.source === 'cloud' ? t('sell.balanceFromCloud') : t('sell.balanceFromLastSync')}
              </p>
              <button type="button" onClick={() => setCustomer(null)}>
                {t('sell.clearCustomer')}
              </button>
            </>
          )}
          {offline && ceilings !== null && (
            <p className="notice notice-info" data-testid="offline-ceilings">
              {xofPerCredit === null
                ? t('sell.offlineCeilingsCredits', {
                    perPayment: formatCredits(ceilings.perTransactionCentiCredits, language),
                    perDay: formatCredits(ceilings.perWalletPerDayCentiCredits, language),
                  })
                : t('sell.offlineCeilings', {
                    perPayment: ceilingXof(ceilings.perTransactionCentiCredits),
                    perPaymentCredits: formatCredits(ceilings.perTransactionCentiCredits, language),
                    perDay: ceilingXof(ceilings.perWalletPerDayCentiCredits),
                    perDayCredits: formatCredits(ceilings.perWalletPerDayCentiCredits, language),
                  })}
            </p>
          )}
        </div>
        <button
          type="button"
          className="primary big"
          disabled={busy || cart.length === 0 || payBlocked}
          aria-describedby={payBlocked ? 'sell-drawer-closed' : undefined}
          onClick={() => void pay('cash')}
        >
          {t('sell.payCash')} <kbd>{t('sell.keyCash')}</kbd>
        </button>
        <button
          type="button"
          className="primary big"
          disabled={busy || cart.length === 0 || customer === null || payBlocked}
          aria-describedby={payBlocked ? 'sell-drawer-closed' : undefined}
          onClick={() => void pay('wallet')}
        >
          {t('sell.payWallet')} <kbd>{t('sell.keyWallet')}</kbd>
        </button>
        {lastSale !== null && (
          <div className="last-sale" data-testid="last-sale">
            <p>
              {t('sell.invoice')} <strong>{lastSale.sale.invoice.number}</strong>
            </p>
            <p>{lastSale.sale.invoice.provisional ? t('sell.provisional') : ''}</p>
            <button type="button" disabled={lastSale.jobId === null} onClick={() => void reprint()}>
              {t('sell.reprint')} <kbd>{t('sell.keyReprint')}</kbd>
            </button>
          </div>
        )}
        {hub.printerId === null && <p className="hint">{t('sell.noPrinter')}</p>}
      </aside>
    </section>
  );
}
