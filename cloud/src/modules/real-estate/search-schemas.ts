/**
 * Shapes of the real estate search and reading API (issue 25, contract "Search and reading"): the filters (as a query
 * string and as a saved search's JSON), the card a result shows, the listing page, saved searches and the owner's
 * statistics. One schema per shape: validation, types, serialisation and OpenAPI; every field bounded.
 */
import { Type, type Static } from '@sinclair/typebox';
import { listingDeals, propertyKinds, SingleLine } from '@ismail/shared';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Xof = Type.Integer({ minimum: 0, maximum: 100_000_000_000 });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const searchSorts = ['newest', 'price_asc', 'price_desc', 'area_desc'] as const;
export type SearchSort = (typeof searchSorts)[number];

/** What a search filters on: the query string's fields, and a saved search's `filters`. */
const filterFields = {
  deal: Type.Optional(literals(listingDeals)),
  kind: Type.Optional(literals(propertyKinds)),
  commune: Type.Optional(SingleLine({ minLength: 1, maxLength: 80 })),
  minPriceXof: Type.Optional(Xof),
  maxPriceXof: Type.Optional(Xof),
  minAreaM2: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  minRooms: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  furnished: Type.Optional(Type.Boolean()),
  // minLngE6,minLatE6,maxLngE6,maxLatE6 on the PUBLIC point; ranges and order are checked in search.ts.
  bbox: Type.Optional(Type.String({ pattern: '^-?\\d{1,9},-?\\d{1,9},-?\\d{1,9},-?\\d{1,9}$', maxLength: 60 })),
};

export const SearchFiltersSchema = Type.Object(filterFields, { additionalProperties: false });
export type SearchFilters = Static<typeof SearchFiltersSchema>;

export const SearchQuerySchema = Type.Object(
  {
    ...filterFields,
    sort: Type.Optional(literals(searchSorts)),
    cursor: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,300}$' })),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuerySchema>;

const cardFields = {
  id: Type.String(),
  title: Type.String(),
  deal: Type.String(),
  kind: Type.String(),
  priceXof: Type.Integer(),
  chargesXof: Type.Integer(),
  areaM2: Type.Integer(),
  rooms: Type.Integer(),
  bedrooms: Type.Integer(),
  furnished: Type.Boolean(),
  commune: Type.String(),
  neighbourhood: Type.String(),
  latE6: Type.Integer(),
  lngE6: Type.Integer(),
  photoId: Nullable(Type.String()),
  publishedAt: Type.String(),
};
export const ListingCardSchema = Type.Object(cardFields);
export type ListingCard = Static<typeof ListingCardSchema>;

export const SearchAnswerSchema = Type.Object({
  listings: Type.Array(ListingCardSchema),
  nextCursor: Nullable(Type.String()),
});

export const ListingDetailSchema = Type.Object({
  ...cardFields,
  description: Type.String(),
  bathrooms: Type.Integer(),
  videoUrl: Nullable(Type.String()),
  depositMonths: Type.Integer(),
  advanceMonths: Type.Integer(),
  photos: Type.Array(Type.Object({ id: Type.String() })),
  agentName: Type.String(),
  exactPosition: Type.Boolean(),
  expiresAt: Nullable(Type.String()),
});
export type ListingDetail = Static<typeof ListingDetailSchema>;

export const SavedSearchInputSchema = Type.Object(
  {
    name: SingleLine({ minLength: 1, maxLength: 80 }),
    filters: SearchFiltersSchema,
    alerts: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type SavedSearchInput = Static<typeof SavedSearchInputSchema>;

export const SavedSearchSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  filters: SearchFiltersSchema,
  alerts: Type.Boolean(),
  createdAt: Type.String(),
});
export type SavedSearch = Static<typeof SavedSearchSchema>;

const Count = Type.Integer({ minimum: 0 });
export const DashboardSchema = Type.Object({
  listings: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      status: Type.String(),
      views: Count,
      contacts: Count,
      visits: Count,
      expiresAt: Nullable(Type.String()),
    }),
  ),
  totals: Type.Object({ views: Count, contacts: Count, visits: Count, published: Count }),
});
export type Dashboard = Static<typeof DashboardSchema>;

export const DailySeriesSchema = Type.Object({
  days: Type.Array(Type.Object({ day: Type.String(), views: Count, contacts: Count, visits: Count })),
});
export type DailySeries = Static<typeof DailySeriesSchema>;
