/**
 * The counter's invoices and credit notes: search by number or product, filter by kind, open
 * one, print or reprint it, take it back with a credit note (managers), or save it as a PDF
 * (the browser's own print-to-PDF of the invoice view). Each says where its tax certification
 * stands: provisional until the cloud has it, then awaiting certification, then certified
 * with the authority's reference (the hub learns it from the cloud's feed).
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { HubIssuedInvoice } from '@ismail/shared';
import { formatDateTime, formatXof } from '../../common/format.js';
import { errorKey, useHub } from '../hub-context.js';

/**
 * The part of an invoice this screen reads: the hub answers the whole HubIssuedInvoice (which fits this), a test
 * builds only this part.
 */
export type Invoice = Pick<
  HubIssuedInvoice,
  'id' | 'kind' | 'number' | 'issuedAt' | 'saleId' | 'provisional' | 'synced' | 'authorityReference'
> & {
  document: {
    lines: Pick<HubIssuedInvoice['document']['lines'][number], 'label' | 'quantityMilli' | 'unitPriceXof'>[];
    payments: Pick<HubIssuedInvoice['document']['payments'][number], 'method' | 'amountXof'>[];
    buyer: Pick<HubIssuedInvoice['document']['buyer'], 'name'>;
  };
  totals: Pick<HubIssuedInvoice['totals'], 'netXof' | 'taxXof' | 'grossXof'>;
  /** The cloud's clearance state as the hub last heard it; null until the cloud's feed has this invoice. */
  clearanceStatus: HubIssuedInvoice['clearanceStatus'];
};

/** The list is read again this often while open, so a certification shows without leaving the screen. */
const refreshMs = 15_000;

/** Where the invoice's tax certification stands, in words; `long` is the sentence under an opened invoice. */
export function clearanceText(invoice: Invoice, t: TFunction, long: boolean): string {
  switch (invoice.clearanceStatus) {
    case 'certified':
      return t('invoices.certified', { reference: invoice.authorityReference ?? '' });
    case 'rejected':
      return t('invoices.rejected');
    case 'not_required':
      return t('invoices.notRequired');
    case 'not_submitted':
    case 'pending':
    case 'uncertain':
      return t('invoices.awaitingCertification');
    case null:
      // The cloud has it but its feed has not said more yet; before that, it is only numbered here.
      if (invoice.synced) return t('invoices.awaitingCertification');
      return long ? t('sell.provisional') : t('invoices.pending');
  }
}

export function Invoices() {
  const { t, i18n } = useTranslation();
  const hub = useHub();
  const [invoices, setInvoices] = useState<Invoice[]>([]);
  const [kind, setKind] = useState<'all' | 'invoice' | 'credit_note'>('all');
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<Invoice | null>(null);
  const [jobs, setJobs] = useState<Record<string, string>>({});
  const language = i18n.language;

  const load = async (quiet = false): Promise<void> => {
    const result = await hub.client.invoices({ limit: 200, ...(kind === 'all' ? {} : { kind }) });
    if (result.ok) {
      const fresh: Invoice[] = result.value.invoices;
      setInvoices(fresh);
      // The opened invoice follows too (its certification may just have come).
      setOpen((current) => (current === null ? null : (fresh.find((i) => i.id === current.id) ?? current)));
    } else if (!quiet) hub.notify({ tone: 'error', key: errorKey(result.error.code) });
  };
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(true), refreshMs);
    return () => clearInterval(timer);
  }, [kind]);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q === ''
      ? invoices
      : invoices.filter(
          (i) => i.number.toLowerCase().includes(q) || i.document.lines.some((l) => l.label.toLowerCase().includes(q)),
        );
  }, [invoices, query]);

  const print = async (invoice: Invoice): Promise<void> => {
    if (hub.printerId === null) {
      hub.notify({ tone: 'error', key: 'sell.noPrinter' });
      return;
    }
    const earlier = jobs[invoice.number];
    const result =
      earlier === undefined
        ? await hub.client.printInvoice(invoice.number, { printerId: hub.printerId })
        : await hub.client.reprint(earlier);
    if (!result.ok) {
      hub.notify({ tone: 'error', key: errorKey(result.error.code) });
      return;
    }
    if (earlier === undefined) setJobs((all) => ({ ...all, [invoice.number]: result.value.id }));
    hub.notify({ tone: 'ok', key: earlier === undefined ? 'invoices.printed' : 'sell.reprinted' });
  };

  const creditNote = async (invoice: Invoice): Promise<void> => {
    if (!window.confirm(t('invoices.confirmCredit', { number: invoice.number }))) return;
    const result = await hub.client.creditNote(invoice.saleId, { creditId: crypto.randomUUID(), lines: 'all' });
    if (!result.ok) {
      hub.notify({ tone: 'error', key: errorKey(result.error.code) });
      return;
    }
    hub.notify({ tone: 'ok', key: 'invoices.credited', values: { number: result.value.creditNote.number } });
    await load();
  };

  return (
    <section className="invoices" aria-labelledby="invoices-title">
      <h2 id="invoices-title">{t('invoices.title')}</h2>
      <div className="toolbar">
        <label>
          {t('invoices.search')}
          <input value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
        </label>
        <label>
          {t('invoices.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="all">{t('invoices.all')}</option>
            <option value="invoice">{t('invoices.invoice')}</option>
            <option value="credit_note">{t('invoices.creditNote')}</option>
          </select>
        </label>
      </div>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('invoices.number')}</th>
            <th scope="col">{t('invoices.date')}</th>
            <th scope="col">{t('invoices.total')}</th>
            <th scope="col">{t('invoices.state')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((invoice) => (
            <tr key={invoice.id} className={open?.id === invoice.id ? 'selected' : ''}>
              <td>
                <button type="button" className="link" onClick={() => setOpen(invoice)}>
                  {invoice.number}
                </button>
              </td>
              <td>{formatDateTime(invoice.issuedAt, language)}</td>
              <td className="money">{formatXof(invoice.totals.grossXof, language)}</td>
              <td>{clearanceText(invoice, t, false)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {open !== null && (
        <article className="panel invoice-view" aria-label={open.number}>
          <h3>
            {open.kind === 'invoice' ? t('invoices.invoice') : t('invoices.creditNote')} {open.number}
          </h3>
          <p className="hint" data-testid="invoice-clearance">
            {clearanceText(open, t, true)}
          </p>
          <ul>
            {open.document.lines.map((line, i) => (
              <li key={`${line.label}-${String(i)}`}>
                {line.label} × {line.quantityMilli / 1000} — {formatXof(line.unitPriceXof, language)}
              </li>
            ))}
          </ul>
          <p>
            {t('invoices.net')} {formatXof(open.totals.netXof, language)} · {t('invoices.tax')}{' '}
            {formatXof(open.totals.taxXof, language)} · <strong>{formatXof(open.totals.grossXof, language)}</strong>
          </p>
          <div className="actions">
            <button type="button" onClick={() => void print(open)}>
              {jobs[open.number] === undefined ? t('invoices.print') : t('sell.reprint')}
            </button>
            <button type="button" onClick={() => window.print()}>
              {t('invoices.exportPdf')}
            </button>
            {open.kind === 'invoice' && hub.session.staff.role === 'manager' && (
              <button type="button" className="danger" onClick={() => void creditNote(open)}>
                {t('invoices.creditNoteAction')}
              </button>
            )}
          </div>
        </article>
      )}
    </section>
  );
}
