/**
 * A creditor's import of debt files (API.md §Files): every line checked first (format, then ISMAIL IDs against
 * active accounts); a dry run, or a file with any bad line, writes nothing; otherwise every new file is created in one
 * transaction, each with its `import` event, and one audit entry for the import. Idempotent: a line whose reference
 * the creditor already imported (source `import`, source_ref `<creditor>:<reference>`) is counted as existing, and
 * UNIQUE (source, source_ref) keeps two racing imports from creating it twice.
 */
import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { accountsByIsmailId, unknownIsmailId } from './file-debtor.js';
import type { Actor } from './file-writes.js';
import { prescriptionOn } from './files.js';
import { checkImportLines, readImportCells, type LineProblem } from './import-parse.js';

export interface ImportReport {
  readonly lines: number;
  readonly valid: number;
  readonly errors: LineProblem[];
  readonly created: number;
  readonly existing: number;
}

/** Rows per INSERT: bounded statements (parameters and memory), still few round trips for 5,000 lines. */
const insertBatch = 500;

export async function importDebtFiles(
  db: Database,
  actor: Actor,
  input: { filename: string; content: Buffer; dryRun: boolean },
): Promise<ImportReport> {
  const { rows, problems, lines } = checkImportLines(await readImportCells(input.filename, input.content));
  const accounts = await accountsByIsmailId(
    db.pool,
    rows.flatMap((r) => (r.ismailId === null ? [] : [r.ismailId])),
  );
  const errors = [...problems];
  const ready = rows.flatMap((r) => {
    const account = r.ismailId === null ? undefined : accounts.get(r.ismailId);
    if (r.ismailId !== null && account === undefined) {
      errors.push({ line: r.line, field: 'ismail_id', message: unknownIsmailId });
      return [];
    }
    if (account?.debtorId === actor.owner) {
      errors.push({ line: r.line, field: 'ismail_id', message: 'Vous ne pouvez pas être votre propre débiteur.' });
      return [];
    }
    // An account's name and contacts come from the account, never from the file.
    const debtor = account ?? { debtorId: null, name: r.name, phone: r.phone, email: r.email };
    return [{ ...r, debtor, sourceRef: `${actor.owner}:${r.reference}` }];
  });
  errors.sort((a, b) => a.line - b.line || a.field.localeCompare(b.field));
  const badLines = new Set(errors.map((e) => e.line));
  const known = await db.pool.query<{ source_ref: string }>(
    "SELECT source_ref FROM collection_files WHERE source = 'import' AND source_ref = ANY($1::text[])",
    [ready.map((r) => r.sourceRef)],
  );
  const existingRefs = new Set(known.rows.map((r) => r.source_ref));
  const report = { lines, valid: lines - badLines.size, errors, created: 0, existing: existingRefs.size };
  if (input.dryRun || errors.length > 0) return report;
  const fresh = ready.filter((r) => !existingRefs.has(r.sourceRef));
  const created = await withTransaction(db.pool, async (client) => {
    let count = 0;
    for (let start = 0; start < fresh.length; start += insertBatch) {
      const batch = fresh.slice(start, start + insertBatch).map((r) => ({ id: randomUUID(), ...r }));
      const inserted = await client.query<{ id: string; source_ref: string; principal_xof: string }>(
        `INSERT INTO collection_files (id, creditor_id, debtor_id, debtor_name, debtor_phone, debtor_email, source,
           source_ref, label, principal_xof, fees_xof, due_on, status, prescription_on)
         SELECT r.id, $1, r.debtor_id, r.debtor_name, r.debtor_phone, r.debtor_email, 'import', r.source_ref, r.label,
           r.principal_xof, r.fees_xof, r.due_on, 'open', r.prescription_on
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[],
           $10::bigint[], $11::date[], $12::date[])
           AS r (id, debtor_id, debtor_name, debtor_phone, debtor_email, source_ref, label, principal_xof, fees_xof,
             due_on, prescription_on)
         ON CONFLICT (source, source_ref) DO NOTHING RETURNING id, source_ref, principal_xof`,
        [
          actor.owner,
          batch.map((r) => r.id),
          batch.map((r) => r.debtor.debtorId),
          batch.map((r) => r.debtor.name.slice(0, 160)),
          batch.map((r) => r.debtor.phone),
          batch.map((r) => r.debtor.email),
          batch.map((r) => r.sourceRef),
          batch.map((r) => r.label),
          batch.map((r) => r.principalXof),
          batch.map((r) => r.feesXof),
          batch.map((r) => r.dueOn),
          batch.map((r) => prescriptionOn(r.dueOn)),
        ],
      );
      const lineOf = new Map(batch.map((r) => [r.sourceRef, r.line]));
      await client.query(
        `INSERT INTO collection_file_events (file_id, kind, amount_xof, detail, actor)
         SELECT e.file_id, 'import', e.amount_xof, jsonb_build_object('source', 'import', 'sourceRef', e.source_ref,
           'filename', $4::text, 'line', e.line), $5
         FROM unnest($1::uuid[], $2::bigint[], $3::text[], $6::int[]) AS e (file_id, amount_xof, source_ref, line)`,
        [
          inserted.rows.map((r) => r.id),
          inserted.rows.map((r) => r.principal_xof),
          inserted.rows.map((r) => r.source_ref),
          input.filename.slice(0, 200),
          actor.self,
          inserted.rows.map((r) => lineOf.get(r.source_ref) ?? 0),
        ],
      );
      count += inserted.rows.length;
    }
    await appendAudit(client, {
      actor: { accountId: actor.self, label: 'account' },
      action: 'debt.files_imported',
      subject: { type: 'account', id: actor.owner },
      place: 'cloud',
      detail: { filename: input.filename.slice(0, 200), lines, created: count, existing: existingRefs.size },
    });
    return count;
  });
  // A racing import that created some of them first: they exist, they were not created here.
  return { ...report, created, existing: lines - created };
}
