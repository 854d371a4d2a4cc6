/** What a month would have paid at a proposed rate (the cloud replays the month's lines; nothing is written). */
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCredits } from '../../../common/format.js';
import { simulationQuery } from './data.js';

export function RateSimulation({ period }: { readonly period: string }) {
  const { t, i18n } = useTranslation('business');
  const [draft, setDraft] = useState('');
  const [rateBp, setRateBp] = useState<number | null>(null);
  const simulation = useQuery({ ...simulationQuery(period, rateBp ?? 0), enabled: rateBp !== null });
  const language = i18n.language;
  const credits = (centi: number) => t('business:credits', { amount: formatCredits(centi, language) });
  const percent = Number(draft.replace(',', '.'));
  const valid = draft.trim() !== '' && Number.isFinite(percent) && percent >= 0 && percent <= 50;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) setRateBp(Math.round(percent * 100));
  };
  const r = simulation.data;
  return (
    <section aria-labelledby="simulation-title" className="card">
      <h2 id="simulation-title">{t('business:simulation.title')}</h2>
      <form className="form" onSubmit={submit}>
        <label htmlFor="proposed-rate">{t('business:simulation.rate')}</label>
        <input
          id="proposed-rate"
          inputMode="decimal"
          value={draft}
          maxLength={5}
          aria-describedby="rate-hint"
          onChange={(e) => setDraft(e.target.value)}
        />
        <p id="rate-hint" className="muted small">
          {t('business:simulation.hint')}
        </p>
        <button type="submit" className="button" disabled={!valid}>
          {t('business:simulation.run')}
        </button>
      </form>
      {r === undefined ? (
        simulation.isError ? (
          <p role="alert" className="error">
            {t('business:simulation.error')}
          </p>
        ) : null
      ) : (
        <p aria-live="polite" data-testid="simulation-result">
          {t('business:simulation.result', {
            rate: (r.proposedRateBp / 100).toLocaleString(language),
            simulated: credits(r.simulatedCentiCredits),
            actual: credits(r.actualCentiCredits),
          })}
        </p>
      )}
    </section>
  );
}
