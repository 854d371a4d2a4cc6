/**
 * The invoices a partner issued (lazy), a month at a time: each with its number, buyer, status (draft, held, issued,
 * cleared by the tax authority, credited) and total as the cloud computed it, the month's totals (credit notes
 * subtracted), the month's lines as XLSX, and a new manual invoice.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import {
  billingStatuses,
  downloadMonthLines,
  issuedListQuery,
  monthName,
  recentMonths,
  shownStatus,
  thisMonth,
} from './data.js';
import '../../styles/business.css';
import '../../styles/billing.css';

export function BillingInvoices() {
  const { t, i18n } = useTranslation('billing');
  const search = useSearch({ from: '/billing' });
  const navigate = useNavigate({ from: '/billing' });
  const period = search.period ?? thisMonth();
  const list = useQuery(issuedListQuery(period, search.status));
  const [exportFailed, setExportFailed] = useState(false);
  const language = i18n.language;
  const invoices = list.data?.invoices;
  const issued = (invoices ?? []).filter((i) => i.status === 'issued' && i.totals !== null);
  const sum = (kind: string) =>
    issued.filter((i) => i.kind === kind).reduce((total, i) => total + (i.totals?.grossXof ?? 0), 0);
  const exportLines = () => {
    setExportFailed(false);
    downloadMonthLines(period).catch(() => setExportFailed(true));
  };
  return (
    <section aria-labelledby="billing-title" className="screen business billing">
      <h1 id="billing-title">{t('billing:list.title')}</h1>
      <OfflineMark updatedAtMs={list.dataUpdatedAt} failed={list.isError} />
      <div className="billing-actions">
        <Link to="/billing/new" className="button">
          {t('billing:list.new')}
        </Link>
        <button type="button" className="button secondary" onClick={exportLines}>
          {t('billing:list.export')}
        </button>
      </div>
      {exportFailed ? (
        <p role="alert" className="error">
          {t('billing:list.exportFailed')}
        </p>
      ) : null}
      <div className="form billing-month">
        <label htmlFor="billing-period">{t('billing:list.month')}</label>
        <select
          id="billing-period"
          value={period}
          onChange={(e) => void navigate({ search: (s) => ({ ...s, period: e.target.value }) })}
        >
          {(recentMonths().includes(period) ? recentMonths() : [period, ...recentMonths()]).map((month) => (
            <option key={month} value={month}>
              {monthName(month, language)}
            </option>
          ))}
        </select>
      </div>
      <nav aria-label={t('billing:list.filter')}>
        <ul className="status-tabs">
          <li>
            <Link to="/billing" search={{ period }} aria-current={search.status === undefined ? 'page' : undefined}>
              {t('billing:list.all')}
            </Link>
          </li>
          {billingStatuses.map((s) => (
            <li key={s}>
              <Link
                to="/billing"
                search={{ period, status: s }}
                aria-current={search.status === s ? 'page' : undefined}
              >
                {t(`billing:status.${s}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <dl className="card billing-totals" data-testid="billing-totals">
        <div>
          <dt>{t('billing:list.invoiced')}</dt>
          <dd className="amount">{formatFcfa(sum('invoice'), language)}</dd>
        </div>
        <div>
          <dt>{t('billing:list.credited')}</dt>
          <dd className="amount">{formatFcfa(sum('credit_note'), language)}</dd>
        </div>
        <div>
          <dt>{t('billing:list.net')}</dt>
          <dd className="amount">{formatFcfa(sum('invoice') - sum('credit_note'), language)}</dd>
        </div>
      </dl>
      {invoices === undefined ? (
        <p>{list.isError ? t('billing:list.error') : t('app.loading')}</p>
      ) : invoices.length === 0 ? (
        <p>{t('billing:list.empty')}</p>
      ) : (
        <ul className="business-list" data-testid="billing-invoices">
          {invoices.map((invoice) => {
            const status = shownStatus(invoice, invoices);
            return (
              <li key={invoice.id} className="card business-row">
                <Link to="/billing/$invoiceId" params={{ invoiceId: invoice.id }} className="row-title">
                  {invoice.number ?? t('billing:list.draft')}
                </Link>
                <span className={`pill pill-${status}`}>{t(`billing:status.${status}`)}</span>
                <span className="muted">{invoice.document.buyer.name ?? t('billing:list.noBuyer')}</span>
                <span className="amount">
                  {invoice.totals === null ? '—' : formatFcfa(invoice.totals.grossXof, language)}
                </span>
                <time className="muted" dateTime={invoice.issuedAt ?? ''}>
                  {invoice.issuedAt === null ? '' : formatDateTime(invoice.issuedAt, language)}
                </time>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
