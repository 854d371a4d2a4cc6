/**
 * /immobilier/gestion/baux (lazy): my leases as landlord, each with its tenant, terms, signatures, rent dues, receipts
 * and deposit; "Nouveau bail" from one of my rental listings, after which the lease is signed on its own page
 * (/immobilier/baux/$leaseId, shared with the tenant).
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { OfflineMark } from '../OfflineMark.js';
import { landlordLeasesQuery, myListingsQuery } from './data.js';
import { DepositReturn } from './DepositReturn.js';
import { OwnerNav } from './OwnerNav.js';
import { problemText } from './problem.js';
import { RentDues } from './RentDues.js';
import type { Lease } from './types.js';
import { shortDay } from './when.js';
import '../../styles/real-estate-owner.css';

/**
 * The lease form brings the kernel's law checks (and, with the kernel's index, its schemas: about 28 KB gzipped):
 * fetched only when « Nouveau bail » is pressed, not with the list every landlord opens.
 */
const LeaseForm = lazy(() => import('./LeaseForm.js').then((m) => ({ default: m.LeaseForm })));

const leaseStatuses = new Set(['awaiting_signatures', 'active', 'ended', 'terminated', 'cancelled']);

/** The lease's own page (the tenant's area's route): where both parties sign. */
function LeaseLink({ lease, sign }: { lease: Pick<Lease, 'id'>; sign: boolean }) {
  const { t } = useTranslation('real-estate-owner');
  return (
    <Link to="/immobilier/baux/$leaseId" params={{ leaseId: lease.id }} className={sign ? 'button' : undefined}>
      {sign ? t('real-estate-owner:leases.sign') : t('real-estate-owner:leases.open')}
    </Link>
  );
}

function LeaseCard({ lease }: { lease: Lease }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  const language = i18n.language;
  const landlordSigned = lease.signatures.some((s) => s.party === 'landlord');
  return (
    <li className="card reo-lease" data-testid={`lease-${lease.id}`}>
      <h2>{lease.title}</h2>
      <p>
        {t('real-estate-owner:leases.tenant', { name: lease.tenantName })}
        {' · '}
        <span className="reo-chip">
          {leaseStatuses.has(lease.status) ? t(`real-estate-owner:leaseStatus.${lease.status}`) : lease.status}
        </span>
      </p>
      <p className="muted">
        {t('real-estate-owner:leases.terms', {
          rent: formatFcfa(lease.rentXof, language),
          charges: formatFcfa(lease.chargesXof, language),
          start: shortDay(`${lease.startsOn}T12:00:00Z`, language),
          months: lease.durationMonths,
        })}
      </p>
      <p className="muted">
        {t('real-estate-owner:leases.money', {
          deposit: formatFcfa(lease.depositXof, language),
          advance: formatFcfa(lease.advanceXof, language),
        })}
      </p>
      <p>
        <LeaseLink lease={lease} sign={lease.status === 'awaiting_signatures' && !landlordSigned} />
      </p>
      {lease.status === 'awaiting_signatures' ? null : <RentDues lease={lease} />}
      <DepositReturn lease={lease} />
    </li>
  );
}

function NewLease() {
  const { t, i18n } = useTranslation('real-estate-owner');
  const listings = useQuery(myListingsQuery);
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string | null>(null);
  const [made, setMade] = useState<Lease | null>(null);
  const rentals = (listings.data ?? []).filter(
    (l) => l.deal === 'rent' && (l.status === 'published' || l.status === 'rented'),
  );
  const listing = rentals.find((l) => l.id === chosen) ?? rentals[0];
  if (made !== null)
    return (
      <div className="card reo-block" role="status">
        <p>{t('real-estate-owner:leases.made', { name: made.tenantName })}</p>
        <LeaseLink lease={made} sign />
      </div>
    );
  if (!open)
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        {t('real-estate-owner:leases.new')}
      </button>
    );
  if (listings.data === undefined)
    return <p>{listings.isError ? problemText(t, listings.error, i18n.language) : t('app.loading')}</p>;
  if (listing === undefined) return <p className="muted">{t('real-estate-owner:leases.noListing')}</p>;
  return (
    <>
      <label htmlFor="reo-lease-listing">{t('real-estate-owner:leases.listing')}</label>
      <select id="reo-lease-listing" value={listing.id} onChange={(e) => setChosen(e.target.value)}>
        {rentals.map((l) => (
          <option key={l.id} value={l.id}>
            {l.title}
          </option>
        ))}
      </select>
      <Suspense fallback={<p>{t('app.loading')}</p>}>
        <LeaseForm key={listing.id} listing={listing} made={setMade} />
      </Suspense>
    </>
  );
}

export function OwnerLeases() {
  const { t, i18n } = useTranslation('real-estate-owner');
  const leases = useQuery(landlordLeasesQuery);
  return (
    <section aria-labelledby="reo-leases-title" className="screen reo">
      <h1 id="reo-leases-title">{t('real-estate-owner:leases.title')}</h1>
      <OwnerNav />
      <OfflineMark updatedAtMs={leases.dataUpdatedAt} failed={leases.isError} />
      <NewLease />
      {leases.data === undefined ? (
        <p>{leases.isError ? problemText(t, leases.error, i18n.language) : t('app.loading')}</p>
      ) : leases.data.length === 0 ? (
        <p className="muted">{t('real-estate-owner:leases.empty')}</p>
      ) : (
        <ul className="reo-list" data-testid="leases">
          {leases.data.map((l) => (
            <LeaseCard key={l.id} lease={l} />
          ))}
        </ul>
      )}
    </section>
  );
}
