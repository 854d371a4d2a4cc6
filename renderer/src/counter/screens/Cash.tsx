/**
 * The cash session: open the drawer with its float; while open, the running figures; close it
 * with the counted cash, confirmed once more (closing is final), and get the Z report (printed
 * at once on the counter's printer), shown before the form that opens the next session.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCredits, formatDateTime, formatXof } from '../format.js';
import { errorKey, useHub } from '../hub-context.js';

interface Report {
  number: number;
  floatXof: number;
  sales: {
    count: number;
    grossXof: number;
    cash: { count: number; grossXof: number };
    wallet: { count: number; grossXof: number; centiCredits: number };
  };
  creditNotes: { count: number; grossXof: number; cashRefundXof: number };
  cashTopUps: { count: number; amountXof: number };
  tax: { netXof: number; taxXof: number; grossXof: number };
  expectedCashXof: number;
  countedXof: number;
  differenceXof: number;
}
interface Session {
  id: string;
  number: number;
  openedBy: { name: string };
  openedAt: string;
  closedAt: string | null;
  report: Report;
  synced: boolean;
}

function Figures({ report, closed }: { report: Report; closed: boolean }) {
  const { t, i18n } = useTranslation();
  const x = (amount: number): string => formatXof(amount, i18n.language);
  return (
    <dl className="figures" data-testid="z-figures">
      <dt>{t('cash.float')}</dt>
      <dd>{x(report.floatXof)}</dd>
      <dt>{t('cash.sales', { count: report.sales.count })}</dt>
      <dd>{x(report.sales.grossXof)}</dd>
      <dt>{t('cash.cashSales', { count: report.sales.cash.count })}</dt>
      <dd>{x(report.sales.cash.grossXof)}</dd>
      <dt>{t('cash.walletSales', { count: report.sales.wallet.count })}</dt>
      <dd>
        {x(report.sales.wallet.grossXof)} ·{' '}
        {t('cash.walletCredits', { credits: formatCredits(report.sales.wallet.centiCredits, i18n.language) })}
      </dd>
      <dt>{t('cash.creditNotes', { count: report.creditNotes.count })}</dt>
      <dd>{x(report.creditNotes.grossXof)}</dd>
      <dt>{t('cash.topUps', { count: report.cashTopUps.count })}</dt>
      <dd>{x(report.cashTopUps.amountXof)}</dd>
      <dt>{t('cash.tax')}</dt>
      <dd>{x(report.tax.taxXof)}</dd>
      <dt>{t('cash.expected')}</dt>
      <dd>
        <strong>{x(report.expectedCashXof)}</strong>
      </dd>
      {closed && (
        <>
          <dt>{t('cash.counted')}</dt>
          <dd>{x(report.countedXof)}</dd>
          <dt>{t('cash.difference')}</dt>
          <dd className={report.differenceXof === 0 ? '' : 'warning'} data-testid="z-difference">
            {x(report.differenceXof)}
          </dd>
        </>
      )}
    </dl>
  );
}

export function Cash() {
  const { t, i18n } = useTranslation();
  const hub = useHub();
  const [current, setCurrent] = useState<Session | null>(null);
  const [closed, setClosed] = useState<Session | null>(null);
  const [amount, setAmount] = useState('');
  const [busy, setBusy] = useState(false);
  // The counted cash waiting for the cashier's confirmation before the session is closed.
  const [confirming, setConfirming] = useState<number | null>(null);
  const reportTitle = useRef<HTMLHeadingElement>(null);
  const x = (amountXof: number): string => formatXof(amountXof, i18n.language);

  const load = async (): Promise<void> => {
    const result = await hub.call<{ session: Session | null }>('GET', '/api/v1/cash-sessions/current');
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
        ? await hub.call<Session>('POST', '/api/v1/cash-sessions', { floatXof: amountXof })
        : await hub.call<Session>('POST', `/api/v1/cash-sessions/${current.id}/close`, { countedXof: amountXof });
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
      const printed = await hub.call('POST', `/api/v1/cash-sessions/${result.value.id}/print`, {
        printerId: hub.printerId,
      });
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
      {current !== null && <Figures report={current.report} closed={false} />}
      {closed !== null && (
        <div className="panel" data-testid="z-report">
          <h3 ref={reportTitle} tabIndex={-1}>
            {t('cash.zReport', { number: closed.number })}
          </h3>
          <Figures report={closed.report} closed />
        </div>
      )}
      {current !== null && confirming !== null ? (
        <div
          className="panel confirm"
          role="alertdialog"
          aria-labelledby="cash-confirm-title"
          aria-describedby="cash-confirm-text"
          data-testid="close-confirm"
          onKeyDown={(event) => {
            if (event.key === 'Escape') setConfirming(null);
          }}
        >
          <h3 id="cash-confirm-title">{t('cash.confirmTitle')}</h3>
          <p id="cash-confirm-text">
            {t('cash.confirmClose', {
              number: current.number,
              counted: x(confirming),
              expected: x(current.report.expectedCashXof),
            })}
          </p>
          <div className="actions">
            <button
              type="button"
              className="primary big"
              autoFocus
              disabled={busy}
              onClick={() => void send(confirming)}
            >
              {t('cash.confirmAction')}
            </button>
            <button type="button" className="big" disabled={busy} onClick={() => setConfirming(null)}>
              {t('cash.cancelClose')}
            </button>
          </div>
        </div>
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
