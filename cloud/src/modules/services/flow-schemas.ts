/** TypeBox schemas of the requests, quotes, appointments and disputes routes (issue 24, api.md). */
import { Type } from '@sinclair/typebox';
import { Uuid } from '../../platform/http/schemas.js';

const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const QuoteLineSchema = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 300 }),
    quantityMilli: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    unitPriceXof: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
    taxGroup: Type.String({ minLength: 1, maxLength: 20 }),
  },
  { additionalProperties: false },
);

export const RequestInputSchema = Type.Object(
  {
    providerIds: Type.Array(Uuid, { minItems: 1, maxItems: 5 }),
    category: Type.String({ minLength: 2, maxLength: 40 }),
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    commune: Type.String({ minLength: 1, maxLength: 80 }),
    addressHint: Type.Optional(Type.String({ maxLength: 200 })),
    wishedFrom: Instant,
    wishedTo: Instant,
    photoIds: Type.Optional(Type.Array(Uuid, { maxItems: 5 })),
  },
  { additionalProperties: false },
);

export const ServiceRequestSchema = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  category: Type.String(),
  description: Type.String(),
  commune: Type.String(),
  addressHint: Type.String(),
  wishedFrom: Type.String(),
  wishedTo: Type.String(),
  photoIds: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('open'), Type.Literal('booked'), Type.Literal('closed')]),
  direct: Type.Boolean(),
  createdAt: Type.String(),
  appointmentId: Nullable(Type.String()),
});

export const QuoteInputSchema = Type.Object(
  {
    lines: Type.Array(QuoteLineSchema, { minItems: 1, maxItems: 30 }),
    startsAt: Instant,
    durationMinutes: Type.Integer({ minimum: 15, maximum: 720 }),
    validDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const QuoteSchema = Type.Object({
  id: Type.String(),
  requestId: Type.String(),
  providerId: Type.String(),
  providerName: Type.String(),
  version: Type.Integer(),
  lines: Type.Array(QuoteLineSchema),
  totalXof: Type.Integer(),
  taxXof: Type.Integer(),
  startsAt: Type.String(),
  durationMinutes: Type.Integer(),
  note: Type.String(),
  validUntil: Type.String(),
  status: Type.Union([
    Type.Literal('sent'),
    Type.Literal('superseded'),
    Type.Literal('accepted'),
    Type.Literal('withdrawn'),
    Type.Literal('lost'),
  ]),
  createdAt: Type.String(),
});

export const RequestDetailSchema = Type.Composite([
  ServiceRequestSchema,
  Type.Object({
    quotes: Type.Array(QuoteSchema),
    providers: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String(), status: Type.String() })),
  }),
]);

export const InboxSchema = Type.Object({
  requests: Type.Array(
    Type.Composite([ServiceRequestSchema, Type.Object({ clientName: Type.String(), myStatus: Type.String() })]),
  ),
  next: Nullable(Type.String()),
});

export const RequestListSchema = Type.Object({
  requests: Type.Array(ServiceRequestSchema),
  next: Nullable(Type.String()),
});

export const DisputeSchema = Type.Object({
  id: Type.String(),
  appointmentId: Type.String(),
  openedBy: Type.String(),
  reason: Type.String(),
  evidencePhotoIds: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('open'), Type.Literal('decided')]),
  answerDueAt: Type.String(),
  answer: Nullable(Type.String()),
  outcome: Nullable(Type.Union([Type.Literal('release'), Type.Literal('refund')])),
  refundBp: Nullable(Type.Integer()),
  decisionNote: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
});

const appointmentStatuses = ['booked', 'done', 'disputed', 'completed', 'cancelled', 'no_show'] as const;

export const AppointmentSchema = Type.Object({
  id: Type.String(),
  requestId: Type.String(),
  quoteId: Nullable(Type.String()),
  offerId: Nullable(Type.String()),
  clientId: Type.String(),
  clientName: Type.String(),
  providerId: Type.String(),
  providerName: Type.String(),
  title: Type.String(),
  lines: Type.Array(QuoteLineSchema),
  startsAt: Type.String(),
  endsAt: Type.String(),
  status: Type.Union(appointmentStatuses.map((s) => Type.Literal(s))),
  amountXof: Type.Integer(),
  autoReleaseDays: Type.Integer(),
  doneAt: Nullable(Type.String()),
  releaseAfter: Nullable(Type.String()),
  completedAt: Nullable(Type.String()),
  releasedBy: Nullable(
    Type.Union([Type.Literal('client'), Type.Literal('auto'), Type.Literal('dispute'), Type.Literal('cancellation')]),
  ),
  capturedXof: Nullable(Type.Integer()),
  refundedXof: Nullable(Type.Integer()),
  cancelledBy: Nullable(Type.Union([Type.Literal('client'), Type.Literal('provider')])),
  noShow: Nullable(Type.Union([Type.Literal('client'), Type.Literal('provider')])),
  invoiceId: Nullable(Type.String()),
  dispute: Nullable(DisputeSchema),
  review: Nullable(Type.Object({ id: Type.String(), stars: Type.Integer() })),
  canReviewUntil: Nullable(Type.String()),
});

export const AppointmentListSchema = Type.Object({
  appointments: Type.Array(AppointmentSchema),
  next: Nullable(Type.String()),
});

export const AdminDisputeListSchema = Type.Object({
  disputes: Type.Array(
    Type.Composite([
      DisputeSchema,
      Type.Object({
        title: Type.String(),
        clientName: Type.String(),
        providerName: Type.String(),
        amountXof: Type.Integer(),
        openerRole: Type.Union([Type.Literal('client'), Type.Literal('provider')]),
      }),
    ]),
  ),
});
