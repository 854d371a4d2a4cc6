/** The shapes of the lease and rent routes (issue 25, api contract "Leases and rent"): one schema per shape. */
import { Type } from '@sinclair/typebox';
import { Uuid } from '../../platform/http/schemas.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
const Xof = Type.Integer({ minimum: 0, maximum: 100_000_000_000 });
const Sha256 = Type.String({ pattern: '^[0-9a-fA-F]{64}$', maxLength: 64 });
const PartySchema = Type.Union([Type.Literal('landlord'), Type.Literal('tenant')]);
const SignedBy = Type.Object({ party: PartySchema, typedName: Type.String({ maxLength: 120 }), signedAt: Instant });

export const LeaseSchema = Type.Object({
  id: Uuid,
  listingId: Uuid,
  title: Type.String({ maxLength: 120 }),
  commune: Type.String({ maxLength: 80 }),
  landlordId: Uuid,
  landlordName: Type.String({ maxLength: 200 }),
  tenantId: Uuid,
  tenantName: Type.String({ maxLength: 201 }),
  rentXof: Xof,
  chargesXof: Xof,
  depositXof: Xof,
  advanceXof: Xof,
  startsOn: Day,
  durationMonths: Type.Integer({ minimum: 1, maximum: 120 }),
  revisionOn: Day,
  paymentDay: Type.Integer({ minimum: 1, maximum: 28 }),
  graceDays: Type.Integer({ minimum: 0, maximum: 30 }),
  status: Type.Union([
    Type.Literal('awaiting_signatures'),
    Type.Literal('active'),
    Type.Literal('ended'),
    Type.Literal('cancelled'),
  ]),
  documentId: Type.Union([Uuid, Type.Null()]),
  documentSha256: Type.Union([Sha256, Type.Null()]),
  signatures: Type.Array(SignedBy, { maxItems: 2 }),
  depositReturnedXof: Type.Union([Xof, Type.Null()]),
  depositReturnedAt: Type.Union([Instant, Type.Null()]),
  dues: Type.Array(
    Type.Object({
      id: Uuid,
      period: Type.String({ maxLength: 7 }),
      dueOn: Day,
      amountXof: Xof,
      paidXof: Xof,
      status: Type.Union([Type.Literal('due'), Type.Literal('paid'), Type.Literal('cancelled')]),
      late: Type.Boolean(),
      collectionFileId: Type.Union([Uuid, Type.Null()]),
    }),
    { maxItems: 120 },
  ),
  documents: Type.Array(
    Type.Object({
      id: Uuid,
      kind: Type.Union([Type.Literal('lease'), Type.Literal('receipt'), Type.Literal('deposit_return')]),
      fileName: Type.String({ maxLength: 120 }),
      createdAt: Instant,
      sha256: Sha256,
    }),
    { maxItems: 2000 },
  ),
});

export const LeaseListSchema = Type.Object({ leases: Type.Array(LeaseSchema, { maxItems: 100 }) });

export const NewLeaseBody = Type.Object(
  {
    listingId: Uuid,
    tenantIsmailId: Type.String({ minLength: 1, maxLength: 40 }),
    rentXof: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
    chargesXof: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    depositXof: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
    advanceXof: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
    startsOn: Day,
    durationMonths: Type.Integer({ minimum: 1, maximum: 120 }),
    revisionOn: Type.Optional(Day),
    paymentDay: Type.Optional(Type.Integer({ minimum: 1, maximum: 28 })),
    graceDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 30 })),
  },
  { additionalProperties: false },
);

export const SignBody = Type.Object(
  {
    typedName: Type.String({ minLength: 2, maxLength: 120 }),
    // 256 KB of PNG is 349 526 base64 characters; a data: prefix is accepted.
    signaturePngBase64: Type.String({ minLength: 10, maxLength: 350_000 }),
    documentSha256: Sha256,
  },
  { additionalProperties: false },
);

export const VerifyBody = Type.Object({ sha256: Sha256 }, { additionalProperties: false });
export const VerifySchema = Type.Object({ matches: Type.Boolean(), signedBy: Type.Array(SignedBy, { maxItems: 2 }) });

export const DepositReturnBody = Type.Object(
  { amountXof: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }), note: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false },
);

export const RentPaymentSchema = Type.Object({
  id: Uuid,
  dueId: Uuid,
  leaseId: Uuid,
  amountXof: Xof,
  method: Type.Union([Type.Literal('wallet'), Type.Literal('cash'), Type.Literal('mobile_money')]),
  receiptDocumentId: Type.Union([Uuid, Type.Null()]),
  paidAt: Instant,
});

export const PayBody = Type.Object(
  // Optional: the rest of the due when absent (a partial payment names its amount).
  { amountXof: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })) },
  { additionalProperties: false },
);

export const RecordBody = Type.Object(
  {
    amountXof: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
    method: Type.Union([Type.Literal('cash'), Type.Literal('mobile_money')]),
  },
  { additionalProperties: false },
);

export const PaymentResultSchema = Type.Object({ payment: RentPaymentSchema, lease: LeaseSchema });
