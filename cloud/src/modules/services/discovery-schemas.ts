/**
 * Shapes of the Services discovery API (issue 24, api contract [D]): categories, provider cards and profiles, the
 * provider's own profile, availability and offers, search and slots. One schema per shape: validation, types,
 * serialisation and OpenAPI. Every string, array and number is bounded. Never carries a provider's exact position
 * in a public shape (only `MyProfileSchema` has `position`).
 */
import { Type, type Static } from '@sinclair/typebox';
import { isoDatePattern, MultiLine, SingleLine } from '@ismail/shared';
import { Uuid } from '../../platform/http/schemas.js';

export const CategoryCode = Type.String({ pattern: '^[a-z][a-z_]{1,39}$' });
export const Day = Type.String({ pattern: isoDatePattern });
const Nullable = <T extends ReturnType<typeof Type.Integer>>(schema: T) => Type.Union([schema, Type.Null()]);
// The highest price a quote may total (service_quotes.total_xof): a larger price could never be paid.
const Xof = Type.Integer({ minimum: 1, maximum: 100_000_000 });

export const PositionSchema = Type.Object(
  {
    latE6: Type.Integer({ minimum: -90_000_000, maximum: 90_000_000 }),
    lngE6: Type.Integer({ minimum: -180_000_000, maximum: 180_000_000 }),
  },
  { additionalProperties: false },
);

export const CategoriesSchema = Type.Object({
  categories: Type.Array(Type.Object({ code: Type.String(), labelFr: Type.String(), labelEn: Type.String() })),
});

export const ProviderCardSchema = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  headline: Type.String(),
  categories: Type.Array(Type.String()),
  communes: Type.Array(Type.String()),
  city: Type.String(),
  publicPosition: Type.Union([PositionSchema, Type.Null()]),
  distanceMetres: Nullable(Type.Integer()),
  priceMinXof: Nullable(Type.Integer()),
  priceMaxXof: Nullable(Type.Integer()),
  rating: Type.Object({ average: Type.Union([Type.Number(), Type.Null()]), count: Type.Integer() }),
  kycVerified: Type.Boolean(),
  responseMinutes: Nullable(Type.Integer()),
  photoId: Type.Union([Type.String(), Type.Null()]),
  hasFixedOffers: Type.Boolean(),
});
export type ProviderCard = Static<typeof ProviderCardSchema>;

export const Pricing = Type.Union([Type.Literal('fixed'), Type.Literal('quote')]);

export const OfferSchema = Type.Object({
  id: Type.String(),
  category: Type.String(),
  title: Type.String(),
  pricing: Pricing,
  priceXof: Nullable(Type.Integer()),
  durationMinutes: Type.Integer(),
  taxGroup: Type.String(),
  active: Type.Boolean(),
});
export type Offer = Static<typeof OfferSchema>;

const Duration = Type.Integer({ minimum: 15, maximum: 720 });
const TaxGroup = Type.String({ pattern: '^[A-Z0-9-]{1,20}$' });

export const OfferInputSchema = Type.Object(
  {
    category: CategoryCode,
    title: SingleLine({ minLength: 1, maxLength: 120 }),
    pricing: Pricing,
    priceXof: Type.Optional(Xof),
    durationMinutes: Duration,
    taxGroup: Type.Optional(TaxGroup),
  },
  { additionalProperties: false },
);
export type OfferInput = Static<typeof OfferInputSchema>;

export const OfferEditSchema = Type.Object(
  {
    category: Type.Optional(CategoryCode),
    title: Type.Optional(SingleLine({ minLength: 1, maxLength: 120 })),
    pricing: Type.Optional(Pricing),
    priceXof: Type.Optional(Type.Union([Xof, Type.Null()])),
    durationMinutes: Type.Optional(Duration),
    taxGroup: Type.Optional(TaxGroup),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type OfferEdit = Static<typeof OfferEditSchema>;

const Hours = Type.Object(
  { startMinute: Type.Integer({ minimum: 0, maximum: 1439 }), endMinute: Type.Integer({ minimum: 1, maximum: 1440 }) },
  { additionalProperties: false },
);
export const WeeklySchema = Type.Object(
  {
    weekday: Type.Integer({ minimum: 0, maximum: 6, description: '0 = Monday … 6 = Sunday' }),
    startMinute: Type.Integer({ minimum: 0, maximum: 1439 }),
    endMinute: Type.Integer({ minimum: 1, maximum: 1440 }),
  },
  { additionalProperties: false },
);
export const ExceptionSchema = Type.Object(
  { day: Day, hours: Type.Union([Hours, Type.Null()], { description: 'null: closed all day' }) },
  { additionalProperties: false },
);
/** At most 14 intervals a day over 7 days; at most 120 exceptions (the horizon is at most 60 days). */
export const weeklyMaxPerDay = 14;
export const exceptionsMax = 120;
export const AvailabilityInputSchema = Type.Object(
  {
    weekly: Type.Array(WeeklySchema, { maxItems: 7 * weeklyMaxPerDay }),
    exceptions: Type.Array(ExceptionSchema, { maxItems: exceptionsMax }),
  },
  { additionalProperties: false },
);
export type AvailabilityInput = Static<typeof AvailabilityInputSchema>;

export const ProviderProfileSchema = Type.Composite([
  ProviderCardSchema,
  Type.Object({
    description: Type.String(),
    offers: Type.Array(
      Type.Object({
        id: Type.String(),
        category: Type.String(),
        title: Type.String(),
        pricing: Pricing,
        priceXof: Nullable(Type.Integer()),
        durationMinutes: Type.Integer(),
      }),
    ),
    photos: Type.Array(Type.Object({ id: Type.String(), caption: Type.String() })),
    reviews: Type.Array(
      Type.Object({
        id: Type.String(),
        stars: Type.Integer(),
        body: Type.String(),
        clientName: Type.String({ description: 'First name and the initial of the last name' }),
        createdAt: Type.String(),
        answer: Type.Union([Type.String(), Type.Null()]),
        answeredAt: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
    autoReleaseDays: Type.Integer(),
    bufferBeforeMinutes: Type.Integer(),
    bufferAfterMinutes: Type.Integer(),
    minNoticeMinutes: Type.Integer(),
    horizonDays: Type.Integer(),
    timeZone: Type.String(),
  }),
]);
export type ProviderProfile = Static<typeof ProviderProfileSchema>;

export const MyProfileSchema = Type.Composite([
  ProviderProfileSchema,
  Type.Object({
    position: Type.Union([PositionSchema, Type.Null()]),
    active: Type.Boolean(),
    weekly: Type.Array(WeeklySchema),
    exceptions: Type.Array(ExceptionSchema),
    slotStepMinutes: Type.Integer(),
  }),
]);
export type MyProfile = Static<typeof MyProfileSchema>;

export const ProfileInputSchema = Type.Object(
  {
    displayName: SingleLine({ minLength: 1, maxLength: 120 }),
    headline: SingleLine({ maxLength: 160 }),
    description: MultiLine({ maxLength: 4000 }),
    categories: Type.Array(CategoryCode, { minItems: 1, maxItems: 5, uniqueItems: true }),
    communes: Type.Array(SingleLine({ minLength: 1, maxLength: 80 }), { minItems: 1, maxItems: 30 }),
    city: SingleLine({ minLength: 1, maxLength: 80 }),
    position: Type.Optional(Type.Union([PositionSchema, Type.Null()])),
    priceMinXof: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100_000_000 }), Type.Null()])),
    priceMaxXof: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100_000_000 }), Type.Null()])),
    timeZone: Type.Optional(Type.String({ pattern: '^[A-Za-z_]+(/[A-Za-z0-9_+-]+){0,2}$', maxLength: 64 })),
    bufferBeforeMinutes: Type.Integer({ minimum: 0, maximum: 240 }),
    bufferAfterMinutes: Type.Integer({ minimum: 0, maximum: 240 }),
    minNoticeMinutes: Type.Integer({ minimum: 0, maximum: 20_160 }),
    horizonDays: Type.Integer({ minimum: 1, maximum: 60 }),
    slotStepMinutes: Type.Union([Type.Literal(15), Type.Literal(30), Type.Literal(60)]),
    autoReleaseDays: Type.Integer({ minimum: 1, maximum: 14 }),
    active: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ProfileInput = Static<typeof ProfileInputSchema>;

/** Bounds of one search page. */
export const searchLimitDefault = 20;
export const searchLimitMax = 50;

export const SearchQuerySchema = Type.Object(
  {
    category: Type.Optional(CategoryCode),
    q: Type.Optional(SingleLine({ minLength: 1, maxLength: 100 })),
    commune: Type.Optional(SingleLine({ minLength: 1, maxLength: 80 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90, description: 'degrees' })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180, description: 'degrees' })),
    radiusKm: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    minRating: Type.Optional(Type.Number({ minimum: 1, maximum: 5 })),
    availableFrom: Type.Optional(Type.String({ format: 'date-time' })),
    availableTo: Type.Optional(Type.String({ format: 'date-time' })),
    cursor: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,200}$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: searchLimitMax })),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuerySchema>;

export const SearchAnswerSchema = Type.Object({
  providers: Type.Array(ProviderCardSchema),
  next: Type.Union([Type.String(), Type.Null()]),
});

export const SlotsQuerySchema = Type.Object(
  {
    from: Day,
    days: Type.Integer({ minimum: 1, maximum: 31 }),
    durationMinutes: Type.Optional(Duration),
    offerId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const SlotsAnswerSchema = Type.Object({
  timeZone: Type.String(),
  slots: Type.Array(Type.Object({ startsAt: Type.String(), endsAt: Type.String() })),
});
