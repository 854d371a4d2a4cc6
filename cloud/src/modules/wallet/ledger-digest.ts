/**
 * The digest a ledger batch's audit entry pins: editing any of these fields later breaks the
 * match, which `ismail ledger check` finds (ledger-check.ts recomputes it from the rows).
 */
import { createHash } from 'node:crypto';

export interface DigestOperation {
  readonly id: string;
  readonly scope: string;
  readonly idempotencyKey: string;
  readonly requestHash: string;
  readonly kind: string;
}
export interface DigestTransfer {
  readonly id: string;
  readonly operationId: string;
  readonly debitCode: string;
  readonly creditCode: string;
  readonly amount: number;
  readonly leg: string;
  readonly phase: string;
  readonly pendingId: string | null;
}

/** What a batch's audit entry pins: editing any of these fields later breaks the match. */
export function batchDigest(operations: readonly DigestOperation[], transfers: readonly DigestTransfer[]): string {
  const hash = createHash('sha256');
  for (const o of [...operations].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    hash.update(`o|${o.id}|${o.scope}|${o.idempotencyKey}|${o.requestHash}|${o.kind}\n`);
  }
  for (const t of [...transfers].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    hash.update(
      `t|${t.id}|${t.operationId}|${t.debitCode}|${t.creditCode}|${String(t.amount)}|${t.leg}|${t.phase}|${t.pendingId ?? ''}\n`,
    );
  }
  return hash.digest('hex');
}
