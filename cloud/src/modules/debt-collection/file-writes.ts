/**
 * A creditor's writes on its files (API.md §Files): a manual file (idempotent by the creditor's reference), a file
 * from one of its issued invoices, changes (agent, fees, scenario, write-off, hand-off to legal) and notes. Each write
 * is one transaction with its file event and its audit entry. The creditor is always the caller's acting owner, never
 * a body field; a file of another creditor is "not found".
 */
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { dayOrNull, resolveDebtor, type Debtor } from './file-debtor.js';
import { openDebtFile } from './files.js';
import { invoiceDebt } from './invoice-files.js';

export type NewFileBody =
  | {
      debtor: { ismailId: string } | { name: string; phone?: string; email?: string };
      label: string;
      principalXof: number;
      feesXof?: number;
      dueOn: string;
      reference: string;
      scenarioId?: string;
    }
  | { invoiceId: string; feesXof?: number; scenarioId?: string };

export interface FilePatch {
  assignedAgentId?: string | null;
  feesXof?: number;
  scenarioId?: string | null;
  status?: 'written_off' | 'legal';
}

export interface Actor {
  /** The creditor: the caller's acting owner. */
  readonly owner: string;
  /** The signed-in account (the partner itself or its staff). */
  readonly self: string;
}

const notFound = (): AppError => new AppError('NOT_FOUND', 'Dossier introuvable.');

/** The creditor's own live scenario, or a refusal (another creditor's scenario is "not found"). */
export async function ownScenario(db: Pick<pg.Pool, 'query'>, creditor: string, scenarioId: string): Promise<void> {
  const { rowCount } = await db.query(
    'SELECT 1 FROM collection_scenarios WHERE id = $1 AND creditor_id = $2 AND archived_at IS NULL',
    [scenarioId, creditor],
  );
  if (rowCount !== 1) throw new AppError('NOT_FOUND', 'Scénario introuvable parmi les vôtres.');
}

export class DebtFileWrites {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
  ) {}

  async create(actor: Actor, body: NewFileBody): Promise<{ id: string; created: boolean }> {
    if (body.scenarioId !== undefined) await ownScenario(this.db.pool, actor.owner, body.scenarioId);
    if ('invoiceId' in body) {
      return withTransaction(this.db.pool, async (client) => {
        const debt = await invoiceDebt(client, actor.owner, body.invoiceId, this.now());
        const file = await openDebtFile(client, {
          ...debt,
          feesXof: body.feesXof,
          scenarioId: body.scenarioId,
          actor: actor.self,
        });
        if (file.created) await this.audit(client, actor, file.id, { source: 'invoice', invoiceId: body.invoiceId });
        return file;
      });
    }
    const dueOn = dayOrNull(body.dueOn);
    if (dueOn === null) throw new AppError('VALIDATION_FAILED', 'Échéance invalide : une vraie date (AAAA-MM-JJ).');
    const debtor: Debtor = await resolveDebtor(this.db.pool, body.debtor);
    if (debtor.debtorId === actor.owner)
      throw new AppError('VALIDATION_FAILED', 'Vous ne pouvez pas ouvrir un dossier contre vous-même.');
    return withTransaction(this.db.pool, async (client) => {
      const file = await openDebtFile(client, {
        creditorId: actor.owner,
        debtorId: debtor.debtorId,
        debtorName: debtor.name,
        debtorPhone: debtor.phone,
        debtorEmail: debtor.email,
        source: 'manual',
        sourceRef: `${actor.owner}:${body.reference.trim()}`,
        label: body.label.trim(),
        principalXof: body.principalXof,
        feesXof: body.feesXof,
        scenarioId: body.scenarioId,
        dueOn,
        actor: actor.self,
      });
      if (file.created) await this.audit(client, actor, file.id, { source: 'manual', reference: body.reference });
      return file;
    });
  }

  async patch(actor: Actor, fileId: string, patch: FilePatch): Promise<void> {
    if (patch.scenarioId !== undefined && patch.scenarioId !== null)
      await ownScenario(this.db.pool, actor.owner, patch.scenarioId);
    if (patch.assignedAgentId !== undefined && patch.assignedAgentId !== null) {
      const { rowCount } = await this.db.pool.query(
        "SELECT 1 FROM accounts WHERE id = $1 AND staff_of = $2 AND status = 'active'",
        [patch.assignedAgentId, actor.owner],
      );
      if (rowCount !== 1) throw new AppError('NOT_FOUND', 'Agent introuvable parmi votre personnel.');
    }
    await withTransaction(this.db.pool, async (client) => {
      const { rows } = await client.query<{
        status: string;
        principal_xof: string;
        fees_xof: string;
        paid_xof: string;
        assigned_agent_id: string | null;
        scenario_id: string | null;
      }>(
        `SELECT status, principal_xof, fees_xof, paid_xof, assigned_agent_id, scenario_id FROM collection_files
          WHERE id = $1 AND creditor_id = $2 FOR UPDATE`,
        [fileId, actor.owner],
      );
      const file = rows[0];
      if (file === undefined) throw notFound();
      if (file.status === 'paid' || file.status === 'written_off')
        throw new AppError('CONFLICT', 'Ce dossier est clos : il ne peut plus être modifié.');
      const event = (kind: string, detail: Record<string, unknown>) =>
        client.query('INSERT INTO collection_file_events (file_id, kind, detail, actor) VALUES ($1, $2, $3, $4)', [
          fileId,
          kind,
          detail,
          actor.self,
        ]);
      const changes: Record<string, unknown> = {};
      if (patch.assignedAgentId !== undefined && patch.assignedAgentId !== file.assigned_agent_id) {
        await client.query('UPDATE collection_files SET assigned_agent_id = $2, updated_at = now() WHERE id = $1', [
          fileId,
          patch.assignedAgentId,
        ]);
        await event('assigned', { from: file.assigned_agent_id, to: patch.assignedAgentId });
        changes.assignedAgentId = patch.assignedAgentId;
      }
      if (patch.feesXof !== undefined && patch.feesXof !== Number(file.fees_xof)) {
        // What was already paid stays covered: fees cannot drop below what the payments put on them.
        if (Number(file.principal_xof) + patch.feesXof < Number(file.paid_xof))
          throw new AppError('VALIDATION_FAILED', 'Les frais ne peuvent pas descendre sous ce qui a déjà été payé.');
        await client.query('UPDATE collection_files SET fees_xof = $2, updated_at = now() WHERE id = $1', [
          fileId,
          patch.feesXof,
        ]);
        await event('note', { change: 'fees', fromXof: Number(file.fees_xof), toXof: patch.feesXof });
        changes.feesXof = patch.feesXof;
      }
      if (patch.scenarioId !== undefined && patch.scenarioId !== file.scenario_id) {
        await client.query('UPDATE collection_files SET scenario_id = $2, updated_at = now() WHERE id = $1', [
          fileId,
          patch.scenarioId,
        ]);
        await event('note', { change: 'scenario', from: file.scenario_id, to: patch.scenarioId });
        changes.scenarioId = patch.scenarioId;
      }
      if (patch.status !== undefined && patch.status !== file.status) {
        await client.query(
          `UPDATE collection_files SET status = $2, updated_at = now(),
             closed_at = CASE WHEN $2 = 'written_off' THEN $3::timestamptz ELSE closed_at END WHERE id = $1`,
          [fileId, patch.status, this.now()],
        );
        await event('status', { from: file.status, to: patch.status });
        changes.status = patch.status;
      }
      if (Object.keys(changes).length > 0)
        await appendAudit(client, {
          actor: { accountId: actor.self, label: 'account' },
          action: 'debt.file_updated',
          subject: { type: 'collection_file', id: fileId },
          place: 'cloud',
          detail: changes,
        });
    });
  }

  async note(actor: Actor, fileId: string, text: string) {
    const clean = text.trim();
    if (clean === '') throw new AppError('VALIDATION_FAILED', 'La note est vide.');
    return withTransaction(this.db.pool, async (client) => {
      const { rowCount } = await client.query(
        'SELECT 1 FROM collection_files WHERE id = $1 AND (creditor_id = $2 OR assigned_agent_id = $3) FOR SHARE',
        [fileId, actor.owner, actor.self],
      );
      if (rowCount !== 1) throw notFound();
      const { rows } = await client.query<{ at: Date }>(
        "INSERT INTO collection_file_events (file_id, kind, detail, actor) VALUES ($1, 'note', $2, $3) RETURNING at",
        [fileId, { text: clean }, actor.self],
      );
      await appendAudit(client, {
        actor: { accountId: actor.self, label: 'account' },
        action: 'debt.file_note',
        subject: { type: 'collection_file', id: fileId },
        place: 'cloud',
        detail: { length: clean.length },
      });
      const at = rows[0]?.at ?? this.now();
      return { kind: 'note', amountXof: null, detail: { text: clean }, actor: actor.self, at: at.toISOString() };
    });
  }

  private async audit(client: pg.PoolClient, actor: Actor, fileId: string, detail: Record<string, unknown>) {
    await appendAudit(client, {
      actor: { accountId: actor.self, label: 'account' },
      action: 'debt.file_opened',
      subject: { type: 'collection_file', id: fileId },
      place: 'cloud',
      detail,
    });
  }
}
