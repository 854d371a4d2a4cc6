/**
 * A listing's publication: "Publier" shows what it costs first (the plan's credits for its period) and sends once
 * confirmed, with one Idempotency-Key per confirmation (a retry cannot charge twice); a held listing shows the
 * moderator's note; "Renouveler" says the new period is added to the current end; "Marquer louée / vendue" ends it;
 * "Toujours disponible" answers the cloud's question on an old listing.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { moveListing, plansQuery, renewListing, stillAvailable, submitListing } from './data.js';
import { creditsText, PlanPrice } from './PlanPrice.js';
import { problemText } from './problem.js';
import type { OwnerListing, Plan } from './types.js';
import { shortDay } from './when.js';

const dayMs = 86_400_000;

/** The end after renewal: the current end plus the period while it still runs, else today plus the period. */
function renewedEnd(listing: OwnerListing, plan: Plan): string {
  const end = listing.expiresAt === null ? Date.now() : Math.max(Date.parse(listing.expiresAt), Date.now());
  return new Date(end + plan.periodDays * dayMs).toISOString();
}

interface RenewProps {
  readonly listing: OwnerListing;
  readonly code: string;
  readonly choose: (code: string) => void;
  readonly busy: boolean;
  readonly renew: () => void;
  readonly cancel: () => void;
}

/** The renewal's plan, the rule (added to the current end) and the end it will give, before confirming. */
function RenewPanel({ listing, code, choose, busy, renew, cancel }: RenewProps) {
  const { t, i18n } = useTranslation('real-estate-owner');
  const plans = useQuery(plansQuery);
  const renewPlan = plans.data?.find((p) => p.code === code);
  const language = i18n.language;
  return (
    <div className="reo-confirm">
      <fieldset>
        <legend>{t('real-estate-owner:publish.renewPlan')}</legend>
        {(plans.data ?? []).map((p) => (
          <label key={p.code} className="reo-check">
            <input type="radio" name="reo-renew-plan" checked={code === p.code} onChange={() => choose(p.code)} />
            <PlanPrice plan={p} />
          </label>
        ))}
      </fieldset>
      <p id="reo-renew-rule">{t('real-estate-owner:publish.renewRule')}</p>
      {renewPlan === undefined ? null : (
        <p>{t('real-estate-owner:publish.renewEnd', { day: shortDay(renewedEnd(listing, renewPlan), language) })}</p>
      )}
      <div className="reo-actions">
        <button
          type="button"
          className="button"
          aria-describedby="reo-renew-rule"
          disabled={busy || renewPlan === undefined}
          onClick={renew}
        >
          {t('real-estate-owner:publish.renewConfirm')}
        </button>
        <button type="button" className="button secondary" onClick={cancel}>
          {t('real-estate-owner:publish.cancel')}
        </button>
      </div>
    </div>
  );
}

export function Publication({ listing }: { listing: OwnerListing }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  const queryClient = useQueryClient();
  const plans = useQuery(plansQuery);
  const [asking, setAsking] = useState<'publish' | 'renew' | null>(null);
  const [key, setKey] = useState('');
  const [renewCode, setRenewCode] = useState(listing.planCode);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['real-estate', 'owner'] });
  const act = useMutation({
    mutationFn: async (what: 'publish' | 'renew' | 'rented' | 'sold' | 'available') => {
      if (what === 'publish') return submitListing(listing.id, key);
      if (what === 'renew') return renewListing(listing.id, renewCode, key);
      if (what === 'available') return stillAvailable(listing.id);
      return moveListing(listing.id, what);
    },
    onSuccess: async () => {
      setAsking(null);
      await refresh();
    },
  });
  const ask = (what: 'publish' | 'renew') => {
    act.reset();
    setKey(crypto.randomUUID());
    setAsking(what);
  };
  const plan = plans.data?.find((p) => p.code === listing.planCode);
  const language = i18n.language;
  const { status } = listing;
  return (
    <section className="card reo-block" aria-labelledby="reo-publication-title" data-testid="publication">
      <h2 id="reo-publication-title">{t('real-estate-owner:publish.title')}</h2>
      {listing.expiresAt !== null && (status === 'published' || status === 'expired') ? (
        <p>{t('real-estate-owner:publish.until', { day: shortDay(listing.expiresAt, language) })}</p>
      ) : null}
      {listing.moderationNote !== null && (status === 'pending_review' || status === 'suspended') ? (
        <p className="reo-warning" data-testid="moderation-note">
          {t('real-estate-owner:publish.note', { note: listing.moderationNote })}
        </p>
      ) : null}
      {status === 'pending_review' ? <p>{t('real-estate-owner:publish.reviewing')}</p> : null}
      {status === 'draft' && asking !== 'publish' ? (
        <button type="button" className="button" onClick={() => ask('publish')}>
          {t('real-estate-owner:publish.publish')}
        </button>
      ) : null}
      {asking === 'publish' && plan !== undefined ? (
        <div className="reo-confirm" role="group" aria-labelledby="reo-charge">
          <p id="reo-charge">
            {t('real-estate-owner:publish.charge', {
              credits: creditsText(plan.priceCredits, language),
              days: plan.periodDays,
            })}
          </p>
          <div className="reo-actions">
            <button type="button" className="button" disabled={act.isPending} onClick={() => act.mutate('publish')}>
              {t('real-estate-owner:publish.confirm')}
            </button>
            <button type="button" className="button secondary" onClick={() => setAsking(null)}>
              {t('real-estate-owner:publish.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {(status === 'published' || status === 'expired') && asking !== 'renew' ? (
        <button type="button" className="button secondary" onClick={() => ask('renew')}>
          {t('real-estate-owner:publish.renew')}
        </button>
      ) : null}
      {asking === 'renew' ? (
        <RenewPanel
          listing={listing}
          code={renewCode}
          choose={setRenewCode}
          busy={act.isPending}
          renew={() => act.mutate('renew')}
          cancel={() => setAsking(null)}
        />
      ) : null}
      {status === 'published' && listing.availabilityAskedAt !== null ? (
        <div className="reo-confirm">
          <p>{t('real-estate-owner:publish.asked')}</p>
          <button type="button" className="button" disabled={act.isPending} onClick={() => act.mutate('available')}>
            {t('real-estate-owner:publish.available')}
          </button>
        </div>
      ) : null}
      {status === 'published' ? (
        <button
          type="button"
          className="button secondary"
          disabled={act.isPending}
          onClick={() => act.mutate(listing.deal === 'rent' ? 'rented' : 'sold')}
        >
          {listing.deal === 'rent' ? t('real-estate-owner:publish.rented') : t('real-estate-owner:publish.sold')}
        </button>
      ) : null}
      {act.isError ? (
        <p className="error" role="alert">
          {problemText(t, act.error, language)}
        </p>
      ) : null}
    </section>
  );
}
