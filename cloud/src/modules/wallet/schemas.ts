/** Schemas of the wallet API: one per shape, feeding validation, serialisation and OpenAPI. */
import { Type } from '@sinclair/typebox';
import { modules } from '@ismail/shared';

export const CentiCredits = Type.Integer({ minimum: 1, maximum: 1e13, description: 'Hundredths of a credit' });
export const ModuleSchema = Type.Union(modules.map((m) => Type.Literal(m)));

export const TransferSchema = Type.Object({
  id: Type.String(),
  leg: Type.String(),
  debit: Type.String(),
  credit: Type.String(),
  amountCentiCredits: Type.Integer(),
  phase: Type.String(),
  pendingId: Type.Optional(Type.String()),
  timeoutAt: Type.Optional(Type.String()),
});

export const OperationSchema = Type.Object({
  operationId: Type.String(),
  kind: Type.String(),
  createdAt: Type.String(),
  transfers: Type.Array(TransferSchema),
  facts: Type.Optional(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
  ),
  replayed: Type.Boolean(),
});

export const BalanceSchema = Type.Object({
  accountId: Type.String(),
  postedCentiCredits: Type.Integer(),
  heldCentiCredits: Type.Integer(),
  availableCentiCredits: Type.Integer(),
  availableXof: Type.Integer({ description: 'What the available credits are worth at the current rate' }),
  xofPerCredit: Type.Integer(),
});

export const HistorySchema = Type.Object({
  entries: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      at: Type.String(),
      operationId: Type.String(),
      operationKind: Type.String(),
      transferId: Type.String(),
      leg: Type.String(),
      phase: Type.String(),
      amountCentiCredits: Type.Integer(),
      counterparty: Type.String(),
      balanceAfterCentiCredits: Type.Integer(),
    }),
  ),
  nextBeforeSeq: Type.Union([Type.Integer(), Type.Null()]),
});

export const TopUpSchema = Type.Object({
  paymentId: Type.String(),
  provider: Type.String(),
  status: Type.String(),
  amountXof: Type.Integer(),
  centiCredits: Type.Integer(),
  redirectUrl: Type.Union([Type.String(), Type.Null()]),
  failure: Type.Union([Type.String(), Type.Null()]),
  operationId: Type.Union([Type.String(), Type.Null()]),
});
