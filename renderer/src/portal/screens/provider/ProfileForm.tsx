/**
 * A provider's profile form: who I am (name, headline, description), what I do (categories) and where (communes,
 * city, an optional position the cloud shows fuzzed to 500 m), my prices and my booking rules (buffers, notice,
 * horizon, slot step, auto-release days), and whether clients may find me. Creates the profile or saves it whole.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { categoriesQuery, saveProfile } from './data.js';
import { communeNames } from './communes.js';
import { fcfaOf } from './math.js';
import { problemText } from './problem.js';
import type { MyProfile, Position, ProfileInput } from './types.js';

/** The booking rules and the cloud's bounds for each (discovery-schemas.ts ProfileInputSchema). */
const numbers = [
  ['bufferBeforeMinutes', 0, 240],
  ['bufferAfterMinutes', 0, 240],
  ['minNoticeMinutes', 0, 20_160],
  ['horizonDays', 1, 60],
  ['slotStepMinutes', 15, 60],
  ['autoReleaseDays', 1, 14],
] as const;
/** Slots start every 15, 30 or 60 minutes: a choice, not a number to type. */
const slotSteps = ['15', '30', '60'] as const;
type NumberKey = (typeof numbers)[number][0];

interface Draft {
  displayName: string;
  headline: string;
  description: string;
  categories: string[];
  communes: string[];
  city: string;
  position: Position | null;
  priceMin: string;
  priceMax: string;
  active: boolean;
  rules: Record<NumberKey, string>;
}

const draftOf = (p: MyProfile | null): Draft => ({
  displayName: p?.displayName ?? '',
  headline: p?.headline ?? '',
  description: p?.description ?? '',
  categories: [...(p?.categories ?? [])],
  communes: [...(p?.communes ?? [])],
  city: p?.city ?? 'Abidjan',
  position: p?.position ?? null,
  priceMin: p?.priceMinXof == null ? '' : String(p.priceMinXof),
  priceMax: p?.priceMaxXof == null ? '' : String(p.priceMaxXof),
  active: p?.active ?? true,
  rules: {
    bufferBeforeMinutes: String(p?.bufferBeforeMinutes ?? 0),
    bufferAfterMinutes: String(p?.bufferAfterMinutes ?? 0),
    minNoticeMinutes: String(p?.minNoticeMinutes ?? 120),
    horizonDays: String(p?.horizonDays ?? 60),
    slotStepMinutes: String(p?.slotStepMinutes ?? 30),
    autoReleaseDays: String(p?.autoReleaseDays ?? 3),
  },
});

const toggled = (list: readonly string[], value: string, on: boolean): string[] =>
  on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);

function inputOf(d: Draft, timeZone: string): ProfileInput {
  const price = (text: string): number | null => (text.trim() === '' ? null : fcfaOf(text));
  return {
    displayName: d.displayName.trim(),
    headline: d.headline.trim(),
    description: d.description.trim(),
    categories: d.categories,
    communes: d.communes,
    city: d.city.trim(),
    ...(d.position === null ? {} : { position: d.position }),
    priceMinXof: price(d.priceMin),
    priceMaxXof: price(d.priceMax),
    timeZone,
    active: d.active,
    bufferBeforeMinutes: Number(d.rules.bufferBeforeMinutes),
    bufferAfterMinutes: Number(d.rules.bufferAfterMinutes),
    minNoticeMinutes: Number(d.rules.minNoticeMinutes),
    horizonDays: Number(d.rules.horizonDays),
    slotStepMinutes: d.rules.slotStepMinutes === '15' ? 15 : d.rules.slotStepMinutes === '60' ? 60 : 30,
    autoReleaseDays: Number(d.rules.autoReleaseDays),
  };
}

function CheckList(props: {
  legend: string;
  options: readonly { value: string; label: string }[];
  chosen: readonly string[];
  onChange: (list: string[]) => void;
}) {
  return (
    <fieldset className="choices provider-checks">
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o.value} className="choice">
          <input
            type="checkbox"
            checked={props.chosen.includes(o.value)}
            onChange={(e) => props.onChange(toggled(props.chosen, o.value, e.target.checked))}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

function RuleFields({ rules, onChange }: { rules: Draft['rules']; onChange: (rules: Draft['rules']) => void }) {
  const { t } = useTranslation('provider');
  return (
    <div className="provider-rules">
      {numbers.map(([key, min, max]) => (
        <div key={key}>
          <label htmlFor={`provider-${key}`}>{t(`provider:profile.${key}`)}</label>
          {key === 'slotStepMinutes' ? (
            <select
              id={`provider-${key}`}
              value={rules[key]}
              onChange={(e) => onChange({ ...rules, [key]: e.target.value })}
            >
              {slotSteps.map((step) => (
                <option key={step} value={step}>
                  {step}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={`provider-${key}`}
              type="number"
              inputMode="numeric"
              required
              min={min}
              max={max}
              value={rules[key]}
              onChange={(e) => onChange({ ...rules, [key]: e.target.value })}
            />
          )}
        </div>
      ))}
    </div>
  );
}

/** An optional position from the phone (the cloud stores it and shows others a point moved up to 500 m). */
function PositionField({ position, onChange }: { position: Position | null; onChange: (p: Position | null) => void }) {
  const { t } = useTranslation('provider');
  const [locating, setLocating] = useState<'idle' | 'busy' | 'refused'>('idle');
  function locate(): void {
    if (!('geolocation' in navigator)) return setLocating('refused');
    setLocating('busy');
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating('idle');
        onChange({ latE6: Math.round(p.coords.latitude * 1e6), lngE6: Math.round(p.coords.longitude * 1e6) });
      },
      () => setLocating('refused'),
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 },
    );
  }
  return (
    <div className="provider-position">
      <p className="muted">
        {position === null ? t('provider:profile.noPosition') : t('provider:profile.hasPosition')}
      </p>
      <button type="button" className="button secondary" onClick={locate} disabled={locating === 'busy'}>
        {t('provider:profile.locate')}
      </button>
      {position === null ? null : (
        <button type="button" className="button secondary" onClick={() => onChange(null)}>
          {t('provider:profile.forgetPosition')}
        </button>
      )}
      {locating === 'refused' ? <p role="alert">{t('provider:profile.locateRefused')}</p> : null}
    </div>
  );
}

/**
 * `savedBefore`: the form opens saying it was saved. A first save turns "no profile" into a profile, and the screen
 * then shows a new form in the profile's layout: the screen keeps the fact (`onSaved`) and passes it on.
 */
export function ProfileForm({
  profile,
  savedBefore = false,
  onSaved,
}: {
  profile: MyProfile | null;
  savedBefore?: boolean;
  onSaved?: () => void;
}) {
  const { t, i18n } = useTranslation('provider');
  const queryClient = useQueryClient();
  const categories = useQuery(categoriesQuery);
  const [draft, setDraft] = useState<Draft>(() => draftOf(profile));
  const [saved, setSaved] = useState(savedBefore);
  const set = (change: Partial<Draft>): void => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...change }));
  };
  const save = useMutation({
    mutationFn: () => saveProfile(inputOf(draft, profile?.timeZone ?? 'Africa/Abidjan')),
    onSuccess: async () => {
      setSaved(true);
      onSaved?.();
      await queryClient.invalidateQueries({ queryKey: ['provider', 'profile'] });
    },
  });
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  }
  const text = (key: 'displayName' | 'headline' | 'city', max: number) => (
    <>
      <label htmlFor={`provider-${key}`}>{t(`provider:profile.${key}`)}</label>
      <input
        id={`provider-${key}`}
        required={key !== 'headline'}
        maxLength={max}
        value={draft[key]}
        onChange={(e) => set({ [key]: e.target.value })}
      />
    </>
  );
  const language = i18n.language;
  return (
    <form className="form provider-form" onSubmit={submit} data-testid="provider-profile-form">
      {text('displayName', 120)}
      {text('headline', 160)}
      <label htmlFor="provider-description">{t('provider:profile.description')}</label>
      <textarea
        id="provider-description"
        rows={4}
        maxLength={4000}
        value={draft.description}
        onChange={(e) => set({ description: e.target.value })}
      />
      <CheckList
        legend={t('provider:profile.categories')}
        options={(categories.data ?? []).map((c) => ({
          value: c.code,
          label: language === 'en' ? c.labelEn : c.labelFr,
        }))}
        chosen={draft.categories}
        onChange={(list) => set({ categories: list })}
      />
      {categories.isError ? <p className="error">{t('provider:profile.categoriesError')}</p> : null}
      <CheckList
        legend={t('provider:profile.communes')}
        options={communeNames.map((name) => ({ value: name, label: name }))}
        chosen={draft.communes}
        onChange={(list) => set({ communes: list })}
      />
      {text('city', 80)}
      <PositionField position={draft.position} onChange={(position) => set({ position })} />
      <div className="provider-pair">
        {(['priceMin', 'priceMax'] as const).map((key) => (
          <div key={key}>
            <label htmlFor={`provider-${key}`}>{t(`provider:profile.${key}`)}</label>
            <input
              id={`provider-${key}`}
              inputMode="numeric"
              autoComplete="off"
              value={draft[key]}
              onChange={(e) => set({ [key]: e.target.value })}
            />
          </div>
        ))}
      </div>
      <RuleFields rules={draft.rules} onChange={(rules) => set({ rules })} />
      <label className="choice">
        <input type="checkbox" checked={draft.active} onChange={(e) => set({ active: e.target.checked })} />
        {t('provider:profile.active')}
      </label>
      {save.isError ? (
        <p className="error" role="alert">
          {problemText(t, save.error, language)}
        </p>
      ) : null}
      {saved ? <p role="status">{t('provider:profile.saved')}</p> : null}
      <button type="submit" className="button" disabled={save.isPending} aria-busy={save.isPending}>
        {profile === null ? t('provider:profile.create') : t('provider:profile.save')}
      </button>
    </form>
  );
}
