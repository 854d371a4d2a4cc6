/**
 * A pushed operation's answer when it is not applied now: sent before (a duplicate answered with its first result,
 * or a conflict when its id was used for something else), a sequence already taken, or a gap before it.
 */
import type { HubOperation, OperationOutcome } from '@ismail/shared';
import { contentHash, type SeenRow } from './operation-outcomes.js';

export const waiting = (op: HubOperation, expected: number): OperationOutcome => ({
  id: op.id,
  seq: op.seq,
  status: 'not_applied',
  reason: `waiting for operation ${String(expected)}`,
});
export const conflict = (op: HubOperation, why: string): OperationOutcome => ({
  id: op.id,
  seq: op.seq,
  status: 'rejected',
  code: 'CONFLICT',
  reason: `CONFLICT: ${why}`,
});

/** The answer without applying: sent before (duplicate or conflict), a sequence already taken, or a gap. */
export function earlyOutcome(
  op: HubOperation,
  earlier: SeenRow | undefined,
  expected: number,
): OperationOutcome | null {
  if (earlier !== undefined) {
    if (earlier.content_hash !== contentHash(op) || Number(earlier.seq) !== op.seq)
      return conflict(op, 'this operation id was already used for another operation');
    return {
      id: op.id,
      seq: op.seq,
      status: 'duplicate',
      ...(earlier.reason === null ? {} : { reason: earlier.reason }),
      ...(earlier.code === null ? {} : { code: earlier.code }),
      ...(earlier.result === null ? {} : { result: earlier.result }),
    };
  }
  if (op.seq < expected) return conflict(op, `sequence ${String(op.seq)} already holds another operation`);
  return op.seq > expected ? waiting(op, expected) : null;
}
