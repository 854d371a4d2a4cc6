/** TypeBox schemas of the visit slots and visits routes (issue 25, api.md "Visits"). */
import { Type, type Static } from '@sinclair/typebox';
import { Uuid } from '../../platform/http/schemas.js';

const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

/** Slots offered in one call: a week of half-days fits, a year of them does not. */
export const slotsPerCallMax = 50;

export const SlotsInputSchema = Type.Object(
  {
    slots: Type.Array(Type.Object({ startsAt: Instant, endsAt: Instant }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: slotsPerCallMax,
    }),
  },
  { additionalProperties: false },
);
export type SlotsInput = Static<typeof SlotsInputSchema>;

export const SlotSchema = Type.Object({
  id: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  free: Type.Boolean(),
});
export type Slot = Static<typeof SlotSchema>;
export const SlotListSchema = Type.Object({ slots: Type.Array(SlotSchema) });

export const VisitInputSchema = Type.Object(
  { slotId: Uuid, message: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);

export const visitStatuses = ['requested', 'confirmed', 'declined', 'cancelled', 'done', 'no_show'] as const;
export type VisitStatus = (typeof visitStatuses)[number];

export const VisitSchema = Type.Object({
  id: Type.String(),
  listingId: Type.String(),
  listingTitle: Type.String(),
  commune: Type.String(),
  status: Type.Union(visitStatuses.map((s) => Type.Literal(s))),
  startsAt: Type.String(),
  endsAt: Type.String(),
  visitorId: Type.String(),
  visitorName: Type.String(),
  /** Visits this visitor missed, any listing: the agent weighs a request with it. */
  visitorNoShows: Type.Integer(),
  agentId: Type.String(),
  agentName: Type.String(),
  message: Type.String(),
  confirmedAt: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type Visit = Static<typeof VisitSchema>;
export const VisitListSchema = Type.Object({ visits: Type.Array(VisitSchema) });
