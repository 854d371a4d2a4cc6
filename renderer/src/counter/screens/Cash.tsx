/**
 * The cash session: open the drawer with its float; while open, the running figures; close it
 * with the counted cash and get the Z report (printed at once on the counter's printer).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCredits, formatDateTime, formatXof } from '../format.js';
import { errorKey, useHub } from '../hub-context.js';

interface Report {
  number: number;
  floatXof: number;
  sales: { count: number; grossXof: number; cash: { count: number; grossXof: number }; wallet: { count: number; grossXof: number; centiCredits: number } };
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
        {x(report.sales.wallet.grossXof)} · {formatCredits(report.sales.wallet.centiCredits, i18n.language)}
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

  const load = async (): Promise<void> => {
    const result = await hub.call<{ session: Session | null }>('GET', '/api/v1/cash-sessions/current');
    if (result.ok) setCurrent(result.value.session);
  };
  useEffect(() => {
    void load();
  }, []);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const amountXof = Number(amount);
    if (amount === '' || !Number.isSafeInteger(amountXof)) {
      hub.notify({ tone: 'error', key: 'credits.badAmount' });
      return;
    }
    setBusy(true);
    const result =
      current === null
        ? await hub.call<Session>('POST', '/api/v1/cash-sessions', { floatXof: amountXof })
        : await hub.call<Session>('POST', `/api/v1/cash-sessions/${current.id}/close`, { countedXof: amountXof });
    setBusy(false);
    setAmount('');
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
      const printed = await hub.call('POST', `/api/v1/cash-sessions/${result.value.id}/print`, { printerId: hub.printerId });
      if (!printed.ok) hub.notify({ tone: 'error', key: errorKey(printed.error.code) });
    }
  };

  return (
    <section className="cash" aria-labelledby="cash-title">
      <h2 id="cash-title">{t('cash.title')}</h2>
      {current === null ? <p>{t('cash.noneOpen')}</p> : <p>{t('cash.open', { number: current.number, name: current.openedBy.name, at: formatDateTime(current.openedAt, i18n.language) })}</p>}
      {current !== null && <Figures report={current.report} closed={false} />}
      <form onSubmit={(event) => void submit(event)} className="panel">
        <label>
          {current === null ? t('cash.floatLabel') : t('cash.countedLabel')}
          <input inputMode="numeric" autoFocus value={amount} onChange={(e) => setAmount(e.target.value.replace(/\D/g, ''))} />
        </label>
        <button type="submit" className="primary big" disabled={busy}>
          {current === null ? t('cash.openAction') : t('cash.closeAction')}
        </button>
      </form>
      {closed !== null && (
        <div className="panel" aria-live="polite">
          <h3>{t('cash.zReport', { number: closed.number })}</h3>
          <Figures report={closed.report} closed />
        </div>
      )}
    </section>
  );
}
