/**
 * The admins' retention periods (`/v1/admin/privacy/retention`): every number the cloud answers is shown and edited
 * (known ones with their words, others by their name), saved together. The daily job applies them.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { retentionQuery, saveRetention } from './data.js';
import { problemText } from './problem.js';
import type { Retention } from './types.js';

export function RetentionSettings() {
  const { t } = useTranslation('privacy');
  const retention = useQuery(retentionQuery);
  return (
    <section aria-labelledby="pv-retention-title" className="card">
      <h2 id="pv-retention-title">{t('privacy:retention.title')}</h2>
      {retention.data === undefined ? (
        <p>{retention.isError ? problemText(t, retention.error) : t('app.loading')}</p>
      ) : (
        <RetentionForm initial={retention.data} />
      )}
    </section>
  );
}

function RetentionForm({ initial }: { initial: Retention }) {
  const { t, i18n } = useTranslation('privacy');
  const keys = Object.keys(initial).filter((k) => typeof initial[k] === 'number');
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(keys.map((k) => [k, String(initial[k])])),
  );
  const queryClient = useQueryClient();
  const save = useMutation({
    // Only the periods go back (the answer's `updatedAt` is the cloud's, not a setting).
    mutationFn: () =>
      saveRetention({
        kycYears: Number(values['kycYears']),
        notificationContentDays: Number(values['notificationContentDays']),
      }),
    onSuccess: (data) => queryClient.setQueryData(retentionQuery.queryKey, data),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!save.isPending) save.mutate();
  };
  return (
    <form onSubmit={submit} className="sp-form">
      <div className="sp-sla">
        {keys.map((k) => (
          <label key={k} htmlFor={`pv-ret-${k}`}>
            {t(`privacy:retention.fields.${k}`, { defaultValue: k })}
            <input
              id={`pv-ret-${k}`}
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              required
              value={values[k]}
              onChange={(e) => setValues({ ...values, [k]: e.target.value })}
            />
          </label>
        ))}
      </div>
      <button type="submit" className="button" disabled={save.isPending}>
        {t('privacy:retention.save')}
      </button>
      {save.isSuccess ? <p role="status">{t('privacy:retention.saved')}</p> : null}
      {save.isError ? (
        <p role="alert" className="error">
          {problemText(t, save.error, i18n.language)}
        </p>
      ) : null}
    </form>
  );
}
