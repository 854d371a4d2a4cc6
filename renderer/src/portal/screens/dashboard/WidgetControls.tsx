/**
 * A widget's customising buttons: up, down, small/large, remove. Each button's name says which widget it acts on
 * (a screen reader lists them out of context) and each change is announced by the dashboard's status line.
 */
import { useTranslation } from 'react-i18next';
import type { LayoutItem } from './data.js';

export function WidgetControls(props: {
  readonly items: readonly LayoutItem[];
  readonly index: number;
  readonly busy: boolean;
  readonly onChange: (next: LayoutItem[], message: string, focusId: string | null) => void;
}) {
  const { t } = useTranslation('dashboard');
  const { items, index, busy, onChange } = props;
  const item = items[index];
  if (item === undefined) return null;
  const name = t(`dashboard:widgets.${item.widget}`);
  const moved = (to: number): LayoutItem[] => {
    const next = [...items];
    next.splice(index, 1);
    next.splice(to, 0, item);
    return next;
  };
  const larger = item.size === 'small';
  return (
    <div className="widget-controls" role="group" aria-label={t('dashboard:edit.controls', { name })}>
      <button
        type="button"
        id={`move-up-${item.widget}`}
        className="button secondary"
        disabled={busy || index === 0}
        aria-label={t('dashboard:edit.upLabel', { name })}
        onClick={() =>
          onChange(moved(index - 1), t('dashboard:edit.movedTo', { name, position: index }), `move-up-${item.widget}`)
        }
      >
        {t('dashboard:edit.up')}
      </button>
      <button
        type="button"
        id={`move-down-${item.widget}`}
        className="button secondary"
        disabled={busy || index === items.length - 1}
        aria-label={t('dashboard:edit.downLabel', { name })}
        onClick={() =>
          onChange(
            moved(index + 1),
            t('dashboard:edit.movedTo', { name, position: index + 2 }),
            `move-down-${item.widget}`,
          )
        }
      >
        {t('dashboard:edit.down')}
      </button>
      <button
        type="button"
        id={`resize-${item.widget}`}
        className="button secondary"
        disabled={busy}
        aria-label={t(larger ? 'dashboard:edit.largeLabel' : 'dashboard:edit.smallLabel', { name })}
        onClick={() =>
          onChange(
            items.map((w, i) => (i === index ? { ...w, size: larger ? 'large' : 'small' } : w)),
            t(larger ? 'dashboard:edit.madeLarge' : 'dashboard:edit.madeSmall', { name }),
            `resize-${item.widget}`,
          )
        }
      >
        {t(larger ? 'dashboard:edit.large' : 'dashboard:edit.small')}
      </button>
      <button
        type="button"
        className="button secondary"
        disabled={busy}
        aria-label={t('dashboard:edit.removeLabel', { name })}
        onClick={() =>
          onChange(
            items.filter((_, i) => i !== index),
            t('dashboard:edit.removed', { name }),
            'dashboard-customise',
          )
        }
      >
        {t('dashboard:edit.remove')}
      </button>
    </div>
  );
}
