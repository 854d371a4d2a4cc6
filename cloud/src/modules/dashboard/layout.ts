/**
 * Each user's dashboard layout, stored once for all their devices. A save names the version it was based on;
 * if another device saved since, the save is refused (CONFLICT) and the device reloads, so neither overwrites
 * the other unseen. Version 0 is "never saved" (the profile's default layout).
 */
import { AppError } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { defaultLayout, layoutProblem, type DashboardKind, type LayoutItem } from './widgets.js';

export interface Layout {
  readonly widgets: LayoutItem[];
  readonly version: number;
}

export async function readLayout(db: Database, accountId: string, kind: DashboardKind): Promise<Layout> {
  const { rows } = await db.pool.query<{ widgets: LayoutItem[]; version: number }>(
    'SELECT widgets, version FROM dashboard_layouts WHERE account_id = $1',
    [accountId],
  );
  const row = rows[0];
  if (row === undefined) return { widgets: defaultLayout(kind), version: 0 };
  // A widget the profile no longer offers (profile changed, widget retired) is dropped, never shown.
  return { widgets: row.widgets.filter((w) => layoutProblem(kind, [w]) === undefined), version: row.version };
}

export async function saveLayout(
  db: Database,
  accountId: string,
  kind: DashboardKind,
  input: { widgets: readonly LayoutItem[]; version: number },
): Promise<Layout> {
  const problem = layoutProblem(kind, input.widgets);
  if (problem !== undefined)
    throw new AppError('VALIDATION_FAILED', `Disposition refusée : ${problem}.`, [{ path: '/widgets', problem }]);
  const widgets = input.widgets.map((w) => ({ widget: w.widget, size: w.size }));
  // One statement: the first save inserts (based on version 0), later ones update only the version they saw.
  const { rows } = await db.pool.query<{ version: number }>(
    `INSERT INTO dashboard_layouts AS l (account_id, widgets, version) SELECT $1, $2::jsonb, 1 WHERE $3::int = 0
     ON CONFLICT (account_id) DO NOTHING RETURNING version`,
    [accountId, JSON.stringify(widgets), input.version],
  );
  if (rows.length === 0 && input.version > 0) {
    const updated = await db.pool.query<{ version: number }>(
      `UPDATE dashboard_layouts SET widgets = $2::jsonb, version = version + 1, updated_at = now()
       WHERE account_id = $1 AND version = $3 RETURNING version`,
      [accountId, JSON.stringify(widgets), input.version],
    );
    rows.push(...updated.rows);
  }
  const saved = rows[0];
  if (saved === undefined)
    throw new AppError(
      'CONFLICT',
      'Votre tableau de bord a été modifié sur un autre appareil : rechargez-le avant de le modifier.',
    );
  return { widgets, version: saved.version };
}
