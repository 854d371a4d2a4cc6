/**
 * A payment plan's instalments (day and amount each), added and removed freely, with their sum against what is left
 * on the file shown as it is typed: the plan can be sent only when they add up to the balance exactly.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { ActionForm } from './ActionForm.js';
import { createPlan } from './data.js';
import { readXof } from './when.js';

interface Row {
  id: number;
  dueOn: string;
  amount: string;
}

export function PlanEditor({ fileId, leftXof }: { fileId: string; leftXof: number }) {
  const { t, i18n } = useTranslation('debt-creditor');
  const [rows, setRows] = useState<Row[]>([{ id: 1, dueOn: '', amount: '' }]);
  const amounts = rows.map((r) => readXof(r.amount));
  const sum = amounts.reduce<number>((s, a) => s + (a ?? 0), 0);
  const complete = rows.every((r, i) => /^\d{4}-\d{2}-\d{2}$/.test(r.dueOn) && (amounts[i] ?? 0) > 0);
  const gap = leftXof - sum;
  const edit = (id: number, change: Partial<Row>) =>
    setRows((all) => all.map((r) => (r.id === id ? { ...r, ...change } : r)));
  return (
    <ActionForm
      id="plan"
      title={t('debt-creditor:plan.title')}
      submit={t('debt-creditor:plan.submit')}
      ready={complete && gap === 0}
      run={() =>
        createPlan(
          fileId,
          rows.map((r) => ({ dueOn: r.dueOn, amountXof: readXof(r.amount) ?? 0 })),
        )
      }
    >
      <ol className="dc-instalments">
        {rows.map((r, i) => (
          <li key={r.id}>
            <label htmlFor={`dc-plan-day-${r.id}`}>{t('debt-creditor:plan.day', { n: i + 1 })}</label>
            <input
              id={`dc-plan-day-${r.id}`}
              type="date"
              value={r.dueOn}
              onChange={(e) => edit(r.id, { dueOn: e.target.value })}
            />
            <label htmlFor={`dc-plan-amount-${r.id}`}>{t('debt-creditor:plan.amount', { n: i + 1 })}</label>
            <input
              id={`dc-plan-amount-${r.id}`}
              inputMode="numeric"
              value={r.amount}
              onChange={(e) => edit(r.id, { amount: e.target.value })}
            />
            {rows.length > 1 ? (
              <button
                type="button"
                className="button dc-secondary"
                onClick={() => setRows((all) => all.filter((x) => x.id !== r.id))}
              >
                {t('debt-creditor:plan.remove', { n: i + 1 })}
              </button>
            ) : null}
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="button dc-secondary"
        disabled={rows.length >= 24}
        onClick={() => setRows((all) => [...all, { id: Math.max(...all.map((r) => r.id)) + 1, dueOn: '', amount: '' }])}
      >
        {t('debt-creditor:plan.add')}
      </button>
      <p role="status" className={gap === 0 ? 'dc-done' : 'dc-warning'} data-testid="plan-sum">
        {t('debt-creditor:plan.sum', { sum: formatFcfa(sum, i18n.language), left: formatFcfa(leftXof, i18n.language) })}{' '}
        {gap === 0
          ? t('debt-creditor:plan.balanced')
          : gap > 0
            ? t('debt-creditor:plan.missing', { amount: formatFcfa(gap, i18n.language) })
            : t('debt-creditor:plan.over', { amount: formatFcfa(-gap, i18n.language) })}
      </p>
    </ActionForm>
  );
}
