/**
 * The professional dashboard (lazy route /dashboard): my profile's widgets in my order and sizes, and a "customise"
 * mode where each widget can be moved up or down, made small or large, removed, and the others added, with
 * buttons a keyboard and a screen reader use (each change announced). Every change is saved to the cloud at once
 * with the layout's version: the same arrangement on every device, and a device that missed another's change is
 * told to reload instead of overwriting it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { dashboardQuery, layoutQuery, saveLayout, type LayoutItem } from './data.js';
import { WidgetBody } from './Widget.js';
import { WidgetControls } from './WidgetControls.js';
import '../../styles/dashboard.css';

export function Dashboard() {
  const { t } = useTranslation('dashboard');
  const queryClient = useQueryClient();
  const figures = useQuery(dashboardQuery);
  const layout = useQuery(layoutQuery);
  const [editing, setEditing] = useState(false);
  const [said, setSaid] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // The control to give focus back to once the list is redrawn (a moved widget's DOM node loses focus).
  const focusNext = useRef<string | null>(null);
  const save = useMutation({
    mutationFn: (next: LayoutItem[]) => saveLayout(next, layout.data?.version ?? 0),
    onSuccess: (saved) => {
      queryClient.setQueryData(layoutQuery.queryKey, saved);
      setProblem(null);
    },
    onError: (error) => {
      focusNext.current = null;
      setSaid('');
      setProblem(
        error instanceof ApiError && error.code === 'CONFLICT'
          ? t('dashboard:edit.conflict')
          : t('dashboard:edit.failed'),
      );
      void queryClient.invalidateQueries({ queryKey: layoutQuery.queryKey });
    },
  });

  useEffect(() => {
    if (focusNext.current === null) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  }, [layout.data]);

  const refused = [figures.error, layout.error].find((e) => e instanceof ApiError && e.status === 403);
  if (refused !== undefined)
    return (
      <section aria-labelledby="dashboard-title" className="screen">
        <h1 id="dashboard-title">{t('dashboard:title')}</h1>
        <p className="card" role="alert">
          {t('dashboard:refused')}
        </p>
      </section>
    );
  const items = layout.data?.widgets ?? [];
  const available = layout.data?.available ?? [];
  const missing = available.filter((w) => !items.some((i) => i.widget === w));

  function change(next: LayoutItem[], message: string, focusId: string | null): void {
    if (save.isPending) return;
    focusNext.current = focusId;
    setSaid(message);
    save.mutate(next);
  }

  return (
    <section aria-labelledby="dashboard-title" className="screen dashboard">
      <div className="dashboard-head">
        <h1 id="dashboard-title">{t('dashboard:title')}</h1>
        <button
          type="button"
          className="button secondary"
          aria-pressed={editing}
          onClick={() => setEditing(!editing)}
          id="dashboard-customise"
          data-testid="dashboard-customise"
        >
          {editing ? t('dashboard:edit.done') : t('dashboard:edit.start')}
        </button>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {save.isSuccess || save.isPending ? said : ''}
      </p>
      {problem !== null && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {(figures.isPending || layout.isPending) && <p className="muted">{t('app.loading')}</p>}
      {figures.isError && !layout.isPending && (
        <p className="error" role="alert">
          {t('dashboard:failed')}
        </p>
      )}
      <ol className="widgets" aria-label={t('dashboard:widgetsLabel')}>
        {items.map((item, index) => (
          <li key={item.widget} className={`widget card ${item.size}`} data-testid={`widget-${item.widget}`}>
            <h2 id={`widget-${item.widget}-title`}>{t(`dashboard:widgets.${item.widget}`)}</h2>
            <WidgetBody figures={figures.data?.widgets.find((w) => w.widget === item.widget)} />
            {editing && <WidgetControls items={items} index={index} busy={save.isPending} onChange={change} />}
          </li>
        ))}
      </ol>
      {editing && missing.length > 0 && (
        <section className="card" aria-labelledby="dashboard-add">
          <h2 id="dashboard-add">{t('dashboard:edit.addTitle')}</h2>
          <ul className="add-list">
            {missing.map((widget) => (
              <li key={widget}>
                <button
                  type="button"
                  className="button secondary"
                  disabled={save.isPending}
                  onClick={() =>
                    change(
                      [...items, { widget, size: 'small' }],
                      t('dashboard:edit.added', { name: t(`dashboard:widgets.${widget}`) }),
                      `move-up-${widget}`,
                    )
                  }
                >
                  {t('dashboard:edit.add', { name: t(`dashboard:widgets.${widget}`) })}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
