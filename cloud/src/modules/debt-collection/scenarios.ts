/**
 * A creditor's reminder scenarios (issue 26): made and edited by the creditor (or its staff acting for it), checked by
 * the shared schema and `scenarioProblem`, at most one default per creditor (the unique index holds it; the previous
 * default is unset in the same transaction, under a per-creditor lock so two edits do not both fail or both win).
 * A file follows its own scenario, else its creditor's default, else the built-in one. Never edits another creditor's
 * scenario: every write names the creditor in its WHERE.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError, defaultScenarioSteps, scenarioProblem, type ScenarioStep } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';

export interface ScenarioView {
  id: string;
  name: string;
  steps: ScenarioStep[];
  isDefault: boolean;
}

export interface ScenarioInput {
  readonly name: string;
  readonly steps: ScenarioStep[];
  readonly isDefault: boolean;
}

/** A creditor keeps a handful of scenarios; a page of them is all of them. */
export const scenariosPerCreditorMax = 50;

interface ScenarioRow {
  id: string;
  name: string;
  steps: ScenarioStep[];
  is_default: boolean;
}
const view = (r: ScenarioRow): ScenarioView => ({ id: r.id, name: r.name, steps: r.steps, isDefault: r.is_default });

export async function listScenarios(db: Database, creditorId: string): Promise<ScenarioView[]> {
  const { rows } = await db.pool.query<ScenarioRow>(
    `SELECT id, name, steps, is_default FROM collection_scenarios
      WHERE creditor_id = $1 AND archived_at IS NULL ORDER BY is_default DESC, created_at, id LIMIT $2`,
    [creditorId, scenariosPerCreditorMax],
  );
  return rows.map(view);
}

function checked(input: ScenarioInput): void {
  const problem = scenarioProblem(input.steps);
  if (problem !== null) throw new AppError('VALIDATION_FAILED', problem);
  if (input.name.trim().length === 0) throw new AppError('VALIDATION_FAILED', 'Donnez un nom au scénario.');
}

async function lockCreditor(client: pg.PoolClient, creditorId: string, scenarioId: string, makeDefault: boolean) {
  await client.query("SELECT pg_advisory_xact_lock(hashtext('debt-scenarios:' || $1))", [creditorId]);
  if (makeDefault)
    await client.query(
      `UPDATE collection_scenarios SET is_default = false, updated_at = now()
        WHERE creditor_id = $1 AND is_default AND id <> $2`,
      [creditorId, scenarioId],
    );
}

export async function createScenario(db: Database, creditorId: string, actorId: string, input: ScenarioInput) {
  checked(input);
  const id = randomUUID();
  return withTransaction(db.pool, async (client) => {
    await lockCreditor(client, creditorId, id, input.isDefault);
    const { rows: count } = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM collection_scenarios WHERE creditor_id = $1 AND archived_at IS NULL',
      [creditorId],
    );
    if (Number(count[0]?.n ?? 0) >= scenariosPerCreditorMax)
      throw new AppError('CONFLICT', `Un créancier garde au plus ${String(scenariosPerCreditorMax)} scénarios.`);
    const { rows } = await client.query<ScenarioRow>(
      `INSERT INTO collection_scenarios (id, creditor_id, name, steps, is_default) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, name, steps, is_default`,
      [id, creditorId, input.name.trim(), JSON.stringify(input.steps), input.isDefault],
    );
    await audit(client, actorId, 'debt_collection.scenario_created', id, input);
    return view(rows[0] as ScenarioRow);
  });
}

export async function updateScenario(
  db: Database,
  creditorId: string,
  actorId: string,
  scenarioId: string,
  input: ScenarioInput,
) {
  checked(input);
  return withTransaction(db.pool, async (client) => {
    await lockCreditor(client, creditorId, scenarioId, input.isDefault);
    const { rows } = await client.query<ScenarioRow>(
      `UPDATE collection_scenarios SET name = $3, steps = $4, is_default = $5, updated_at = now()
        WHERE id = $1 AND creditor_id = $2 AND archived_at IS NULL RETURNING id, name, steps, is_default`,
      [scenarioId, creditorId, input.name.trim(), JSON.stringify(input.steps), input.isDefault],
    );
    const row = rows[0];
    if (row === undefined) throw new AppError('NOT_FOUND', 'Scénario introuvable.');
    await audit(client, actorId, 'debt_collection.scenario_updated', scenarioId, input);
    return view(row);
  });
}

async function audit(client: pg.PoolClient, actorId: string, action: string, id: string, input: ScenarioInput) {
  await appendAudit(client, {
    actor: { accountId: actorId, label: `account:${actorId}` },
    action,
    subject: { type: 'collection_scenario', id },
    place: 'cloud',
    detail: { name: input.name, isDefault: input.isDefault, steps: input.steps.map((s) => s.key) },
  });
}

/**
 * The steps each file follows: its own scenario, else its creditor's default, else the built-in one (ISMAIL's own
 * files, creditors who never made one). Read in the caller's transaction.
 */
export async function stepsForFiles(
  client: pg.PoolClient,
  files: readonly { id: string; creditor_id: string | null; scenario_id: string | null }[],
): Promise<Map<string, readonly ScenarioStep[]>> {
  const ids = [...new Set(files.flatMap((f) => (f.scenario_id === null ? [] : [f.scenario_id])))];
  const creditors = [...new Set(files.map((f) => f.creditor_id ?? 'ismail'))];
  const { rows } = await client.query<{ id: string; creditor: string; steps: ScenarioStep[]; is_default: boolean }>(
    `SELECT id, coalesce(creditor_id::text, 'ismail') AS creditor, steps, is_default FROM collection_scenarios
      WHERE id = ANY($1::uuid[]) OR (is_default AND archived_at IS NULL AND coalesce(creditor_id::text, 'ismail') = ANY($2))`,
    [ids, creditors],
  );
  const byId = new Map(rows.map((r) => [r.id, r.steps]));
  const defaults = new Map(rows.filter((r) => r.is_default).map((r) => [r.creditor, r.steps]));
  return new Map(
    files.map((f) => [
      f.id,
      (f.scenario_id === null ? undefined : byId.get(f.scenario_id)) ??
        defaults.get(f.creditor_id ?? 'ismail') ??
        defaultScenarioSteps,
    ]),
  );
}
