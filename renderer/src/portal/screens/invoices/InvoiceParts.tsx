/** Parts of an invoice's screen: taxes per group with the total, and the tax authority's certification and QR. */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { api, apiError } from '../../api/client.js';
import { QrModules } from '../account/QrModules.js';

/** The totals as the cloud computes them (shared/src/invoicing/totals.ts). */
export interface Totals {
  netXof: number;
  taxXof: number;
  grossXof: number;
  lines?: { index: number; amountXof: number }[];
  groups?: { taxGroup: string; rateBp: number; netXof: number; taxXof: number; grossXof: number }[];
}

export function TaxesCard({ totals }: { totals: Totals }) {
  const { t, i18n } = useTranslation('invoices');
  const language = i18n.language;
  return (
    <div className="card">
      <h2>{t('invoices:detail.taxes')}</h2>
      <table className="taxes">
        <thead>
          <tr>
            <th scope="col">{t('invoices:detail.taxGroup')}</th>
            <th scope="col">{t('invoices:detail.net')}</th>
            <th scope="col">{t('invoices:detail.tax')}</th>
          </tr>
        </thead>
        <tbody>
          {(totals.groups ?? []).map((group) => (
            <tr key={group.taxGroup}>
              <th scope="row">
                {t('invoices:detail.groupRate', {
                  group: group.taxGroup,
                  rate: new Intl.NumberFormat(language).format(group.rateBp / 100),
                })}
              </th>
              <td>{formatFcfa(group.netXof, language)}</td>
              <td>{formatFcfa(group.taxXof, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="invoice-line total" data-testid="invoice-total">
        <span>{t('invoices:detail.gross')}</span>
        <span className="amount">{formatFcfa(totals.grossXof, language)}</span>
      </p>
    </div>
  );
}

export function ClearanceCard(props: {
  invoiceId: string;
  clearanceStatus: string;
  authority: string | null;
  reference: string | null;
  hasQr: boolean;
}) {
  const { t } = useTranslation('invoices');
  const { invoiceId } = props;
  const qr = useQuery({
    queryKey: ['invoice-qr', invoiceId],
    enabled: props.hasQr,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/invoices/{invoiceId}/qr', {
        params: { path: { invoiceId } },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });
  return (
    <div className="card clearance" data-testid="invoice-clearance">
      <h2>{t('invoices:detail.authority')}</h2>
      <p>{t(`invoices:clearance.${props.clearanceStatus}`, { defaultValue: t('invoices:clearance.other') })}</p>
      {props.reference !== null && (
        <p>{t('invoices:detail.reference', { authority: props.authority ?? '', reference: props.reference })}</p>
      )}
      {qr.data !== undefined && (
        <QrModules size={qr.data.size} modules={qr.data.modules} label={t('invoices:detail.qr')} />
      )}
    </div>
  );
}
