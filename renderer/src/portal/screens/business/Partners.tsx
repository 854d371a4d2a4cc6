/** A sales rep's attached partners (lazy): this month's online sales and orders, my commissions, last activity. */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatCredits, formatDateTime, formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { repPartnersQuery } from './data.js';
import '../../styles/business.css';

export function Partners() {
  const { t, i18n } = useTranslation('business');
  const partners = useQuery(repPartnersQuery);
  const list = partners.data?.partners;
  const language = i18n.language;
  return (
    <section aria-labelledby="partners-title" className="screen business">
      <h1 id="partners-title">{t('business:partners.title')}</h1>
      <Link to="/business/partners/new" className="button" data-testid="onboard-partner">
        {t('business:partners.add')}
      </Link>
      <OfflineMark updatedAtMs={partners.dataUpdatedAt} failed={partners.isError} />
      {list === undefined ? (
        <p>{partners.isError ? t('business:partners.error') : t('app.loading')}</p>
      ) : list.length === 0 ? (
        <p>{t('business:partners.empty')}</p>
      ) : (
        <ul className="business-list business-cards" data-testid="rep-partners">
          {list.map((p) => (
            <li key={p.id} className="card">
              <h2 className="row-title">{p.displayName}</h2>
              {p.ismailId === null ? (
                <p className="muted">{t('business:partners.pending')}</p>
              ) : (
                <p className="muted mono">{p.ismailId}</p>
              )}
              <dl className="figures">
                <div>
                  <dt>{t('business:partners.sales')}</dt>
                  <dd className="amount">{formatFcfa(p.salesThisMonthXof, language)}</dd>
                </div>
                <div>
                  <dt>{t('business:partners.orders')}</dt>
                  <dd>{p.ordersThisMonth}</dd>
                </div>
                <div>
                  <dt>{t('business:partners.commission')}</dt>
                  <dd className="amount">
                    {t('business:credits', { amount: formatCredits(p.commissionThisMonthCentiCredits, language) })}
                  </dd>
                </div>
                <div>
                  <dt>{t('business:partners.lastActivity')}</dt>
                  <dd>
                    {p.lastActivityAt === null ? (
                      t('business:partners.never')
                    ) : (
                      <time dateTime={p.lastActivityAt}>{formatDateTime(p.lastActivityAt, language)}</time>
                    )}
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <Link to="/business/statements" search={{}}>
        {t('business:partners.toStatements')}
      </Link>
    </section>
  );
}
