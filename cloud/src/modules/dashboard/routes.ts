/**
 * Dashboard routes (issue 23): the caller's figures (`GET /v1/dashboard`) and its widget layout
 * (`GET`/`PUT /v1/dashboard/layout`). Every signed-in professional reads its own dashboard; clients have none
 * (403), admins only with the second factor (their figures span every account). The layout is the user's own,
 * even for partner staff, whose figures are their partner's.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, type Principal } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { principalOf } from '../../platform/http/access-plugin.js';
import { withErrors } from '../../platform/http/schemas.js';
import { actingOwner } from '../identity/owner.js';
import { dashboardWidgets } from './kpis.js';
import { readLayout, saveLayout } from './layout.js';
import { dashboardKindOf, dashboardKinds, widgetsByKind, widgetSizes, type DashboardKind } from './widgets.js';

const read = { resource: 'accounts', action: 'read', needsSecondFactor: false } as const;
const write = { resource: 'accounts', action: 'write', needsSecondFactor: false } as const;

const Unit = Type.Union([
  Type.Literal('xof'),
  Type.Literal('count'),
  Type.Literal('centi_credits'),
  Type.Literal('ok'),
]);
const WidgetName = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z_]+$' });
const LayoutItemSchema = Type.Object(
  { widget: WidgetName, size: Type.Union(widgetSizes.map((s) => Type.Literal(s))) },
  { additionalProperties: false },
);
const LayoutSchema = Type.Object({
  widgets: Type.Array(LayoutItemSchema, { maxItems: 20 }),
  version: Type.Integer({ minimum: 0 }),
  available: Type.Array(Type.String()),
});
const KindSchema = Type.Union(dashboardKinds.map((k) => Type.Literal(k)));
const DashboardSchema = Type.Object({
  kind: KindSchema,
  generatedAt: Type.String({ format: 'date-time' }),
  widgets: Type.Array(
    Type.Object({
      widget: Type.String(),
      tiles: Type.Array(
        Type.Object({
          key: Type.String(),
          value: Type.Number(),
          unit: Unit,
          at: Type.Optional(Type.String({ format: 'date-time' })),
        }),
      ),
      series: Type.Optional(
        Type.Object({
          unit: Unit,
          points: Type.Array(Type.Object({ label: Type.String(), value: Type.Number() })),
        }),
      ),
      alerts: Type.Optional(
        Type.Array(Type.Object({ key: Type.String(), count: Type.Integer(), link: Type.String() })),
      ),
    }),
  ),
});

function kindFor(principal: Principal): DashboardKind {
  const kind = dashboardKindOf(principal.profile);
  if (kind === undefined) throw new AppError('FORBIDDEN', 'Le tableau de bord est réservé aux professionnels.');
  // Figures across every account: an admin session must have passed its authenticator code.
  if (kind === 'admin' && !principal.secondFactor) throw new AppError('SECOND_FACTOR_REQUIRED');
  return kind;
}

function caller(request: FastifyRequest): { principal: Principal; kind: DashboardKind } {
  const { principal } = principalOf(request);
  return { principal, kind: kindFor(principal) };
}

export function dashboardRoutes(db: Database, now: () => Date) {
  return async (instance: FastifyInstance): Promise<void> => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/v1/dashboard',
      {
        config: { access: read },
        schema: {
          tags: ['dashboard'],
          summary: "My dashboard's figures, charts' series and alerts, for my profile and within my scope",
          operationId: 'dashboard',
          response: withErrors({ 200: DashboardSchema }),
        },
      },
      async (request) => {
        const { principal, kind } = caller(request);
        const subject = await actingOwner(db, principal);
        const at = now();
        return { kind, generatedAt: at.toISOString(), widgets: await dashboardWidgets(db, kind, subject, at) };
      },
    );

    app.get(
      '/v1/dashboard/layout',
      {
        config: { access: read },
        schema: {
          tags: ['dashboard'],
          summary: 'My dashboard layout (the same on every device) and the widgets my profile may add',
          operationId: 'dashboardLayout',
          response: withErrors({ 200: LayoutSchema }),
        },
      },
      async (request) => {
        const { principal, kind } = caller(request);
        return { ...(await readLayout(db, principal.accountId, kind)), available: [...widgetsByKind[kind]] };
      },
    );

    app.put(
      '/v1/dashboard/layout',
      {
        config: { access: write },
        schema: {
          tags: ['dashboard'],
          summary: 'Save my dashboard layout, based on the version I read (409 if another device saved since)',
          operationId: 'dashboardSaveLayout',
          body: Type.Object(
            {
              widgets: Type.Array(LayoutItemSchema, { maxItems: 20 }),
              version: Type.Integer({ minimum: 0, maximum: 2_147_483_647 }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: LayoutSchema }),
        },
      },
      async (request) => {
        const { principal, kind } = caller(request);
        const saved = await saveLayout(db, principal.accountId, kind, request.body);
        return { ...saved, available: [...widgetsByKind[kind]] };
      },
    );
  };
}
