/**
 * The dashboard's server data: the figures of my profile (refreshed every minute while the screen is open) and my
 * widget layout, saved with the version it was read at (a save from a device that missed another's is a 409).
 */
import { queryOptions } from '@tanstack/react-query';
import { api, apiError } from '../../api/client.js';
import type { paths } from '../../api/cloud-api.js';

export type LayoutItem = { widget: string; size: 'small' | 'large' };

export const dashboardQuery = queryOptions({
  queryKey: ['dashboard', 'figures'],
  refetchInterval: 60_000,
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/dashboard');
    if (data === undefined) throw apiError(error, response.status);
    return data;
  },
});

export const layoutQuery = queryOptions({
  queryKey: ['dashboard', 'layout'],
  queryFn: async () => {
    const { data, error, response } = await api.GET('/v1/dashboard/layout');
    if (data === undefined) throw apiError(error, response.status);
    return data;
  },
});

export async function saveLayout(widgets: LayoutItem[], version: number) {
  const { data, error, response } = await api.PUT('/v1/dashboard/layout', { body: { widgets, version } });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}

export type Figures = paths['/v1/dashboard']['get']['responses'][200]['content']['application/json'];
export type WidgetFigures = Figures['widgets'][number];
