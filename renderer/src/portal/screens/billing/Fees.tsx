/**
 * The fees that apply to a partner (lazy), read-only: the tariffs in force (the listing fee per product and month
 * among them, with how many products it counts), each module's commission rate and fixed listing fee, and what the
 * wallet was charged in the month, as the ledger recorded it.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatCredits, formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { feesQuery, monthName, thisMonth } from './data.js';
import '../../styles/business.css';
import '../../styles/billing.css';

export function BillingFees() {
  const { t, i18n } = useTranslation('billing');
  const period = thisMonth();
  const fees = useQuery(feesQuery(period));
  const language = i18n.language;
  const credits = (centi: number) => t('billing:credits', { amount: formatCredits(centi, language) });
  const percent = (bp: number) => `${new Intl.NumberFormat(language).format(bp / 100)} %`;
  const f = fees.data;
  return (
    <section aria-labelledby="fees-title" className="screen business billing">
      <h1 id="fees-title">{t('billing:fees.title')}</h1>
      <OfflineMark updatedAtMs={fees.dataUpdatedAt} failed={fees.isError} />
      {f === undefined ? (
        <p>{fees.isError ? t('billing:fees.error') : t('app.loading')}</p>
      ) : (
        <div className="business-grid">
          <div className="card">
            <h2>{t('billing:fees.tariffs')}</h2>
            <p>{t('billing:fees.products', { count: f.activeProducts })}</p>
            <table className="billing-table" data-testid="billing-tariffs">
              <thead>
                <tr>
                  <th scope="col">{t('billing:fees.what')}</th>
                  <th scope="col">{t('billing:fees.price')}</th>
                </tr>
              </thead>
              <tbody>
                {f.tariffs.map((tariff) => (
                  <tr key={tariff.code}>
                    <th scope="row">
                      {t(`billing:tariff.${tariff.code}`, { defaultValue: tariff.code })}
                      <span className="muted"> · {t(`billing:per.${tariff.per}`, { defaultValue: tariff.per })}</span>
                    </th>
                    <td>
                      {tariff.minCredits === tariff.maxCredits
                        ? credits(tariff.minCredits * 100)
                        : t('billing:fees.range', {
                            min: credits(tariff.minCredits * 100),
                            max: credits(tariff.maxCredits * 100),
                          })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div>
            <div className="card">
              <h2>{t('billing:fees.commissions')}</h2>
              <table className="billing-table" data-testid="billing-commissions">
                <thead>
                  <tr>
                    <th scope="col">{t('billing:fees.module')}</th>
                    <th scope="col">{t('billing:fees.rate')}</th>
                    <th scope="col">{t('billing:fees.perListing')}</th>
                  </tr>
                </thead>
                <tbody>
                  {f.commissions.map((c) => (
                    <tr key={c.module}>
                      <th scope="row">{t(`billing:module.${c.module}`, { defaultValue: c.module })}</th>
                      <td>{percent(c.rateBp)}</td>
                      <td>{formatFcfa(c.perListingXof, language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="card" data-testid="billing-charged">
              <h2>{t('billing:fees.charged', { period: monthName(f.period, language) })}</h2>
              {f.charged.length === 0 ? (
                <p className="muted">{t('billing:fees.nothing')}</p>
              ) : (
                <ul className="business-lines">
                  {f.charged.map((c) => (
                    <li key={`${c.leg}-${c.what}`}>
                      <span>
                        {t(`billing:leg.${c.leg}`, { defaultValue: c.leg })}
                        {c.what === ''
                          ? ''
                          : ` · ${t(`billing:tariff.${c.what}`, { defaultValue: t(`billing:module.${c.what}`, { defaultValue: c.what }) })}`}
                      </span>
                      <span className="amount">{credits(c.amountCentiCredits)}</span>
                    </li>
                  ))}
                </ul>
              )}
              <p className="total">
                {t('billing:fees.total')} <strong>{credits(f.totalChargedCentiCredits)}</strong>
              </p>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
