/**
 * What a user does with a bank line: accept a target, split it over several, dispute it, reopen it; and its history.
 * Each change is one transaction: a conditional UPDATE on the line's status (a line accepted twice is refused without
 * a read deciding it), the matches inserted under the UNIQUE constraint on the target (two lines racing for the same
 * invoice: PostgreSQL lets exactly one win), the event in the line's history and the audit entry.
 */
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { TargetType } from './scoring.js';
import { lineViews, type LineStatus, type LineView, type Owner } from './statements.js';
import { targetsOf } from './targets.js';

export interface TargetRef {
  readonly targetType: TargetType;
  readonly targetId: string;
}

export interface HistoryEvent {
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

// Kept as the error's detail so a client can tell the two 409s apart (the shared catalogue has no such codes yet).
const alreadyReconciled = (status: string) =>
  new AppError('CONFLICT', `Cette ligne est déjà ${statusText[status] ?? 'traitée'} : rouvrez-la pour la modifier.`, [
    { path: 'line', problem: 'ALREADY_RECONCILED' },
  ]);
const alreadyMatched = () =>
  new AppError('CONFLICT', 'Cette cible est déjà rapprochée d’une autre ligne de relevé.', [
    { path: 'target', problem: 'ALREADY_MATCHED' },
  ]);
const statusText: Record<string, string> = {
  reconciled: 'rapprochée',
  split: 'ventilée',
  disputed: 'contestée',
  open: 'ouverte',
};

export class BankLineActions {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  async accept(owner: Owner, lineId: string, actorId: string, target: TargetRef): Promise<LineView> {
    return this.change(owner, lineId, actorId, { status: 'reconciled' }, async (client, amountXof) => {
      await this.checkTarget(client, owner, target, amountXof);
      await insertMatches(client, owner, lineId, [{ ...target, amountXof }]);
      return { action: 'accepted', detail: { ...target, amountXof } };
    });
  }

  async split(
    owner: Owner,
    lineId: string,
    actorId: string,
    parts: readonly (TargetRef & { amountXof: number })[],
  ): Promise<LineView> {
    const keys = new Set(parts.map((p) => `${p.targetType}:${p.targetId}`));
    if (keys.size !== parts.length) throw new AppError('VALIDATION_FAILED', 'Une même cible figure deux fois.');
    return this.change(owner, lineId, actorId, { status: 'split' }, async (client, amountXof) => {
      const sum = parts.reduce((s, p) => s + p.amountXof, 0);
      if (sum !== amountXof)
        throw new AppError(
          'VALIDATION_FAILED',
          `Les parts totalisent ${String(sum)} FCFA au lieu des ${String(amountXof)} FCFA de la ligne.`,
        );
      for (const part of parts) {
        if (Math.sign(part.amountXof) !== Math.sign(amountXof))
          throw new AppError('VALIDATION_FAILED', 'Chaque part a le signe de la ligne (encaissement ou décaissement).');
        await this.checkTarget(client, owner, part, part.amountXof);
      }
      await insertMatches(client, owner, lineId, parts);
      return { action: 'split', detail: { parts: parts.length } };
    });
  }

  async dispute(owner: Owner, lineId: string, actorId: string, reason: string): Promise<LineView> {
    const trimmed = reason.trim();
    if (trimmed.length < 3)
      throw new AppError('VALIDATION_FAILED', 'Expliquez la contestation (3 caractères au moins).');
    return this.change(
      owner,
      lineId,
      actorId,
      { status: 'disputed', reason: trimmed, problemAllowed: true },
      async () => ({
        action: 'disputed',
        detail: { reason: trimmed },
      }),
    );
  }

  async reopen(owner: Owner, lineId: string, actorId: string): Promise<LineView> {
    await withTransaction(this.db.pool, async (client) => {
      const { rows } = await client.query<{ status: LineStatus }>(
        `UPDATE bank_lines l SET status = 'open', dispute_reason = NULL, updated_at = now()
         FROM bank_lines prior WHERE prior.id = l.id AND l.id = $1 AND l.owner_id IS NOT DISTINCT FROM $2
           AND l.status <> 'open'
         RETURNING prior.status`,
        [lineId, owner],
      );
      if (rows[0] === undefined) {
        await this.lineOrThrow(client, owner, lineId);
        throw new AppError('CONFLICT', 'Cette ligne est déjà ouverte.');
      }
      const undone = await client.query('DELETE FROM bank_matches WHERE line_id = $1', [lineId]);
      await this.record(client, lineId, actorId, 'reopened', { from: rows[0].status, matchesUndone: undone.rowCount });
    });
    return this.view(owner, lineId);
  }

  async history(owner: Owner, lineId: string): Promise<HistoryEvent[]> {
    await this.lineOrThrow(this.db.pool, owner, lineId);
    const { rows } = await this.db.pool.query<{
      at: Date;
      actor: string;
      action: string;
      detail: Record<string, unknown>;
    }>(
      `SELECT e.at, coalesce(a.display_name, 'ISMAIL') AS actor, e.action, e.detail
       FROM bank_line_events e LEFT JOIN accounts a ON a.id = e.actor_id WHERE e.line_id = $1 ORDER BY e.id`,
      [lineId],
    );
    return rows.map((r) => ({ at: r.at.toISOString(), actor: r.actor, action: r.action, detail: r.detail }));
  }

  /**
   * One open line moved to `status`, then `work` adds its matches. The conditional UPDATE comes first and decides: of
   * two accepts of the same line, the second updates nothing and is refused before it touches any match.
   */
  private async change(
    owner: Owner,
    lineId: string,
    actorId: string,
    next: { status: LineStatus; reason?: string; problemAllowed?: boolean },
    work: (client: pg.PoolClient, amountXof: number) => Promise<{ action: string; detail: Record<string, unknown> }>,
  ): Promise<LineView> {
    await withTransaction(this.db.pool, async (client) => {
      const { rows } = await client.query<{ amount_xof: string }>(
        `UPDATE bank_lines SET status = $3, dispute_reason = $4, updated_at = now()
         WHERE id = $1 AND owner_id IS NOT DISTINCT FROM $2 AND status = 'open' AND (problem IS NULL OR $5)
         RETURNING amount_xof`,
        [lineId, owner, next.status, next.reason ?? null, next.problemAllowed === true],
      );
      if (rows[0] === undefined) {
        const line = await this.lineOrThrow(client, owner, lineId);
        if (line.status !== 'open') throw alreadyReconciled(line.status);
        throw new AppError('VALIDATION_FAILED', `Cette ligne ne peut pas être rapprochée : ${line.problem ?? ''}`);
      }
      const outcome = await work(client, Number(rows[0].amount_xof));
      await this.record(client, lineId, actorId, outcome.action, outcome.detail);
    });
    return this.view(owner, lineId);
  }

  private async lineOrThrow(db: Pick<pg.Pool, 'query'>, owner: Owner, lineId: string) {
    const { rows } = await db.query<{ status: LineStatus; amount_xof: string; problem: string | null }>(
      'SELECT status, amount_xof, problem FROM bank_lines WHERE id = $1 AND owner_id IS NOT DISTINCT FROM $2',
      [lineId, owner],
    );
    if (rows[0] === undefined) throw new AppError('NOT_FOUND', 'Ligne de relevé introuvable.');
    return rows[0];
  }

  /** The target must be one of the owner's, on the same side of the account as the line. */
  private async checkTarget(client: pg.PoolClient, owner: Owner, target: TargetRef, amountXof: number): Promise<void> {
    const [found] = await targetsOf(client, owner, { from: null, to: null, only: target });
    if (found === undefined)
      throw new AppError('NOT_FOUND', 'Cible introuvable (facture ou mouvement de votre compte).');
    if (Math.sign(found.amountXof) !== Math.sign(amountXof))
      throw new AppError(
        'VALIDATION_FAILED',
        'Un encaissement ne se rapproche que d’une entrée, un décaissement d’une sortie.',
      );
  }

  private async record(
    client: pg.PoolClient,
    lineId: string,
    actorId: string,
    action: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await client.query(
      `INSERT INTO bank_line_events (line_id, at, actor_id, action, detail) VALUES ($1, $2, $3, $4, $5)`,
      [lineId, this.now(), actorId, action, detail],
    );
    // The dispute's wording may name people: the audit keeps its length only.
    const audited = typeof detail.reason === 'string' ? { ...detail, reason: detail.reason.length } : detail;
    await appendAudit(client, {
      actor: { accountId: actorId, label: actorId },
      action: `bank.line_${action}`,
      subject: { type: 'bank_line', id: lineId },
      place: 'cloud',
      detail: audited,
    });
  }

  private async view(owner: Owner, lineId: string): Promise<LineView> {
    const [line] = await lineViews(this.db.pool, owner, { lineId });
    if (line === undefined) throw new AppError('NOT_FOUND', 'Ligne de relevé introuvable.');
    return line;
  }
}

async function insertMatches(
  client: pg.PoolClient,
  owner: Owner,
  lineId: string,
  parts: readonly (TargetRef & { amountXof: number })[],
): Promise<void> {
  try {
    await client.query(
      `INSERT INTO bank_matches (line_id, owner_id, target_type, target_id, amount_xof)
       SELECT $1, $5::uuid, * FROM unnest($2::text[], $3::uuid[], $4::bigint[])`,
      [lineId, parts.map((p) => p.targetType), parts.map((p) => p.targetId), parts.map((p) => p.amountXof), owner],
    );
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw alreadyMatched();
    throw error;
  }
}
