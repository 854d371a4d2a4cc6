/**
 * Parts of a listing's form, each given the draft and the setter: the kind and deal, a rental's deposit and advance
 * in months (law 2018-575's limit said beside them), the contact phone with the position's privacy and the video
 * link, and the publication plan with its price in credits.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { plansQuery } from './data.js';
import { deals, kinds, monthsChoices, type Draft } from './draft.js';
import { PlanPrice } from './PlanPrice.js';
import { problemText } from './problem.js';

interface Part {
  readonly draft: Draft;
  readonly set: (change: Partial<Draft>) => void;
}

export function KindAndDeal({ draft, set }: Part) {
  const { t } = useTranslation('real-estate-owner');
  return (
    <fieldset>
      <legend>{t('real-estate-owner:form.what')}</legend>
      <label htmlFor="reo-kind">{t('real-estate-owner:form.kind')}</label>
      <select id="reo-kind" value={draft.kind} onChange={(e) => set({ kind: e.target.value as Draft['kind'] })}>
        {kinds.map((k) => (
          <option key={k} value={k}>
            {t(`real-estate-owner:kind.${k}`)}
          </option>
        ))}
      </select>
      <label htmlFor="reo-deal">{t('real-estate-owner:form.deal')}</label>
      <select id="reo-deal" value={draft.deal} onChange={(e) => set({ deal: e.target.value as Draft['deal'] })}>
        {deals.map((d) => (
          <option key={d} value={d}>
            {t(`real-estate-owner:deal.${d}`)}
          </option>
        ))}
      </select>
    </fieldset>
  );
}

export function RentMonths({ draft, set }: Part) {
  const { t } = useTranslation('real-estate-owner');
  if (draft.deal !== 'rent') return null;
  return (
    <>
      {(['depositMonths', 'advanceMonths'] as const).map((key) => (
        <div key={key}>
          <label htmlFor={`reo-${key}`}>{t(`real-estate-owner:form.${key}`)}</label>
          <select
            id={`reo-${key}`}
            value={draft[key]}
            aria-describedby="reo-law-hint"
            onChange={(e) => set({ [key]: Number(e.target.value) })}
          >
            {monthsChoices.map((m) => (
              <option key={m} value={m}>
                {t('real-estate-owner:form.months', { n: m })}
              </option>
            ))}
          </select>
        </div>
      ))}
      <p className="muted reo-hint" id="reo-law-hint">
        {t('real-estate-owner:form.lawHint')}
      </p>
    </>
  );
}

export function ContactAndPosition({ draft, set }: Part) {
  const { t } = useTranslation('real-estate-owner');
  return (
    <>
      <label htmlFor="reo-phone">{t('real-estate-owner:form.contactPhone')}</label>
      <input
        id="reo-phone"
        type="tel"
        required
        autoComplete="tel"
        value={draft.contactPhone}
        onChange={(e) => set({ contactPhone: e.target.value })}
      />
      <label className="reo-check">
        <input
          type="checkbox"
          checked={draft.fuzzPosition}
          aria-describedby="reo-fuzz-hint"
          onChange={(e) => set({ fuzzPosition: e.target.checked })}
        />
        {t('real-estate-owner:form.fuzz')}
      </label>
      <p className="muted reo-hint" id="reo-fuzz-hint">
        {t('real-estate-owner:form.fuzzHint')}
      </p>
      <label htmlFor="reo-video">{t('real-estate-owner:form.videoUrl')}</label>
      <input
        id="reo-video"
        type="url"
        inputMode="url"
        value={draft.videoUrl}
        onChange={(e) => set({ videoUrl: e.target.value })}
      />
    </>
  );
}

/** The plan chosen, or the first one offered while none is (`planCode` is what will be sent). */
export function PlanChoice({ planCode, set }: { planCode: string; set: Part['set'] }) {
  const { t, i18n } = useTranslation('real-estate-owner');
  const plans = useQuery(plansQuery);
  return (
    <fieldset>
      <legend>{t('real-estate-owner:form.plan')}</legend>
      {plans.data === undefined ? (
        <p>{plans.isError ? problemText(t, plans.error, i18n.language) : t('app.loading')}</p>
      ) : (
        plans.data.map((p) => (
          <label key={p.code} className="reo-check">
            <input
              type="radio"
              name="reo-plan"
              value={p.code}
              checked={planCode === p.code}
              onChange={() => set({ planCode: p.code })}
            />
            <PlanPrice plan={p} />
          </label>
        ))
      )}
    </fieldset>
  );
}
