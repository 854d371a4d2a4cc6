/**
 * Changing the default sales-rep commission rates: the proposed percentages, a simulation first (past consumption
 * over the last days replayed under them, nothing written), then applying them from now on (step-up, audited, kept in
 * the history).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCredits } from '../../../common/format.js';
import { ActionError } from './ActionError.js';
import { setSalesRates, simulateSalesRates, type ProposedSalesRates, type SalesCommissionRate } from './ops-data.js';

/** "2,5" or "2.5" percent as basis points (0 to 10,000), or null. */
const basisPoints = (text: string): number | null => {
  const n = Number(text.replace(',', '.').trim());
  const bp = Math.round(n * 100);
  return text.trim() !== '' && Number.isFinite(n) && Math.abs(n * 100 - bp) < 1e-6 && bp >= 0 && bp <= 10_000
    ? bp
    : null;
};
const percentText = (bp: number): string => String(bp / 100);

export function RatesChange({ current }: { current: SalesCommissionRate | undefined }) {
  const { t, i18n } = useTranslation('admin');
  const queryClient = useQueryClient();
  const [junior, setJunior] = useState(percentText(current?.juniorBp ?? 0));
  const [senior, setSenior] = useState(percentText(current?.seniorBp ?? 0));
  const [lead, setLead] = useState(percentText(current?.teamLeadBp ?? 0));
  const [days, setDays] = useState('30');
  const [problem, setProblem] = useState(false);
  const [proposed, setProposed] = useState<ProposedSalesRates | null>(null);
  const simulate = useMutation({
    mutationFn: ({ rates, over }: { rates: ProposedSalesRates; over: number }) => simulateSalesRates(rates, over),
  });
  const apply = useMutation({
    mutationFn: setSalesRates,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['admin', 'rates'] }),
  });

  function submit(event: FormEvent): void {
    event.preventDefault();
    const rates = { juniorBp: basisPoints(junior), seniorBp: basisPoints(senior), teamLeadBp: basisPoints(lead) };
    const over = Number(days);
    if (rates.juniorBp === null || rates.seniorBp === null || rates.teamLeadBp === null) return setProblem(true);
    if (!Number.isInteger(over) || over < 1 || over > 366) return setProblem(true);
    setProblem(false);
    const picked = { juniorBp: rates.juniorBp, seniorBp: rates.seniorBp, teamLeadBp: rates.teamLeadBp };
    setProposed(picked);
    simulate.mutate({ rates: picked, over });
  }

  if (apply.data !== undefined)
    return (
      <p className="admin-done" role="status" data-testid="rates-applied">
        {t('admin:rates.applied')}
      </p>
    );
  const fields: [string, string, (v: string) => void, string][] = [
    ['rate-junior', junior, setJunior, t('admin:rates.junior')],
    ['rate-senior', senior, setSenior, t('admin:rates.senior')],
    ['rate-lead', lead, setLead, t('admin:rates.lead')],
    ['rate-days', days, setDays, t('admin:rates.days')],
  ];
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="rates-change-title">
      <h3 id="rates-change-title">{t('admin:rates.change')}</h3>
      <div className="admin-fields">
        {fields.map(([id, value, set, label]) => (
          <div className="form" key={id}>
            <label htmlFor={id}>{label}</label>
            <input id={id} inputMode="decimal" value={value} onChange={(e) => set(e.target.value)} />
          </div>
        ))}
      </div>
      {problem && (
        <p className="error" role="alert">
          {t('admin:rates.invalid')}
        </p>
      )}
      <button type="submit" className="button secondary" disabled={simulate.isPending}>
        {t('admin:rates.simulate')}
      </button>
      {simulate.isError && <ActionError error={simulate.error} />}
      {simulate.data !== undefined && proposed !== null && (
        <>
          <p role="status" data-testid="rates-simulation">
            {t('admin:rates.simulation', {
              count: simulate.data.consumptions,
              actual: formatCredits(simulate.data.actualCentiCredits, i18n.language),
              simulated: formatCredits(simulate.data.simulatedCentiCredits, i18n.language),
            })}
          </p>
          <p className="admin-warning">{t('admin:rates.applyWarning')}</p>
          {apply.isError && <ActionError error={apply.error} />}
          <button type="button" className="button" disabled={apply.isPending} onClick={() => apply.mutate(proposed)}>
            {t('admin:rates.apply')}
          </button>
        </>
      )}
    </form>
  );
}
