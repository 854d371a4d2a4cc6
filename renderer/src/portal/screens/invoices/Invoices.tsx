/**
 * My invoices (lazy-loaded route): those addressed to me, or, for a seller, those I issued; with
 * filters by date, status and amount kept in the address (typed search params), so the back
 * button and a shared link give the same list. Newest first, one page at a time.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { api, apiError } from '../../api/client.js';
import type { InvoiceSearchParams } from '../../routes/invoices.js';
import { OfflineMark } from '../OfflineMark.js';
import { sellsOnIsmail } from './seller.js';
import '../../styles/invoices.css';

const route = getRouteApi('/invoices');
const statuses = ['draft', 'held', 'issued'] as const;
const pageSize = 20;

/** The object without its undefined fields (the API's types say "absent", never "undefined"). */
function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

const startOf = (day: string | undefined) =>
  day === undefined ? undefined : new Date(`${day}T00:00:00`).toISOString();
const endOf = (day: string | undefined) =>
  day === undefined ? undefined : new Date(`${day}T23:59:59.999`).toISOString();

function useInvoices(search: InvoiceSearchParams) {
  return useInfiniteQuery({
    queryKey: ['invoices', search],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const { data, error, response } = await api.GET('/v1/invoices', {
        params: {
          query: defined({
            as: search.as ?? 'buyer',
            status: search.status,
            from: startOf(search.from),
            to: endOf(search.to),
            minGrossXof: search.minXof,
            maxGrossXof: search.maxXof,
            cursor: pageParam,
            limit: pageSize,
          }),
        },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function Invoices() {
  const { t, i18n } = useTranslation('invoices');
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const invoices = useInvoices(search);
  const language = i18n.language;
  const seller = sellsOnIsmail();
  const rows = invoices.data?.pages.flatMap((page) => page.invoices);
  const tab = search.as ?? 'buyer';

  return (
    <section aria-labelledby="invoices-title" className="screen">
      <h1 id="invoices-title">{t('invoices:list.title')}</h1>
      {seller && (
        <nav aria-label={t('invoices:list.tabs')} className="tabs">
          <Link to="/invoices" search={{}} aria-current={tab === 'buyer' ? 'page' : undefined}>
            {t('invoices:list.received')}
          </Link>
          <Link to="/invoices" search={{ as: 'seller' }} aria-current={tab === 'seller' ? 'page' : undefined}>
            {t('invoices:list.issued')}
          </Link>
        </nav>
      )}
      <Filters search={search} onApply={(next) => void navigate({ search: next })} />
      <OfflineMark updatedAtMs={invoices.dataUpdatedAt} failed={invoices.isError} />
      {rows === undefined ? (
        <p>{invoices.isError ? t('invoices:list.error') : t('app.loading')}</p>
      ) : rows.length === 0 ? (
        <p>{t('invoices:list.empty')}</p>
      ) : (
        <ul className="invoice-list" data-testid="invoices">
          {rows.map((invoice) => (
            <li key={invoice.id} className="card">
              <Link to="/invoices/$invoiceId" params={{ invoiceId: invoice.id }} className="invoice-row">
                <span className="invoice-line">
                  <span className="invoice-number">{invoice.number ?? t('invoices:status.draft')}</span>
                  <span className="amount">{formatFcfa(invoice.totals?.grossXof ?? 0, language)}</span>
                </span>
                <span className="invoice-line muted">
                  <span>
                    {tab === 'buyer' ? invoice.document.seller.legalName : (invoice.document.buyer.name ?? '')}
                  </span>
                  {invoice.issuedAt !== null && (
                    <time dateTime={invoice.issuedAt}>{formatDateTime(invoice.issuedAt, language)}</time>
                  )}
                </span>
                <span className="invoice-line muted">
                  <span>{t(`invoices:status.${invoice.status}`)}</span>
                  <span>
                    {t(`invoices:clearance.${invoice.clearanceStatus}`, {
                      defaultValue: t('invoices:clearance.other'),
                    })}
                  </span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {invoices.hasNextPage && (
        <button
          type="button"
          className="button secondary"
          onClick={() => void invoices.fetchNextPage()}
          disabled={invoices.isFetchingNextPage}
        >
          {t('invoices:list.more')}
        </button>
      )}
    </section>
  );
}

/** The filters, applied together (one navigation, one request) when the person asks. */
function Filters({ search, onApply }: { search: InvoiceSearchParams; onApply: (next: InvoiceSearchParams) => void }) {
  const { t } = useTranslation('invoices');
  const [open, setOpen] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' && value !== '' ? value : undefined;
    };
    const number = (name: string) => {
      const value = text(name);
      return value === undefined ? undefined : Number(value);
    };
    const status = statuses.find((s) => s === text('status'));
    onApply(
      defined({
        as: search.as === 'seller' ? ('seller' as const) : undefined,
        status,
        from: text('from'),
        to: text('to'),
        minXof: number('minXof'),
        maxXof: number('maxXof'),
      }),
    );
  }

  return (
    <details className="card filters" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('invoices:filters.title')}</summary>
      <form className="form" onSubmit={submit}>
        <label htmlFor="invoice-status">{t('invoices:filters.status')}</label>
        <select id="invoice-status" name="status" defaultValue={search.status ?? ''}>
          <option value="">{t('invoices:filters.any')}</option>
          <option value="issued">{t('invoices:status.issued')}</option>
          {search.as === 'seller' && <option value="draft">{t('invoices:status.draft')}</option>}
          {search.as === 'seller' && <option value="held">{t('invoices:status.held')}</option>}
        </select>
        <label htmlFor="invoice-from">{t('invoices:filters.from')}</label>
        <input id="invoice-from" name="from" type="date" defaultValue={search.from ?? ''} />
        <label htmlFor="invoice-to">{t('invoices:filters.to')}</label>
        <input id="invoice-to" name="to" type="date" defaultValue={search.to ?? ''} />
        <label htmlFor="invoice-min">{t('invoices:filters.minXof')}</label>
        <input
          id="invoice-min"
          name="minXof"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          defaultValue={search.minXof ?? ''}
        />
        <label htmlFor="invoice-max">{t('invoices:filters.maxXof')}</label>
        <input
          id="invoice-max"
          name="maxXof"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          defaultValue={search.maxXof ?? ''}
        />
        <button type="submit" className="button">
          {t('invoices:filters.apply')}
        </button>
      </form>
    </details>
  );
}
