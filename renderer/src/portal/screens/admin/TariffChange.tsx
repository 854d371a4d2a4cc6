/**
 * Changing one tariff: the proposed lowest and highest price, a simulation first (what N typical operations cost
 * before and after), then applying it from now on (the cloud keeps the history and audits the change).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCredits } from '../../../common/format.js';
import { setTariff, type Tariff } from './data.js';
import { adminErrorText } from './errors.js';
import { simulateTariff, type TariffSimulation } from './simulate.js';

const wholeNumber = (text: string, max: number): number | null => {
  const n = Number(text.replace(/\s/g, ''));
  return Number.isInteger(n) && n >= 1 && n <= max ? n : null;
};

function SimulationTable({ simulation }: { simulation: TariffSimulation }) {
  const { t, i18n } = useTranslation('admin');
  const credits = (n: number) => formatCredits(n * 100, i18n.language);
  const range = (r: { minCredits: number; maxCredits: number }) =>
    r.minCredits === r.maxCredits ? credits(r.minCredits) : `${credits(r.minCredits)} – ${credits(r.maxCredits)}`;
  const signed = (n: number) => (n > 0 ? `+${credits(n)}` : credits(n));
  return (
    <table className="admin-table" data-testid="tariff-simulation">
      <caption>{t('admin:tariffs.simulationCaption', { count: simulation.count })}</caption>
      <tbody>
        <tr>
          <th scope="row">{t('admin:tariffs.before')}</th>
          <td>{range(simulation.before)}</td>
        </tr>
        <tr>
          <th scope="row">{t('admin:tariffs.after')}</th>
          <td>{range(simulation.after)}</td>
        </tr>
        <tr>
          <th scope="row">{t('admin:tariffs.change')}</th>
          <td>
            {signed(simulation.change.minCredits)} / {signed(simulation.change.maxCredits)}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

export function TariffChange({ tariff }: { tariff: Tariff }) {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [minText, setMinText] = useState(String(tariff.minCredits));
  const [maxText, setMaxText] = useState(String(tariff.maxCredits));
  const [countText, setCountText] = useState('100');
  const [problem, setProblem] = useState<string | null>(null);
  const [simulation, setSimulation] = useState<TariffSimulation | null>(null);
  const apply = useMutation({
    mutationFn: (range: { minCredits: number; maxCredits: number }) =>
      setTariff({ ...tariff, ...range }, new Date().toISOString()),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['admin', 'tariffs'] }),
    onError: (error) => setProblem(adminErrorText(t, error)),
  });

  const proposed = () => {
    const minCredits = wholeNumber(minText, 100_000);
    const maxCredits = wholeNumber(maxText, 100_000);
    return minCredits === null || maxCredits === null || maxCredits < minCredits ? null : { minCredits, maxCredits };
  };

  function simulate(event: FormEvent): void {
    event.preventDefault();
    const range = proposed();
    const count = wholeNumber(countText, 1_000_000);
    if (range === null || count === null) {
      setProblem(t('admin:tariffs.invalid'));
      setSimulation(null);
      return;
    }
    setProblem(null);
    setSimulation(simulateTariff(tariff, range, count));
  }

  if (apply.data !== undefined)
    return (
      <p className="admin-done" role="status" data-testid="tariff-applied">
        {t('admin:tariffs.applied', { code: tariff.code })}
      </p>
    );
  return (
    <form className="form" onSubmit={simulate} noValidate aria-labelledby={`tariff-${tariff.code}`}>
      <div className="admin-fields">
        <div className="form">
          <label htmlFor={`min-${tariff.code}`}>{t('admin:tariffs.min')}</label>
          <input
            id={`min-${tariff.code}`}
            inputMode="numeric"
            value={minText}
            onChange={(e) => setMinText(e.target.value)}
          />
        </div>
        <div className="form">
          <label htmlFor={`max-${tariff.code}`}>{t('admin:tariffs.max')}</label>
          <input
            id={`max-${tariff.code}`}
            inputMode="numeric"
            value={maxText}
            onChange={(e) => setMaxText(e.target.value)}
          />
        </div>
        <div className="form">
          <label htmlFor={`count-${tariff.code}`}>{t('admin:tariffs.count')}</label>
          <input
            id={`count-${tariff.code}`}
            inputMode="numeric"
            value={countText}
            onChange={(e) => setCountText(e.target.value)}
          />
        </div>
      </div>
      {problem !== null && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="button secondary">
        {t('admin:tariffs.simulate')}
      </button>
      {simulation !== null && (
        <>
          <SimulationTable simulation={simulation} />
          <p className="admin-warning">{t('admin:tariffs.applyWarning')}</p>
          <button
            type="button"
            className="button"
            disabled={apply.isPending}
            onClick={() => {
              const range = proposed();
              if (range !== null) apply.mutate(range);
            }}
          >
            {t('admin:tariffs.apply')}
          </button>
        </>
      )}
    </form>
  );
}
