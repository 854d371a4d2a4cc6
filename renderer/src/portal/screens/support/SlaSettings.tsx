/** The admins' answer times per claim category (SLA hours, `/v1/admin/support/sla`): read, edited, saved at once. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { saveSla, slaQuery } from './data.js';
import { problemText } from './problem.js';
import { ticketCategories, type SlaHours } from './types.js';

export function SlaSettings() {
  const { t } = useTranslation('support');
  const sla = useQuery(slaQuery);
  return (
    <section aria-labelledby="sp-sla-title" className="card">
      <h2 id="sp-sla-title">{t('support:admin.slaTitle')}</h2>
      {sla.data === undefined ? (
        <p>{sla.isError ? problemText(t, sla.error) : t('app.loading')}</p>
      ) : (
        <SlaForm initial={sla.data.hours} />
      )}
    </section>
  );
}

function SlaForm({ initial }: { initial: SlaHours }) {
  const { t, i18n } = useTranslation('support');
  const [hours, setHours] = useState<Record<string, string>>(() =>
    Object.fromEntries(ticketCategories.map((c) => [c, String(initial[c] ?? '')])),
  );
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => saveSla(Object.fromEntries(ticketCategories.map((c) => [c, Number(hours[c])])) as SlaHours),
    onSuccess: (data) => queryClient.setQueryData(slaQuery.queryKey, data),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!save.isPending) save.mutate();
  };
  return (
    <form onSubmit={submit} className="sp-form">
      <div className="sp-sla">
        {ticketCategories.map((c) => (
          <label key={c} htmlFor={`sp-sla-${c}`}>
            {t('support:admin.slaHours', { category: t(`support:category.${c}`) })}
            <input
              id={`sp-sla-${c}`}
              type="number"
              inputMode="numeric"
              min={1}
              max={720}
              step={1}
              required
              value={hours[c]}
              onChange={(e) => setHours({ ...hours, [c]: e.target.value })}
            />
          </label>
        ))}
      </div>
      <button type="submit" className="button" disabled={save.isPending}>
        {t('support:admin.slaSave')}
      </button>
      {save.isSuccess ? <p role="status">{t('support:admin.slaSaved')}</p> : null}
      {save.isError ? (
        <p role="alert" className="error">
          {problemText(t, save.error, i18n.language)}
        </p>
      ) : null}
    </form>
  );
}
