/**
 * A lease (lazy), for the tenant and the landlord alike: its terms under law 2018-575, the lease PDF to download
 * with its SHA-256, who signed and when, "Signer le bail" for a party who has not, then the rent schedule with
 * "Payer" for the tenant, and the receipts.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFcfa } from '../../../common/format.js';
import { DocumentLink } from './DocumentLink.js';
import { formatDay } from './format.js';
import { Dues } from './Dues.js';
import { Refusal } from './Refusal.js';
import { SignLease } from './SignLease.js';
import { leaseQuery, meIdQuery } from './data.js';
import type { Lease } from './types.js';
import '../../styles/real-estate.css';

function Terms({ lease }: { lease: Lease }) {
  const { t, i18n } = useTranslation('real-estate');
  const money = (amount: number): string => formatFcfa(amount, i18n.language);
  const rows: [string, string][] = [
    [t('real-estate:lease.landlord'), lease.landlordName],
    [t('real-estate:lease.tenant'), lease.tenantName],
    [t('real-estate:lease.rent'), t('real-estate:price.perMonth', { amount: money(lease.rentXof) })],
    [t('real-estate:lease.charges'), t('real-estate:price.perMonth', { amount: money(lease.chargesXof) })],
    [t('real-estate:lease.deposit'), money(lease.depositXof)],
    [t('real-estate:lease.advance'), money(lease.advanceXof)],
    [t('real-estate:lease.startsOn'), formatDay(lease.startsOn, i18n.language)],
    [t('real-estate:lease.duration'), t('real-estate:listing.months', { count: lease.durationMonths })],
    [
      t('real-estate:lease.paymentDay'),
      t('real-estate:lease.dayOfMonth', { day: lease.paymentDay, grace: lease.graceDays }),
    ],
    [t('real-estate:lease.revisionOn'), formatDay(lease.revisionOn, i18n.language)],
    ...(lease.depositReturnedXof === null
      ? []
      : [[t('real-estate:lease.depositReturned'), money(lease.depositReturnedXof)] as [string, string]]),
  ];
  return (
    <dl className="re-facts">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function LeaseDetail() {
  const { t, i18n } = useTranslation('real-estate');
  const { leaseId } = useParams({ from: '/immobilier/baux/$leaseId' });
  const lease = useQuery(leaseQuery(leaseId));
  const me = useQuery(meIdQuery);
  const data = lease.data;
  const party = data === undefined || me.data === undefined ? null : me.data === data.tenantId ? 'tenant' : 'landlord';
  const signed = data?.signatures.some((s) => s.party === party) ?? false;
  const receipts = data?.documents.filter((d) => d.kind !== 'lease') ?? [];
  return (
    <section aria-labelledby="re-lease-title" className="screen real-estate">
      <p>
        <Link to="/immobilier/baux">{t('real-estate:leases.title')}</Link>
      </p>
      {data === undefined ? (
        <>
          <h1 id="re-lease-title">{t('real-estate:lease.title')}</h1>
          {lease.isError ? <Refusal error={lease.error} /> : <p>{t('app.loading')}</p>}
        </>
      ) : (
        <>
          <h1 id="re-lease-title">{data.title}</h1>
          <p>
            <span className={`re-status re-status-${data.status}`}>{t(`real-estate:leaseStatus.${data.status}`)}</span>{' '}
            {data.commune}
          </p>
          <Terms lease={data} />
          <h2>{t('real-estate:lease.document')}</h2>
          {data.documentId === null ? (
            <p>{t('real-estate:lease.noDocument')}</p>
          ) : (
            <DocumentLink
              documentId={data.documentId}
              fileName={`bail-${data.id.slice(0, 8)}.pdf`}
              sha256={data.documentSha256}
              label={t('real-estate:lease.download')}
            />
          )}
          {data.documentSha256 === null ? null : (
            <p className="re-hash">
              {t('real-estate:lease.hash')} <code>{data.documentSha256}</code>
            </p>
          )}
          <h2>{t('real-estate:lease.signatures')}</h2>
          <ul className="re-list" data-testid="signatures">
            {(['landlord', 'tenant'] as const).map((p) => {
              const signature = data.signatures.find((s) => s.party === p);
              return (
                <li key={p}>
                  {signature === undefined
                    ? t(`real-estate:lease.unsigned.${p}`)
                    : t(`real-estate:lease.signed.${p}`, {
                        name: signature.typedName,
                        at: formatDateTime(signature.signedAt, i18n.language),
                      })}
                </li>
              );
            })}
          </ul>
          {party !== null && !signed && data.status === 'awaiting_signatures' && data.documentId !== null ? (
            <SignLease lease={data} />
          ) : null}
          <Dues lease={data} tenant={party === 'tenant'} />
          {receipts.length === 0 ? null : (
            <section aria-labelledby="re-receipts-title">
              <h2 id="re-receipts-title">{t('real-estate:receipts.title')}</h2>
              <ul className="re-list">
                {receipts.map((d) => (
                  <li key={d.id}>
                    <DocumentLink
                      documentId={d.id}
                      fileName={d.fileName}
                      sha256={d.sha256}
                      label={t(
                        `real-estate:receipts.kind.${d.kind === 'deposit_return' ? 'deposit_return' : 'receipt'}`,
                        {
                          day: formatDateTime(d.createdAt, i18n.language),
                        },
                      )}
                    />
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </section>
  );
}
