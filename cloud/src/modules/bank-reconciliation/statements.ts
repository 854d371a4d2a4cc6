/**
 * Bank statements of one owner (a partner, or ISMAIL: null): saved CSV mappings, the import (idempotent on the file's
 * SHA-256: the same file is the same statement, even when two imports race), the list, and a statement's lines with
 * their matches and, for open lines, the suggestions scored against the owner's own targets.
 */
import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { parseCamt053, type ParsedStatement } from './parse-camt.js';
import { checkMapping, parseBankCsv, type BankMapping } from './parse-csv.js';
import { TargetIndex, type Suggestion, type TargetType } from './scoring.js';
import { targetsOf } from './targets.js';

export type Owner = string | null;
export type LineStatus = 'open' | 'reconciled' | 'split' | 'disputed';
export const maxStatementBytes = 5 * 1024 * 1024;

export interface StatementView {
  id: string;
  bankName: string;
  accountIban: string | null;
  fromDate: string | null;
  toDate: string | null;
  openingXof: number | null;
  closingXof: number | null;
  lines: number;
  reconciled: number;
  disputed: number;
  importedAt: string;
}

export interface LineView {
  id: string;
  bookedOn: string;
  amountXof: number;
  reference: string;
  counterpartyName: string;
  label: string;
  status: LineStatus;
  problem: string | null;
  disputeReason: string | null;
  matches: { targetType: TargetType; targetId: string; amountXof: number }[];
  suggestions: Suggestion[];
}

export interface ImportInput {
  format: 'camt053' | 'csv';
  bankName?: string | undefined;
  fileName: string;
  content: string;
}

const statementColumns = `s.id, s.bank_name, s.account_iban, s.from_date::text AS from_date, s.to_date::text AS to_date,
  s.opening_xof, s.closing_xof, s.imported_at,
  (SELECT count(*) FROM bank_lines l WHERE l.statement_id = s.id) AS lines,
  (SELECT count(*) FROM bank_lines l WHERE l.statement_id = s.id AND l.status IN ('reconciled', 'split')) AS reconciled,
  (SELECT count(*) FROM bank_lines l WHERE l.statement_id = s.id AND l.status = 'disputed') AS disputed`;

interface StatementRow {
  id: string;
  bank_name: string;
  account_iban: string | null;
  from_date: string | null;
  to_date: string | null;
  opening_xof: string | null;
  closing_xof: string | null;
  imported_at: Date;
  lines: string;
  reconciled: string;
  disputed: string;
}

const statementView = (r: StatementRow): StatementView => ({
  id: r.id,
  bankName: r.bank_name,
  accountIban: r.account_iban,
  fromDate: r.from_date,
  toDate: r.to_date,
  openingXof: r.opening_xof === null ? null : Number(r.opening_xof),
  closingXof: r.closing_xof === null ? null : Number(r.closing_xof),
  lines: Number(r.lines),
  reconciled: Number(r.reconciled),
  disputed: Number(r.disputed),
  importedAt: r.imported_at.toISOString(),
});

export class BankStatements {
  constructor(private readonly db: Database) {}

  async mappings(owner: Owner): Promise<BankMapping[]> {
    const { rows } = await this.db.pool.query<{ mapping: BankMapping }>(
      'SELECT mapping FROM bank_mappings WHERE owner_id IS NOT DISTINCT FROM $1 ORDER BY bank_name',
      [owner],
    );
    return rows.map((r) => r.mapping);
  }

  async saveMapping(owner: Owner, actorId: string, mapping: BankMapping): Promise<BankMapping> {
    checkMapping(mapping);
    await withTransaction(this.db.pool, async (client) => {
      await client.query(
        `INSERT INTO bank_mappings (owner_id, bank_name, mapping) VALUES ($1, $2, $3)
         ON CONFLICT ON CONSTRAINT bank_mappings_once DO UPDATE SET mapping = EXCLUDED.mapping, updated_at = now()`,
        [owner, mapping.bankName, mapping],
      );
      await appendAudit(client, {
        actor: { accountId: actorId, label: actorId },
        action: 'bank.mapping_saved',
        subject: { type: 'bank_mapping', id: `${owner ?? 'ismail'}:${mapping.bankName}`.slice(0, 100) },
        place: 'cloud',
        detail: { bankName: mapping.bankName },
      });
    });
    return mapping;
  }

  /** The statement, and whether this call created it (false: the same file was imported before). */
  async import(
    owner: Owner,
    actorId: string,
    input: ImportInput,
  ): Promise<{ statement: StatementView; created: boolean }> {
    if (Buffer.byteLength(input.content, 'utf8') > maxStatementBytes)
      throw new AppError('PAYLOAD_TOO_LARGE', 'Le relevé dépasse 5 Mo : découpez-le par période.');
    const sha256 = createHash('sha256').update(input.content, 'utf8').digest('hex');
    const earlier = await this.byHash(owner, sha256);
    if (earlier !== null) return { statement: earlier, created: false };
    let parsed: ParsedStatement;
    let bankName = input.bankName?.trim() ?? '';
    if (input.format === 'camt053') {
      parsed = parseCamt053(input.content);
      if (bankName === '') bankName = 'camt.053';
    } else {
      if (bankName === '')
        throw new AppError(
          'VALIDATION_FAILED',
          'Indiquez la banque (bankName) dont la correspondance des colonnes sert.',
        );
      const mapping = (await this.mappings(owner)).find((m) => m.bankName === bankName);
      if (mapping === undefined)
        throw new AppError('VALIDATION_FAILED', `Aucune correspondance de colonnes enregistrée pour « ${bankName} ».`);
      parsed = parseBankCsv(input.content, mapping);
    }
    const days = parsed.lines.map((l) => l.bookedOn).sort();
    const id = randomUUID();
    const inserted = await withTransaction(this.db.pool, async (client) => {
      const { rowCount } = await client.query(
        `INSERT INTO bank_statements (id, owner_id, format, bank_name, file_name, file_sha256, account_iban, from_date,
           to_date, opening_xof, closing_xof, imported_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT ON CONSTRAINT bank_statements_file_once DO NOTHING`,
        [
          id,
          owner,
          input.format,
          bankName.slice(0, 60),
          input.fileName.slice(0, 200),
          sha256,
          parsed.accountIban,
          days[0] ?? null,
          days.at(-1) ?? null,
          parsed.openingXof,
          parsed.closingXof,
          actorId,
        ],
      );
      if (rowCount === 0) return false;
      await insertLines(client, id, owner, actorId, parsed);
      await appendAudit(client, {
        actor: { accountId: actorId, label: actorId },
        action: 'bank.statement_imported',
        subject: { type: 'bank_statement', id },
        place: 'cloud',
        detail: { format: input.format, lines: parsed.lines.length, sha256 },
      });
      return true;
    });
    const statement = await this.byHash(owner, sha256);
    if (statement === null) throw new Error('bank statement vanished after its import');
    return { statement, created: inserted };
  }

  async list(owner: Owner): Promise<StatementView[]> {
    const { rows } = await this.db.pool.query<StatementRow>(
      `SELECT ${statementColumns} FROM bank_statements s WHERE s.owner_id IS NOT DISTINCT FROM $1
       ORDER BY s.imported_at DESC LIMIT 200`,
      [owner],
    );
    return rows.map(statementView);
  }

  async get(owner: Owner, statementId: string): Promise<{ statement: StatementView; lines: LineView[] }> {
    const { rows } = await this.db.pool.query<StatementRow>(
      `SELECT ${statementColumns} FROM bank_statements s WHERE s.id = $1 AND s.owner_id IS NOT DISTINCT FROM $2`,
      [statementId, owner],
    );
    const row = rows[0];
    if (row === undefined) throw new AppError('NOT_FOUND', 'Relevé introuvable.');
    const statement = statementView(row);
    return { statement, lines: await lineViews(this.db.pool, owner, { statementId }, statement) };
  }

  private async byHash(owner: Owner, sha256: string): Promise<StatementView | null> {
    const { rows } = await this.db.pool.query<StatementRow>(
      `SELECT ${statementColumns} FROM bank_statements s WHERE s.owner_id IS NOT DISTINCT FROM $1 AND s.file_sha256 = $2`,
      [owner, sha256],
    );
    return rows[0] === undefined ? null : statementView(rows[0]);
  }
}

async function insertLines(
  client: pg.PoolClient,
  statementId: string,
  owner: Owner,
  actorId: string,
  parsed: ParsedStatement,
) {
  const ids = parsed.lines.map(() => randomUUID());
  await client.query(
    `INSERT INTO bank_lines (id, statement_id, owner_id, position, booked_on, amount_xof, reference, counterparty_name,
       label, problem)
     SELECT id, $2, $3, position, booked_on, amount_xof, reference, counterparty_name, label, problem
     FROM unnest($1::uuid[], $4::int[], $5::date[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::text[])
       AS t (id, position, booked_on, amount_xof, reference, counterparty_name, label, problem)`,
    [
      ids,
      statementId,
      owner,
      parsed.lines.map((_, i) => i + 1),
      parsed.lines.map((l) => l.bookedOn),
      parsed.lines.map((l) => l.amountXof),
      parsed.lines.map((l) => l.reference),
      parsed.lines.map((l) => l.counterpartyName),
      parsed.lines.map((l) => l.label),
      parsed.lines.map((l) => l.problem),
    ],
  );
  await client.query(
    `INSERT INTO bank_line_events (line_id, at, actor_id, action) SELECT unnest($1::uuid[]), now(), $2, 'imported'`,
    [ids, actorId],
  );
}

interface LineRow {
  id: string;
  booked_on: string;
  amount_xof: string;
  reference: string;
  counterparty_name: string;
  label: string;
  status: LineStatus;
  problem: string | null;
  dispute_reason: string | null;
  matches: { targetType: TargetType; targetId: string; amountXof: number }[];
}

/** Lines of a statement (or one line) with their matches; open lines get suggestions from the owner's free targets. */
export async function lineViews(
  db: Pick<pg.Pool, 'query'>,
  owner: Owner,
  which: { statementId: string } | { lineId: string },
  window?: { fromDate: string | null; toDate: string | null },
): Promise<LineView[]> {
  const { rows } = await db.query<LineRow>(
    `SELECT l.id, l.booked_on::text AS booked_on, l.amount_xof, l.reference, l.counterparty_name, l.label, l.status,
            l.problem, l.dispute_reason,
            coalesce((SELECT json_agg(json_build_object('targetType', m.target_type, 'targetId', m.target_id,
                        'amountXof', m.amount_xof) ORDER BY m.id) FROM bank_matches m WHERE m.line_id = l.id), '[]') AS matches
     FROM bank_lines l
     WHERE l.owner_id IS NOT DISTINCT FROM $1 AND ${'statementId' in which ? 'l.statement_id' : 'l.id'} = $2
     ORDER BY l.position`,
    [owner, 'statementId' in which ? which.statementId : which.lineId],
  );
  const open = rows.filter((r) => r.status === 'open' && r.problem === null);
  let index: TargetIndex | null = null;
  let taken = new Set<string>();
  if (open.length > 0) {
    const days = open.map((r) => r.booked_on).sort();
    index = new TargetIndex(
      await targetsOf(db, owner, {
        from: window?.fromDate ?? days[0] ?? null,
        to: window?.toDate ?? days.at(-1) ?? null,
      }),
    );
    const matched = await db.query<{ key: string }>(
      `SELECT m.target_type || ':' || m.target_id AS key FROM bank_matches m JOIN bank_lines l ON l.id = m.line_id
       WHERE l.owner_id IS NOT DISTINCT FROM $1`,
      [owner],
    );
    taken = new Set(matched.rows.map((r) => r.key));
  }
  return rows.map((r) => {
    const line = {
      id: r.id,
      bookedOn: r.booked_on,
      amountXof: Number(r.amount_xof),
      reference: r.reference,
      counterpartyName: r.counterparty_name,
      label: r.label,
      status: r.status,
      problem: r.problem,
      disputeReason: r.dispute_reason,
      matches: r.matches.map((m) => ({ ...m, amountXof: Number(m.amountXof) })),
    };
    const suggestions = index !== null && r.status === 'open' && r.problem === null ? index.suggest(line, taken) : [];
    return { ...line, suggestions };
  });
}
