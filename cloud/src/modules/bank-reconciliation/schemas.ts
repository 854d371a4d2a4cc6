/** TypeBox shapes of /v1/bank/* (API-issue-27.md, « Bank reconciliation »). */
import { Type } from '@sinclair/typebox';
import { MultiLine } from '@ismail/shared';
import { Uuid } from '../../platform/http/schemas.js';
import { dateFormats } from './parse-csv.js';
import { maxStatementBytes } from './statements.js';

const Column = Type.String({ minLength: 1, maxLength: 80 });
export const BankName = Type.String({ minLength: 1, maxLength: 60, pattern: '^[^/\\\\]+$' });
export const MappingSchema = Type.Object(
  {
    bankName: BankName,
    delimiter: Type.String({ minLength: 1, maxLength: 1 }),
    dateColumn: Column,
    dateFormat: Type.Union(dateFormats.map((f) => Type.Literal(f))),
    amountColumn: Type.Optional(Column),
    debitColumn: Type.Optional(Column),
    creditColumn: Type.Optional(Column),
    referenceColumn: Type.Optional(Column),
    nameColumn: Type.Optional(Column),
    labelColumn: Type.Optional(Column),
  },
  { additionalProperties: false },
);

export const ImportBody = Type.Object(
  {
    format: Type.Union([Type.Literal('camt053'), Type.Literal('csv')]),
    bankName: Type.Optional(BankName),
    fileName: Type.String({ minLength: 1, maxLength: 200 }),
    // Bytes are checked again in UTF-8 (a character may take up to 4). Line feeds and tabs only: the client turns a
    // Windows file's CR LF into LF (the platform's text rule refuses CR).
    content: MultiLine({ minLength: 1, maxLength: maxStatementBytes }),
  },
  { additionalProperties: false },
);

const NullableText = Type.Union([Type.String(), Type.Null()]);
const NullableXof = Type.Union([Type.Integer(), Type.Null()]);
export const StatementSchema = Type.Object({
  id: Uuid,
  bankName: Type.String(),
  accountIban: NullableText,
  fromDate: NullableText,
  toDate: NullableText,
  openingXof: NullableXof,
  closingXof: NullableXof,
  lines: Type.Integer({ minimum: 0 }),
  reconciled: Type.Integer({ minimum: 0 }),
  disputed: Type.Integer({ minimum: 0 }),
  importedAt: Type.String({ format: 'date-time' }),
});

export const TargetTypeSchema = Type.Union([Type.Literal('invoice'), Type.Literal('ledger')]);
const SuggestionSchema = Type.Object({
  targetType: TargetTypeSchema,
  targetId: Uuid,
  label: Type.String(),
  amountXof: Type.Integer(),
  date: Type.String(),
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  reasons: Type.Array(Type.String(), { maxItems: 5 }),
});
export const LineSchema = Type.Object({
  id: Uuid,
  bookedOn: Type.String(),
  amountXof: Type.Integer({ description: 'Signed: a credit (money in) is positive' }),
  reference: Type.String(),
  counterpartyName: Type.String(),
  label: Type.String(),
  status: Type.Union(['open', 'reconciled', 'split', 'disputed'].map((s) => Type.Literal(s))),
  problem: Type.Union([
    Type.String({ description: 'Why the line cannot be reconciled (e.g. another currency)' }),
    Type.Null(),
  ]),
  disputeReason: NullableText,
  matches: Type.Array(Type.Object({ targetType: TargetTypeSchema, targetId: Uuid, amountXof: Type.Integer() }), {
    maxItems: 20,
  }),
  suggestions: Type.Array(SuggestionSchema, { maxItems: 3 }),
});

export const TargetBody = Type.Object(
  { targetType: TargetTypeSchema, targetId: Uuid },
  { additionalProperties: false },
);
export const SplitBody = Type.Object(
  {
    parts: Type.Array(
      Type.Object(
        { targetType: TargetTypeSchema, targetId: Uuid, amountXof: Type.Integer({ minimum: -1e12, maximum: 1e12 }) },
        { additionalProperties: false },
      ),
      { minItems: 2, maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);
export const DisputeBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export const HistorySchema = Type.Object({
  events: Type.Array(
    Type.Object({
      at: Type.String({ format: 'date-time' }),
      actor: Type.String(),
      action: Type.String(),
      detail: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
});
export const StatementParams = Type.Object({ statementId: Uuid });
export const LineParams = Type.Object({ lineId: Uuid });
