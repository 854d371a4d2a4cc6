/**
 * The hub's own audit trail (sign-ins, refusals, cash counts, exports, wipes): append-only
 * (SQLite triggers refuse changes), written in the caller's transaction with the act itself.
 */
import type { HubDatabase } from './open.js';

export function appendHubAudit(
  db: HubDatabase,
  entry: { actor: string; action: string; detail: Record<string, unknown> },
): void {
  db.prepare('INSERT INTO hub_audit (at, actor, action, detail) VALUES (?, ?, ?, ?)').run(
    new Date().toISOString(),
    entry.actor.slice(0, 200),
    entry.action,
    JSON.stringify(entry.detail).slice(0, 4000),
  );
}

export function hubAuditTrail(
  db: HubDatabase,
  limit = 100,
): { seq: number; at: string; actor: string; action: string; detail: unknown }[] {
  return db
    .prepare<[number], { seq: number; at: string; actor: string; action: string; detail: string }>(
      'SELECT seq, at, actor, action, detail FROM hub_audit ORDER BY seq DESC LIMIT ?',
    )
    .all(Math.min(limit, 500))
    .map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown }));
}
