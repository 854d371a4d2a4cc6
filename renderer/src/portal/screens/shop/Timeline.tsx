/**
 * An order's timeline: placed, confirmed, shipped or ready, delivered (or cancelled), each with its time once it
 * happened, "to come" while it may still happen; a step the order went past without is left out.
 */
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../common/format.js';
import { timelineSteps } from './shop-data.js';

interface Props {
  readonly status: string;
  readonly history: readonly { status: string; at: string }[];
  readonly tracking: string | null;
}

export function Timeline({ status, history, tracking }: Props) {
  const { t, i18n } = useTranslation('shop');
  const language = i18n.language;
  const at = new Map(history.map((h) => [h.status, h.at]));
  const reached = timelineSteps.indexOf(status as (typeof timelineSteps)[number]);
  const steps =
    status === 'cancelled'
      ? [...timelineSteps.filter((s) => at.has(s)), 'cancelled']
      : timelineSteps.filter((s, i) => at.has(s) || i > reached);
  return (
    <section aria-labelledby="timeline-title" className="card">
      <h2 id="timeline-title">{t('shop:order.timeline')}</h2>
      <ol className="timeline" data-testid="timeline">
        {steps.map((step) => {
          const when = at.get(step);
          return (
            <li key={step} className={when === undefined ? 'step-todo' : 'step-done'}>
              <span className="step-name">{t(`shop:timeline.${step}`)}</span>
              {when === undefined ? (
                <span className="muted">{t('shop:order.notYet')}</span>
              ) : (
                <time dateTime={when}>{formatDateTime(when, language)}</time>
              )}
            </li>
          );
        })}
      </ol>
      {tracking === null ? null : <p>{t('shop:order.tracking', { tracking })}</p>}
    </section>
  );
}
