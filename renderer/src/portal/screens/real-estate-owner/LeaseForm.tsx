/**
 * "Nouveau bail" from one of my rental listings: the tenant's ISMAIL ID, rent, charges, deposit, advance (FCFA), start,
 * duration, payment day and grace days. The rules of law 2018-575 are checked here with the kernel's own
 * `leaseViolations` (deposit and advance at most two months of rent…) before anything is sent, and the cloud's refusal
 * is shown as it says it if it still refuses. Once made, the lease waits for both signatures on its own page.
 */
import { leaseViolations, earliestRevisionOn, type LeaseViolation } from '@ismail/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { createLease, fcfaOf } from './data.js';
import { problemText } from './problem.js';
import type { Lease, OwnerListing } from './types.js';
import { today } from './when.js';

type Key = 'tenant' | 'rent' | 'charges' | 'deposit' | 'advance' | 'startsOn' | 'duration' | 'paymentDay' | 'grace';

const initial = (l: OwnerListing): Record<Key, string> => ({
  tenant: '',
  rent: String(l.priceXof),
  charges: String(l.chargesXof),
  deposit: String(l.depositMonths * l.priceXof),
  advance: String(l.advanceMonths * l.priceXof),
  startsOn: today(),
  duration: '12',
  paymentDay: '5',
  grace: '5',
});

const fieldOfViolation: Record<LeaseViolation['field'], Key> = {
  rentXof: 'rent',
  chargesXof: 'charges',
  depositXof: 'deposit',
  advanceXof: 'advance',
  startsOn: 'startsOn',
  durationMonths: 'duration',
  revisionOn: 'startsOn',
};

export function LeaseForm({ listing, made }: { listing: OwnerListing; made: (lease: Lease) => void }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  const queryClient = useQueryClient();
  const [form, setForm] = useState(() => initial(listing));
  const [checked, setChecked] = useState(false);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const terms = {
    rentXof: fcfaOf(form.rent),
    chargesXof: form.charges.trim() === '' ? 0 : fcfaOf(form.charges),
    depositXof: form.deposit.trim() === '' ? 0 : fcfaOf(form.deposit),
    advanceXof: form.advance.trim() === '' ? 0 : fcfaOf(form.advance),
    startsOn: form.startsOn,
    durationMonths: Number(form.duration),
  };
  const create = useMutation({
    mutationFn: () =>
      createLease(
        {
          listingId: listing.id,
          tenantIsmailId: form.tenant.trim(),
          ...terms,
          paymentDay: Number(form.paymentDay),
          graceDays: Number(form.grace),
        },
        key,
      ),
    onSuccess: async (lease) => {
      await queryClient.invalidateQueries({ queryKey: ['real-estate', 'leases'] });
      made(lease);
    },
  });
  const set = (k: Key, value: string): void => {
    // Other terms are another request: a new key, so the cloud does not answer with the refused one's result.
    setKey(crypto.randomUUID());
    setForm({ ...form, [k]: value });
  };
  // The revision date is the law's earliest (the cloud's default): only the other terms can break a rule here.
  const revisionOn = /^\d{4}-\d{2}-\d{2}$/.test(form.startsOn) ? earliestRevisionOn(form.startsOn) : '';
  const violations = leaseViolations({ ...terms, revisionOn });
  // Said once the person tried to send, then kept up to date as they correct the figures.
  const shown = checked ? violations : [];
  function submit(event: FormEvent): void {
    event.preventDefault();
    setChecked(true);
    if (violations.length === 0 && !create.isPending) create.mutate();
  }
  const language = i18n.language;
  const monthsOf = (xof: number) =>
    Number.isSafeInteger(xof) && terms.rentXof > 0 ? Math.round((xof / terms.rentXof) * 10) / 10 : null;
  const input = (k: Key, type: 'text' | 'date' | 'number' = 'text', hint?: string) => {
    const broken = shown.filter((v) => fieldOfViolation[v.field] === k);
    const ids = [hint === undefined ? '' : `reo-lease-${k}-hint`, broken.length > 0 ? `reo-lease-${k}-error` : '']
      .filter((s) => s !== '')
      .join(' ');
    return (
      <>
        <label htmlFor={`reo-lease-${k}`}>{t(`real-estate-owner:leaseForm.${k}`)}</label>
        <input
          id={`reo-lease-${k}`}
          type={type}
          inputMode={type === 'text' && k !== 'tenant' ? 'numeric' : undefined}
          required={k !== 'charges'}
          autoComplete="off"
          value={form[k]}
          aria-invalid={broken.length > 0}
          aria-describedby={ids === '' ? undefined : ids}
          onChange={(e) => set(k, e.target.value)}
        />
        {hint === undefined ? null : (
          <p className="muted reo-hint" id={`reo-lease-${k}-hint`}>
            {hint}
          </p>
        )}
        {broken.length === 0 ? null : (
          <p className="error" id={`reo-lease-${k}-error`} role="alert">
            {broken.map((v) => v.message).join(' ')}
          </p>
        )}
      </>
    );
  };
  const months = (xof: number) => {
    const m = monthsOf(xof);
    return m === null ? undefined : t('real-estate-owner:leaseForm.inMonths', { n: m });
  };
  return (
    <form className="form reo-form card" onSubmit={submit} data-testid="lease-form" noValidate>
      <h3>{t('real-estate-owner:leaseForm.title', { title: listing.title })}</h3>
      {input('tenant', 'text', t('real-estate-owner:leaseForm.tenantHint'))}
      {input('rent')}
      {input('charges')}
      {input('deposit', 'text', months(terms.depositXof))}
      {input('advance', 'text', months(terms.advanceXof))}
      <p className="muted reo-hint">{t('real-estate-owner:form.lawHint')}</p>
      {input('startsOn', 'date')}
      {input('duration', 'number')}
      {input('paymentDay', 'number')}
      {input('grace', 'number')}
      {Number.isSafeInteger(terms.rentXof) ? (
        <p>
          {t('real-estate-owner:leaseForm.monthly', {
            amount: formatFcfa(
              terms.rentXof + (Number.isSafeInteger(terms.chargesXof) ? terms.chargesXof : 0),
              language,
            ),
          })}
        </p>
      ) : null}
      {create.isError ? (
        <p className="error" role="alert" data-testid="lease-refused">
          {problemText(t, create.error, language)}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={create.isPending} aria-busy={create.isPending}>
        {t('real-estate-owner:leaseForm.submit')}
      </button>
    </form>
  );
}
