/**
 * The record of hub operations' outcomes (`hub_operations`): written exactly once per hub and
 * operation id, whichever cloud process gets there first, with the operation's content hash
 * (the same id sent again with other content is a conflict, not a duplicate).
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { HubOperation, OperationOutcome } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { outcomeOf, type Applied, type OutcomeRecorder } from './operation-registry.js';
import type { HubRecord } from './registry.js';
import { canonicalJson } from '@ismail/shared';

export const contentHash = (op: HubOperation): string =>
  createHash('sha256')
    .update(canonicalJson({ seq: op.seq, type: op.type, at: op.at, payload: op.payload }) ?? '')
    .digest('hex');

export class OperationOutcomes implements OutcomeRecorder {
  constructor(private readonly db: Database) {}

  /** What this hub already sent of the batch, in one query. */
  async alreadySent(hubId: string, ops: readonly HubOperation[]): Promise<Map<string, SeenRow>> {
    const { rows } = await this.db.pool.query<SeenRow>(
      'SELECT op_id, seq, content_hash, status, reason, code, result FROM hub_operations WHERE hub_id = $1 AND op_id = ANY($2::uuid[])',
      [hubId, ops.map((op) => op.id)],
    );
    return new Map(rows.map((r) => [r.op_id, r]));
  }

  async recordIn(client: pg.PoolClient, hub: HubRecord, op: HubOperation, applied: Applied): Promise<boolean> {
    const inserted = await client.query(
      `INSERT INTO hub_operations (hub_id, op_id, seq, type, content_hash, status, reason, code, result, hub_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [
        hub.id,
        op.id,
        op.seq,
        op.type,
        contentHash(op),
        applied.status,
        applied.status === 'rejected' ? applied.reason : null,
        applied.status === 'rejected' ? applied.code : null,
        applied.status === 'applied' ? JSON.stringify(applied.result ?? null) : null,
        op.at,
      ],
    );
    if (inserted.rowCount !== 1) return false;
    await client.query('UPDATE hubs SET last_applied_seq = $2 WHERE id = $1 AND last_applied_seq = $2 - 1', [
      hub.id,
      op.seq,
    ]);
    return true;
  }

  async recordMany(
    hub: HubRecord,
    items: readonly { op: HubOperation; applied: Applied }[],
  ): Promise<Map<HubOperation, OperationOutcome>> {
    return this.insertMany(this.db.pool, hub, items);
  }

  /**
   * Several outcomes inside the effects' transaction, in one INSERT, and the hub's sequence moved over them when they
   * are all ours and follow it (a run's operations are consecutive); otherwise `HubSequence.catchUp` moves it.
   */
  async recordManyIn(
    client: pg.PoolClient,
    hub: HubRecord,
    items: readonly { op: HubOperation; applied: Applied }[],
  ): Promise<Map<HubOperation, OperationOutcome>> {
    const results = await this.insertMany(client, hub, items);
    const seqs = items.map((i) => i.op.seq);
    const first = seqs[0];
    const consecutive = seqs.every((seq, i) => seq === (first ?? 0) + i);
    const ours = [...results.values()].every((o) => o.status !== 'duplicate');
    if (first !== undefined && consecutive && ours)
      await client.query('UPDATE hubs SET last_applied_seq = $3 WHERE id = $1 AND last_applied_seq = $2 - 1', [
        hub.id,
        first,
        first + seqs.length - 1,
      ]);
    return results;
  }

  private async insertMany(
    db: pg.Pool | pg.PoolClient,
    hub: HubRecord,
    items: readonly { op: HubOperation; applied: Applied }[],
  ): Promise<Map<HubOperation, OperationOutcome>> {
    const results = new Map<HubOperation, OperationOutcome>();
    if (items.length === 0) return results;
    const rejected = (i: { applied: Applied }) => (i.applied.status === 'rejected' ? i.applied : null);
    const { rows } = await db.query<{ op_id: string }>(
      `INSERT INTO hub_operations (hub_id, op_id, seq, type, content_hash, status, reason, code, result, hub_at)
       SELECT $1, u.op_id, u.seq, u.type, u.content_hash, u.status, u.reason, u.code, u.result::jsonb, u.hub_at
       FROM unnest($2::uuid[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[])
         AS u(op_id, seq, type, content_hash, status, reason, code, result, hub_at)
       ON CONFLICT DO NOTHING RETURNING op_id`,
      [
        hub.id,
        items.map((i) => i.op.id),
        items.map((i) => i.op.seq),
        items.map((i) => i.op.type),
        items.map((i) => contentHash(i.op)),
        items.map((i) => i.applied.status),
        items.map((i) => rejected(i)?.reason ?? null),
        items.map((i) => rejected(i)?.code ?? null),
        items.map((i) => (i.applied.status === 'applied' ? JSON.stringify(i.applied.result ?? null) : null)),
        items.map((i) => i.op.at),
      ],
    );
    const inserted = new Set(rows.map((r) => r.op_id));
    for (const { op, applied } of items) results.set(op, outcomeOf(op, applied, inserted.has(op.id)));
    return results;
  }
}

export interface SeenRow {
  op_id: string;
  seq: string;
  content_hash: string;
  status: 'applied' | 'rejected';
  reason: string | null;
  code: string | null;
  result: unknown;
}
