/** TypeBox schemas of the listings' write side (issue 25, api.md "Listings — write side"). */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { MultiLine, SingleLine, listingDeals, propertyKinds } from '@ismail/shared';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const fields = {
  kind: literals(propertyKinds),
  deal: literals(listingDeals),
  title: SingleLine({ minLength: 3, maxLength: 120 }),
  description: MultiLine({ maxLength: 4000 }),
  commune: SingleLine({ minLength: 1, maxLength: 80 }),
  neighbourhood: SingleLine({ maxLength: 120 }),
  latE6: Type.Integer({ minimum: -90_000_000, maximum: 90_000_000 }),
  lngE6: Type.Integer({ minimum: -180_000_000, maximum: 180_000_000 }),
  fuzzPosition: Type.Boolean(),
  areaM2: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  rooms: Type.Integer({ minimum: 0, maximum: 100 }),
  bedrooms: Type.Integer({ minimum: 0, maximum: 100 }),
  bathrooms: Type.Integer({ minimum: 0, maximum: 100 }),
  furnished: Type.Boolean(),
  videoUrl: Nullable(SingleLine({ maxLength: 500 })),
  priceXof: Type.Integer({ minimum: 1, maximum: 100_000_000_000 }),
  chargesXof: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
  depositMonths: Type.Integer({ minimum: 0, maximum: 2 }),
  advanceMonths: Type.Integer({ minimum: 0, maximum: 2 }),
  contactPhone: SingleLine({ minLength: 8, maxLength: 30 }),
  planCode: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
  agentId: Type.String({ format: 'uuid' }),
};

const optional = <T extends TSchema>(schema: T) => Type.Optional(schema);

export const ListingInputSchema = Type.Object(
  {
    kind: fields.kind,
    deal: fields.deal,
    title: fields.title,
    description: optional(fields.description),
    commune: fields.commune,
    neighbourhood: optional(fields.neighbourhood),
    latE6: optional(fields.latE6),
    lngE6: optional(fields.lngE6),
    fuzzPosition: optional(fields.fuzzPosition),
    areaM2: fields.areaM2,
    rooms: optional(fields.rooms),
    bedrooms: optional(fields.bedrooms),
    bathrooms: optional(fields.bathrooms),
    furnished: optional(fields.furnished),
    videoUrl: optional(fields.videoUrl),
    priceXof: fields.priceXof,
    chargesXof: optional(fields.chargesXof),
    depositMonths: optional(fields.depositMonths),
    advanceMonths: optional(fields.advanceMonths),
    contactPhone: fields.contactPhone,
    planCode: fields.planCode,
    agentId: optional(fields.agentId),
  },
  { additionalProperties: false },
);
export type ListingInput = Static<typeof ListingInputSchema>;

export const ListingPatchSchema = Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 });
export type ListingPatch = Static<typeof ListingPatchSchema>;

export const OwnerListingSchema = Type.Object({
  id: Type.String(),
  propertyId: Type.String(),
  status: Type.String(),
  deal: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  description: Type.String(),
  commune: Type.String(),
  neighbourhood: Type.String(),
  latE6: Type.Integer(),
  lngE6: Type.Integer(),
  fuzzPosition: Type.Boolean(),
  areaM2: Type.Integer(),
  rooms: Type.Integer(),
  bedrooms: Type.Integer(),
  bathrooms: Type.Integer(),
  furnished: Type.Boolean(),
  videoUrl: Nullable(Type.String()),
  priceXof: Type.Integer(),
  chargesXof: Type.Integer(),
  depositMonths: Type.Integer(),
  advanceMonths: Type.Integer(),
  contactPhone: Type.String(),
  planCode: Type.String(),
  agentId: Type.String(),
  agentName: Type.String(),
  publishedAt: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
  moderationNote: Nullable(Type.String()),
  duplicateOf: Nullable(Type.String()),
  photos: Type.Array(Type.Object({ id: Type.String(), position: Type.Integer() })),
  views: Type.Integer(),
  contacts: Type.Integer(),
  visits: Type.Integer(),
  availabilityAskedAt: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type OwnerListing = Static<typeof OwnerListingSchema>;

export const OwnerListingListSchema = Type.Object({ listings: Type.Array(OwnerListingSchema) });

export const PlansSchema = Type.Object({
  plans: Type.Array(
    Type.Object({
      code: Type.String(),
      labelFr: Type.String(),
      labelEn: Type.String(),
      periodDays: Type.Integer(),
      tariffUnits: Type.Integer(),
      priceCredits: Type.Integer(),
    }),
  ),
});

export const RenewSchema = Type.Object({ planCode: fields.planCode }, { additionalProperties: false });

export const StatusSchema = Type.Object(
  { status: Type.Union([Type.Literal('rented'), Type.Literal('sold'), Type.Literal('draft')]) },
  { additionalProperties: false },
);

export const reportReasons = ['visit_fee', 'bait', 'not_available', 'wrong_info', 'duplicate', 'other'] as const;

export const ReportInputSchema = Type.Object(
  { reason: literals(reportReasons), detail: Type.Optional(MultiLine({ maxLength: 1000 })) },
  { additionalProperties: false },
);

export const ReviewSchema = Type.Object({
  listings: Type.Array(OwnerListingSchema),
  reports: Type.Array(
    Type.Object({
      id: Type.String(),
      listingId: Type.String(),
      listingTitle: Type.String(),
      reason: Type.String(),
      detail: Type.String(),
      reporterName: Type.String(),
      createdAt: Type.String(),
    }),
  ),
});

export const ListingDecisionSchema = Type.Object(
  {
    decision: Type.Union([Type.Literal('publish'), Type.Literal('suspend')]),
    note: MultiLine({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);

export const ReportDecisionSchema = Type.Object(
  {
    decision: Type.Union([Type.Literal('upheld'), Type.Literal('dismissed')]),
    suspendListing: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
