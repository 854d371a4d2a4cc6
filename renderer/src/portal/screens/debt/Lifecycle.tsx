/**
 * Where the file stands beyond its balance: my promises (pending, kept, broken), an active payment plan's instalments
 * with what each has covered, my disputes and the creditor's answer, and the formal notice letters if any.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatFcfa } from '../../../common/format.js';
import { LetterLink } from './LetterLink.js';
import { Refusal } from './Refusal.js';
import { lifecycleQuery } from './data.js';
import { formatDay } from './format.js';

export function Lifecycle({ fileId }: { fileId: string }) {
  const { t, i18n } = useTranslation('debt');
  const money = (amount: number): string => formatFcfa(amount, i18n.language);
  const lifecycle = useQuery(lifecycleQuery(fileId));
  const data = lifecycle.data;
  if (data === undefined) return lifecycle.isError ? <Refusal error={lifecycle.error} /> : null;
  const promises = data.promises.filter((p) => p.status !== 'cancelled');
  const plans = data.plans.filter((p) => p.status !== 'cancelled');
  const letters = data.tasks.filter((task) => task.kind === 'letter' && task.status !== 'cancelled');
  if (promises.length + plans.length + data.disputes.length + letters.length === 0) return null;
  return (
    <section aria-labelledby="debt-lifecycle-title">
      <h2 id="debt-lifecycle-title">{t('debt:lifecycle.title')}</h2>
      <ul className="debt-list">
        {promises.map((p) => (
          <li key={p.id} className="card" data-testid="debt-promise">
            {t('debt:lifecycle.promise', { amount: money(p.amountXof), day: formatDay(p.promisedOn, i18n.language) })}{' '}
            <span className={`debt-status debt-promise-${p.status}`}>{t(`debt:promiseStatus.${p.status}`)}</span>
          </li>
        ))}
        {plans.map((plan) => (
          <li key={plan.id} className="card" data-testid="debt-plan">
            <p className="debt-line">
              {t('debt:lifecycle.plan')}{' '}
              <span className="debt-status">{t(`debt:planStatus.${plan.status}`, { defaultValue: plan.status })}</span>
            </p>
            <ol className="debt-instalments">
              {plan.instalments.map((i) => (
                <li key={i.seq}>
                  {t('debt:lifecycle.instalment', {
                    day: formatDay(i.dueOn, i18n.language),
                    amount: money(i.amountXof),
                    covered: money(i.coveredXof),
                  })}
                </li>
              ))}
            </ol>
            <p className="muted">{t('debt:lifecycle.grace', { days: plan.graceDays })}</p>
          </li>
        ))}
        {data.disputes.map((d) => (
          <li key={d.id} className="card" data-testid="debt-dispute">
            <p className="debt-line">
              {t('debt:lifecycle.dispute', { reason: d.reason })}{' '}
              <span className="debt-status">{t(`debt:disputeStatus.${d.status}`, { defaultValue: d.status })}</span>
            </p>
            {d.resolution === null || d.resolution === '' ? null : (
              <p className="muted">{t('debt:lifecycle.resolution', { text: d.resolution })}</p>
            )}
          </li>
        ))}
        {letters.map((task) => (
          <li key={task.id} className="card">
            <LetterLink fileId={fileId} task={task} />
          </li>
        ))}
      </ul>
    </section>
  );
}
