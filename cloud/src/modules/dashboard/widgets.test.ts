// The layout rules: only the profile's widgets, each once; clients have no dashboard, admins of every level share one.
import { describe, expect, it } from 'vitest';
import { dashboardKindOf, defaultLayout, layoutProblem, widgetsByKind } from './widgets.js';

describe('dashboard widgets', () => {
  it('gives each professional profile its dashboard and clients none', () => {
    expect(dashboardKindOf('client')).toBeUndefined();
    expect(['hyper_admin', 'super_admin', 'admin'].map((p) => dashboardKindOf(p as 'admin'))).toEqual([
      'admin',
      'admin',
      'admin',
    ]);
    expect(dashboardKindOf('partner')).toBe('partner');
  });

  it('starts with every widget of the profile, charts and alerts large', () => {
    const layout = defaultLayout('partner');
    expect(layout.map((w) => w.widget)).toEqual(widgetsByKind.partner);
    expect(layout.find((w) => w.widget === 'sales_chart')?.size).toBe('large');
    expect(layout.find((w) => w.widget === 'sales')?.size).toBe('small');
    expect(layoutProblem('partner', layout)).toBeUndefined();
  });

  it("refuses another profile's widget and a widget twice", () => {
    expect(layoutProblem('partner', [{ widget: 'kyc_pending', size: 'small' }])).toMatch(/pas proposé/);
    expect(
      layoutProblem('sales_rep', [
        { widget: 'partners', size: 'small' },
        { widget: 'partners', size: 'large' },
      ]),
    ).toMatch(/deux fois/);
    expect(layoutProblem('admin', [])).toBeUndefined();
  });
});
