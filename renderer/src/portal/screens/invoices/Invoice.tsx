/**
 * One invoice (lazy-loaded route): who sold, when, its lines, its taxes per group and totals, the
 * tax authority's reference (FNE in Côte d'Ivoire, e-MECeF in Benin) with its QR once certified,
 * and its PDF and XLSX copies to save on the phone.
 */
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { api, apiError } from '../../api/client.js';
import { OfflineMark } from '../OfflineMark.js';
import { downloadInvoice, type ExportFormat } from './download.js';
import { ClearanceCard, TaxesCard, type Totals } from './InvoiceParts.js';
import { ReportProblemLink } from '../support/ReportProblemLink.js';
import '../../styles/invoices.css';

const route = getRouteApi('/invoices/$invoiceId');

export function Invoice() {
  const { t, i18n } = useTranslation('invoices');
  const { invoiceId } = route.useParams();
  const language = i18n.language;
  const [failed, setFailed] = useState(false);
  const invoice = useQuery({
    queryKey: ['invoice', invoiceId],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/invoices/{invoiceId}', {
        params: { path: { invoiceId } },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });
  const record = invoice.data;
  async function save(format: ExportFormat): Promise<void> {
    setFailed(false);
    try {
      await downloadInvoice(invoiceId, format, record?.number ?? invoiceId);
    } catch {
      setFailed(true);
    }
  }

  if (record === undefined)
    return (
      <section aria-labelledby="invoice-title" className="screen">
        <h1 id="invoice-title">{t('invoices:detail.title')}</h1>
        <p>{invoice.isError ? t('invoices:detail.error') : t('app.loading')}</p>
        <Link to="/invoices">{t('invoices:detail.back')}</Link>
      </section>
    );
  const totals = record.totals as Totals | null;
  const document = record.document;
  return (
    <section aria-labelledby="invoice-title" className="screen">
      <h1 id="invoice-title">
        {t(record.kind === 'credit_note' ? 'invoices:detail.creditNote' : 'invoices:detail.invoice', {
          number: record.number ?? '',
        })}
      </h1>
      <OfflineMark updatedAtMs={invoice.dataUpdatedAt} failed={invoice.isError} />
      <dl className="card facts" data-testid="invoice-facts">
        <dt>{t('invoices:detail.seller')}</dt>
        <dd>{document.seller.tradeName ?? document.seller.legalName}</dd>
        <dt>{t('invoices:detail.sellerTaxId')}</dt>
        <dd>{document.seller.taxId}</dd>
        {document.buyer.name !== undefined && (
          <>
            <dt>{t('invoices:detail.buyer')}</dt>
            <dd>{document.buyer.name}</dd>
          </>
        )}
        {record.issuedAt !== null && (
          <>
            <dt>{t('invoices:detail.issuedAt')}</dt>
            <dd>
              <time dateTime={record.issuedAt}>{formatDateTime(record.issuedAt, language)}</time>
            </dd>
          </>
        )}
        <dt>{t('invoices:detail.status')}</dt>
        <dd>{t(`invoices:status.${record.status}`)}</dd>
      </dl>

      <h2>{t('invoices:detail.lines')}</h2>
      <ul className="invoice-lines" data-testid="invoice-lines">
        {document.lines.map((line, index) => (
          <li key={index} className="card">
            <span className="invoice-line">
              <span className="invoice-label">{line.label}</span>
              <span className="amount">
                {formatFcfa(totals?.lines?.find((l) => l.index === index)?.amountXof ?? 0, language)}
              </span>
            </span>
            <span className="muted">
              {t('invoices:detail.quantity', {
                quantity: new Intl.NumberFormat(language).format(line.quantityMilli / 1000),
                price: formatFcfa(line.unitPriceXof, language),
              })}
            </span>
          </li>
        ))}
      </ul>

      {totals !== null && <TaxesCard totals={totals} />}
      <ClearanceCard
        invoiceId={invoiceId}
        clearanceStatus={record.clearanceStatus}
        authority={record.authority ?? null}
        reference={record.authorityReference}
        hasQr={record.qrData !== null && record.qrData !== ''}
      />

      {record.status === 'issued' && (
        <div className="downloads">
          <button type="button" className="button" onClick={() => void save('pdf')}>
            {t('invoices:detail.pdf')}
          </button>
          <button type="button" className="button secondary" onClick={() => void save('xlsx')}>
            {t('invoices:detail.xlsx')}
          </button>
        </div>
      )}
      {failed && (
        <p className="error" role="alert">
          {t('invoices:detail.downloadFailed')}
        </p>
      )}
      <ReportProblemLink type="invoice" id={invoiceId} />
      <Link to="/invoices">{t('invoices:detail.back')}</Link>
    </section>
  );
}
