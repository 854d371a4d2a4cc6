/**
 * Which widgets each professional profile may put on its dashboard, and the layout rules: a layout lists each
 * widget at most once, only widgets of the caller's profile, each small or large. Clients have no dashboard.
 */
import type { ProfileKey } from '@ismail/shared';

export const dashboardKinds = ['partner', 'sales_rep', 'agency_chief', 'admin'] as const;
export type DashboardKind = (typeof dashboardKinds)[number];

export const widgetsByKind: Readonly<Record<DashboardKind, readonly string[]>> = {
  partner: ['sales', 'pending', 'credits', 'low_stock', 'sales_chart', 'consumption_chart', 'alerts'],
  sales_rep: ['partners', 'commissions_due', 'commissions_chart', 'alerts'],
  agency_chief: ['team', 'team_activity', 'commissions_chart', 'alerts'],
  admin: ['kyc_pending', 'hubs_out_of_sync', 'ledger_check', 'alerts'],
};

export const widgetSizes = ['small', 'large'] as const;
export type WidgetSize = (typeof widgetSizes)[number];

export interface LayoutItem {
  readonly widget: string;
  readonly size: WidgetSize;
}

/** Charts start large, tiles small: the layout a user has before saving one. */
export function defaultLayout(kind: DashboardKind): LayoutItem[] {
  return widgetsByKind[kind].map((widget) => ({
    widget,
    size: widget.endsWith('_chart') || widget === 'alerts' ? 'large' : 'small',
  }));
}

/** The dashboard a profile has; undefined for clients. Partner staff see their partner's. */
export function dashboardKindOf(profile: ProfileKey): DashboardKind | undefined {
  if (profile === 'hyper_admin' || profile === 'super_admin' || profile === 'admin') return 'admin';
  if (profile === 'client') return undefined;
  return profile;
}

/** Why a layout is refused, or undefined when it is valid for this dashboard. */
export function layoutProblem(kind: DashboardKind, items: readonly LayoutItem[]): string | undefined {
  const allowed = widgetsByKind[kind];
  const seen = new Set<string>();
  for (const item of items) {
    if (!allowed.includes(item.widget)) return `le widget « ${item.widget} » n'est pas proposé à ce profil`;
    if (seen.has(item.widget)) return `le widget « ${item.widget} » figure deux fois`;
    seen.add(item.widget);
  }
  return undefined;
}
