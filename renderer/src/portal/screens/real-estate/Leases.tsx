/** My leases (lazy), as tenant and as landlord: the place, the other party, the rent and where the lease stands. */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { Refusal } from './Refusal.js';
import { leasesQuery } from './data.js';
import type { Lease } from './types.js';
import '../../styles/real-estate.css';

function LeaseList({ role }: { role: 'tenant' | 'landlord' }) {
  const { t, i18n } = useTranslation('real-estate');
  const leases = useQuery(leasesQuery(role));
  const list: readonly Lease[] = leases.data?.leases ?? [];
  return (
    <section aria-labelledby={`re-leases-${role}`}>
      <h2 id={`re-leases-${role}`}>{t(`real-estate:leases.as.${role}`)}</h2>
      <OfflineMark updatedAtMs={leases.dataUpdatedAt} failed={leases.isError} />
      {leases.data === undefined ? (
        leases.isError ? (
          <Refusal error={leases.error} />
        ) : (
          <p>{t('app.loading')}</p>
        )
      ) : list.length === 0 ? (
        <p>{t('real-estate:leases.empty')}</p>
      ) : (
        <ul className="re-list" data-testid={`leases-${role}`}>
          {list.map((lease) => (
            <li key={lease.id} className="card re-lease">
              <Link to="/immobilier/baux/$leaseId" params={{ leaseId: lease.id }} className="re-card-title">
                {lease.title}
              </Link>
              <span className="muted">
                {role === 'tenant'
                  ? t('real-estate:leases.landlord', { name: lease.landlordName })
                  : t('real-estate:leases.tenant', { name: lease.tenantName })}
                {' · '}
                {lease.commune}
              </span>
              <span className="re-price">
                {t('real-estate:price.perMonth', {
                  amount: formatFcfa(lease.rentXof + lease.chargesXof, i18n.language),
                })}
              </span>
              <span className={`re-status re-status-${lease.status}`}>
                {t(`real-estate:leaseStatus.${lease.status}`)}
              </span>
              {lease.dues.some((d) => d.late && d.status === 'due') ? (
                <span className="re-late">{t('real-estate:dues.late')}</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Leases() {
  const { t } = useTranslation('real-estate');
  return (
    <section aria-labelledby="re-leases-title" className="screen real-estate">
      <h1 id="re-leases-title">{t('real-estate:leases.title')}</h1>
      <p className="re-links">
        <Link to="/immobilier">{t('real-estate:search.title')}</Link>
        <Link to="/immobilier/visites">{t('real-estate:visits.title')}</Link>
      </p>
      <LeaseList role="tenant" />
      <LeaseList role="landlord" />
    </section>
  );
}
