/**
 * The sell screen, made for a scanner and a keyboard: one field takes barcodes, the client's
 * card QR and searches (Enter adds; arrows pick a result; + and − change the last line; Delete
 * removes it); F9 takes cash, F10 the client's wallet. The sale's id is chosen when the cart
 * starts and kept until the hub confirms, so a retried payment can never sell twice. The
 * ticket is printed at once on the counter's printer; cash opens the drawer.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrintJobView } from '@ismail/shared';
import { formatCredits, formatXof } from '../format.js';
import { errorKey, useHub } from '../hub-context.js';
import { isOffline } from '../live.js';
import { PrinterAlerts } from '../PrinterAlerts.js';
import { classifyInput } from '../scan-input.js';

interface Product {
  id: string;
  name: string;
  barcode: string | null;
  priceXof: number;
}
interface Line {
  product: Product;
  quantity: number;
}
interface Customer {
  token: string;
  name: string;
  ismailId: string;
  source: 'cloud' | 'last_sync';
  availableCentiCredits: number;
  offlineCeilings: { perTransactionCentiCredits: number; perWalletPerDayCentiCredits: number } | null;
  spentOfflineTodayCentiCredits: number;
}
interface SaleOutcome {
  saleId: string;
  invoice: { number: string; totals: { grossXof: number }; provisional: boolean };
  payment: { method: 'cash' | 'wallet'; amountCentiCredits?: number; authorisation?: string };
}

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
  const [lastSale, setLastSale] = useState<{ sale: SaleOutcome; jobId: string | null } | null>(null);
  // Scans whose lookup has not answered yet; F9/F10 pressed meanwhile waits for them (a scanner is fast).
  const [lookups, setLookups] = useState(0);
  const [payWhenReady, setPayWhenReady] = useState<'cash' | 'wallet' | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const language = i18n.language;

  const totalXof = cart.reduce((sum, line) => sum + line.product.priceXof * line.quantity, 0);
  const focusInput = (): void => input.current?.focus();

  // A scan's lookup may answer after staff already typed the next thing: only a pick from the results clears the field.
  const add = useCallback((product: Product, clear = true): void => {
    setCart((lines) => {
      const found = lines.find((l) => l.product.id === product.id);
      return found === undefined ? [...lines, { product, quantity: 1 }] : lines.map((l) => (l === found ? { ...l, quantity: l.quantity + 1 } : l));
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
      void hub.call<{ products: Product[] }>('GET', `/api/v1/catalog/products?q=${encodeURIComponent(entry.text)}`).then((result) => {
        if (result.ok) {
          setResults(result.value.products);
          setSelected(0);
        }
      });
    }, 150);
    return () => clearTimeout(timer);
  }, [text, hub]);

  const lookUpCustomer = async (token: string): Promise<void> => {
    const result = await hub.call<Omit<Customer, 'token'>>('POST', '/api/v1/wallets/lookup', { token });
    if (!result.ok) {
      hub.notify({ tone: 'error', key: errorKey(result.error.code) });
      return;
    }
    setCustomer({ token, ...result.value });
    hub.notify({ tone: 'info', key: 'sell.customerSet', values: { name: result.value.name } });
  };

  const enter = async (): Promise<void> => {
    const entry = classifyInput(text);
    if (entry.kind === 'card') {
      setText('');
      setLookups((n) => n + 1);
      await lookUpCustomer(entry.token);
      setLookups((n) => n - 1);
      return;
    }
    if (entry.kind === 'misread') {
      hub.notify({ tone: 'error', key: 'sell.misread' });
      setText('');
      return;
    }
    if (entry.kind === 'barcode') {
      setText('');
      setLookups((n) => n + 1);
      const result = await hub.call<{ products: Product[] }>('GET', `/api/v1/catalog/products?barcode=${encodeURIComponent(entry.code)}`);
      setLookups((n) => n - 1);
      const product = result.ok ? result.value.products[0] : undefined;
      if (product === undefined) hub.notify({ tone: 'error', key: 'sell.unknownBarcode', values: { code: entry.code } });
      else add(product, false);
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
      return quantity <= 0 ? lines.slice(0, -1) : [...lines.slice(0, -1), { ...last, quantity: Math.min(quantity, 1000) }];
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
    const payment = method === 'cash' ? { method: 'cash' } : { method: 'wallet', token: customer?.token };
    const result = await hub.call<SaleOutcome>('POST', '/api/v1/sales', { saleId, items: cart.map((l) => ({ productId: l.product.id, quantity: l.quantity })), payment });
    if (!result.ok) {
      setBusy(false);
      hub.notify({ tone: 'error', key: errorKey(result.error.code) });
      focusInput();
      return;
    }
    const sale = result.value;
    let jobId: string | null = null;
    // The hub sets aside at once a ticket it cannot print, and says why: staff hear it now, not at the Z report.
    let printFailure: string | null = null;
    if (hub.printerId !== null) {
      const printed = await hub.call<PrintJobView>('POST', `/api/v1/invoices/${encodeURIComponent(sale.invoice.number)}/print`, { printerId: hub.printerId, openDrawer: method === 'cash' });
      if (printed.ok) jobId = printed.value.id;
      else hub.notify({ tone: 'error', key: errorKey(printed.error.code) });
      if (printed.ok && printed.value.status === 'failed') printFailure = printed.value.failedReason ?? '';
    }
    setLastSale({ sale, jobId });
    setCart([]);
    setCustomer(null);
    setSaleId(crypto.randomUUID());
    setBusy(false);
    if (printFailure === null) hub.notify({ tone: 'ok', key: 'sell.done', values: { number: sale.invoice.number, total: formatXof(sale.invoice.totals.grossXof, language) } });
    else hub.notify({ tone: 'error', key: 'printers.ticketFailed', values: { reason: printFailure } });
    focusInput();
  };

  const reprint = async (): Promise<void> => {
    if (lastSale?.jobId == null) return;
    const result = await hub.call('POST', `/api/v1/print-jobs/${lastSale.jobId}/reprint`);
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

  // A card or barcode read by a serial scanner arrives through the hub's live channel.
  const lastScan = hub.live.lastScan;
  useEffect(() => {
    if (lastScan === null) return;
    const entry = classifyInput(lastScan.code);
    if (entry.kind === 'card') void lookUpCustomer(entry.token);
    else if (entry.kind === 'barcode') {
      void hub.call<{ products: Product[] }>('GET', `/api/v1/catalog/products?barcode=${encodeURIComponent(entry.code)}`).then((r) => {
        const product = r.ok ? r.value.products[0] : undefined;
        if (product !== undefined) add(product, false);
      });
    }
    // Each scan once: keyed by its arrival time.
  }, [lastScan?.at]);

  const offline = isOffline(hub.live);
  const ceilings = customer?.offlineCeilings ?? hub.live.sync?.policy.offline ?? null;

  return (
    <section className="sell" aria-labelledby="sell-title">
      <h2 id="sell-title" className="visually-hidden">
        {t('nav.sell')}
      </h2>
      <PrinterAlerts onlyProblems />
      <div className="sell-entry">
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
              <li key={p.id} id={`result-${p.id}`} role="option" aria-selected={i === selected} className={i === selected ? 'selected' : ''}>
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
                  <button type="button" aria-label={t('sell.less', { name: line.product.name })} onClick={() => setCart((lines) => lines.flatMap((l) => (l === line ? (l.quantity > 1 ? [{ ...l, quantity: l.quantity - 1 }] : []) : [l])))}>
                    −
                  </button>
                  <span>{line.quantity}</span>
                  <button type="button" aria-label={t('sell.more', { name: line.product.name })} onClick={() => setCart((lines) => lines.map((l) => (l === line ? { ...l, quantity: l.quantity + 1 } : l)))}>
                    +
                  </button>
                </td>
                <td className="money">{formatXof(line.product.priceXof * line.quantity, language)}</td>
                <td>
                  <button type="button" aria-label={t('sell.remove', { name: line.product.name })} onClick={() => setCart((lines) => lines.filter((l) => l !== line))}>
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
              <p className="hint">{customer.source === 'cloud' ? t('sell.balanceFromCloud') : t('sell.balanceFromLastSync')}</p>
              <button type="button" onClick={() => setCustomer(null)}>
                {t('sell.clearCustomer')}
              </button>
            </>
          )}
          {offline && ceilings !== null && (
            <p className="notice notice-info" data-testid="offline-ceilings">
              {t('sell.offlineCeilings', { perPayment: formatCredits(ceilings.perTransactionCentiCredits, language), perDay: formatCredits(ceilings.perWalletPerDayCentiCredits, language) })}
            </p>
          )}
        </div>
        <button type="button" className="primary big" disabled={busy || cart.length === 0} onClick={() => void pay('cash')}>
          {t('sell.payCash')} <kbd>{t('sell.keyCash')}</kbd>
        </button>
        <button type="button" className="primary big" disabled={busy || cart.length === 0 || customer === null} onClick={() => void pay('wallet')}>
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
