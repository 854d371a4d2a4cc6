/** Schemas every module's routes share: ids, the idempotency header, the error bodies. */
import { Type, type TSchema } from '@sinclair/typebox';
import { ErrorBodySchema, UuidSchema } from '@ismail/shared';

export const Uuid = UuidSchema;
export const IdempotencyHeaders = Type.Object(
  {
    'idempotency-key': Type.String({
      pattern: '^[A-Za-z0-9_.:-]{1,128}$',
      description: 'Chosen by the client; a replay returns the first result',
    }),
  },
  { additionalProperties: true },
);
export const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema };
export const withErrors = (ok: Record<number, TSchema>): Record<string | number, TSchema> => ({ ...ok, ...errors });
