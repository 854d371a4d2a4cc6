/**
 * An issued invoice, read-only: its lines with the cloud's amounts, taxes per group, the tax authority's
 * certification and QR (the client invoice screen's parts), the PDF, sending it by e-mail, its credit notes and a
 * new one taking back some quantities or everything.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { downloadInvoice } from '../invoices/download.js';
import { ClearanceCard, TaxesCard, type Totals } from '../invoices/InvoiceParts.js';
import type { billingInvoiceQuery } from './data.js';
import { creditInvoice, creditNotesQuery, emailInvoice } from './data.js';

type Invoice = Awaited<ReturnType<NonNullable<ReturnType<typeof billingInvoiceQuery>['queryFn']>>>;

export function IssuedInvoice({ invoice }: { invoice: Invoice }) {
  const { t, i18n } = useTranslation('billing');
  const language = i18n.language;
  const [downloadFailed, setDownloadFailed] = useState(false);
  const totals = invoice.totals as Totals | null;
  const amounts = new Map((totals?.lines ?? []).map((l) => [l.index, l.amountXof]));
  const pdf = () => {
    setDownloadFailed(false);
    downloadInvoice(invoice.id, 'pdf', invoice.number ?? invoice.id).catch(() => setDownloadFailed(true));
  };
  return (
    <div className="business-grid">
      <div>
        <p className="pill pill-issued" data-testid="billing-issued-status">
          {t(invoice.clearanceStatus === 'certified' ? 'billing:status.cleared' : 'billing:status.issued')}
        </p>
        <div className="card">
          <ul className="business-lines" data-testid="billing-issued-lines">
            {invoice.document.lines.map((line, index) => (
              <li key={index}>
                <span>
                  {t('billing:issued.line', {
                    label: line.label,
                    quantity: new Intl.NumberFormat(language).format(line.quantityMilli / 1000),
                    price: formatFcfa(line.unitPriceXof, language),
                  })}
                </span>
                <span className="amount">{formatFcfa(amounts.get(index) ?? 0, language)}</span>
              </li>
            ))}
          </ul>
        </div>
        {totals === null ? null : <TaxesCard totals={totals} />}
        <ClearanceCard
          invoiceId={invoice.id}
          clearanceStatus={invoice.clearanceStatus}
          authority={invoice.authority ?? null}
          reference={invoice.authorityReference}
          hasQr={invoice.qrData !== null && invoice.qrData !== ''}
        />
      </div>
      <div>
        <div className="card">
          <button type="button" className="button" onClick={pdf}>
            {t('billing:issued.pdf')}
          </button>
          {downloadFailed ? (
            <p role="alert" className="error">
              {t('billing:issued.pdfFailed')}
            </p>
          ) : null}
        </div>
        <EmailForm invoiceId={invoice.id} />
        {invoice.kind === 'invoice' ? <CreditNotes invoice={invoice} /> : null}
      </div>
    </div>
  );
}

function EmailForm({ invoiceId }: { invoiceId: string }) {
  const { t } = useTranslation('billing');
  const [to, setTo] = useState('');
  const send = useMutation({ mutationFn: (address: string) => emailInvoice(invoiceId, address) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const address = to.trim().toLowerCase();
    if (address !== '') send.mutate(address);
  };
  return (
    <form className="card form" onSubmit={submit}>
      <h2>{t('billing:email.title')}</h2>
      <label htmlFor="billing-email">{t('billing:email.to')}</label>
      <input
        id="billing-email"
        type="email"
        autoComplete="email"
        maxLength={254}
        required
        value={to}
        onChange={(e) => setTo(e.target.value)}
      />
      <button type="submit" className="button" disabled={send.isPending}>
        {t('billing:email.send')}
      </button>
      {send.isSuccess ? (
        <p role="status" data-testid="billing-email-sent">
          {t('billing:email.sent', { to: send.data.to })}
        </p>
      ) : null}
      {send.isError ? (
        <p role="alert" className="error">
          {t('billing:email.failed')}
        </p>
      ) : null}
    </form>
  );
}

function CreditNotes({ invoice }: { invoice: Invoice }) {
  const { t, i18n } = useTranslation('billing');
  const queryClient = useQueryClient();
  const notes = useQuery(creditNotesQuery(invoice.id, invoice.issuedAt));
  const [quantities, setQuantities] = useState<string[]>(invoice.document.lines.map(() => ''));
  const credit = useMutation({
    mutationFn: (lines: 'all' | { index: number; quantityMilli: number }[]) => creditInvoice(invoice.id, lines),
    onSuccess: async () => {
      setQuantities(invoice.document.lines.map(() => ''));
      await queryClient.invalidateQueries({ queryKey: ['billing'] });
    },
  });
  const partial = (event: FormEvent) => {
    event.preventDefault();
    const lines = quantities
      .map((q, index) => ({ index, quantityMilli: Math.round(Number(q.replace(',', '.')) * 1000) }))
      .filter((l) => Number.isInteger(l.quantityMilli) && l.quantityMilli > 0);
    if (lines.length > 0) credit.mutate(lines);
  };
  return (
    <div className="card">
      <h2>{t('billing:credit.title')}</h2>
      {(notes.data ?? []).length > 0 ? (
        <ul className="business-lines" data-testid="billing-credit-notes">
          {(notes.data ?? []).map((note) => (
            <li key={note.id}>
              <Link to="/billing/$invoiceId" params={{ invoiceId: note.id }}>
                {note.number}
              </Link>
              <span className="amount">{formatFcfa(note.totals?.grossXof ?? 0, i18n.language)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('billing:credit.none')}</p>
      )}
      <form className="form" onSubmit={partial}>
        <p className="muted">{t('billing:credit.help')}</p>
        {invoice.document.lines.map((line, index) => (
          <div key={index} className="billing-field">
            <label htmlFor={`credit-${String(index)}`}>{t('billing:credit.quantity', { label: line.label })}</label>
            <input
              id={`credit-${String(index)}`}
              inputMode="decimal"
              value={quantities[index] ?? ''}
              onChange={(e) => setQuantities((all) => all.map((q, k) => (k === index ? e.target.value : q)))}
            />
          </div>
        ))}
        <button type="submit" className="button" disabled={credit.isPending}>
          {t('billing:credit.partial')}
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={credit.isPending}
          onClick={() => credit.mutate('all')}
        >
          {t('billing:credit.all')}
        </button>
        {credit.isSuccess ? <p role="status">{t('billing:credit.done')}</p> : null}
        {credit.isError ? (
          <p role="alert" className="error">
            {t('billing:credit.failed')}
          </p>
        ) : null}
      </form>
    </div>
  );
}
