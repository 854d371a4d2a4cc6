/**
 * The hub's cash area of its local API: a cash session opened with a float, its running
 * figures, closed with the counted cash (its Z report), and the Z report on paper.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ZReportSchema } from '../sync/z-report.js';
import { hubObject, HubCount, HubInstant, HubUuid, hubNullable } from './common.js';

const Xof = Type.Integer({ minimum: 0, maximum: 100_000_000 });

export const HubCashOpenRequestSchema = hubObject({ floatXof: Xof });
export const HubCashCloseRequestSchema = hubObject({ countedXof: Xof });
export const HubCashSessionParamsSchema = hubObject({ sessionId: HubUuid });
export const HubCashPrintRequestSchema = hubObject({ printerId: HubUuid });
export const HubCashSessionListQuerySchema = hubObject({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

export const HubCashSessionSchema = hubObject({
  id: HubUuid,
  number: Type.Integer({ minimum: 1 }),
  openedBy: hubObject({ id: Type.String({ maxLength: 40 }), name: Type.String({ maxLength: 200 }) }),
  openedAt: HubInstant,
  floatXof: HubCount,
  closedAt: hubNullable(HubInstant),
  countedXof: hubNullable(HubCount),
  /** The Z report once closed; while open, the running figures (counted 0). */
  report: ZReportSchema,
  synced: Type.Boolean(),
});
export type HubCashSession = Static<typeof HubCashSessionSchema>;
export const HubCurrentCashSessionSchema = hubObject({ session: hubNullable(HubCashSessionSchema) });
export const HubCashSessionListSchema = hubObject({ sessions: Type.Array(HubCashSessionSchema, { maxItems: 200 }) });
