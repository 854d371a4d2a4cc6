/**
 * Retention (issue 27): each kind's days (`document_retention`) set a document's `erase_after` when it is stored; this
 * job erases what is past it (the test clock's now), one transaction and one audit entry per document, and removes
 * the rows of writes a crashed process never finished.
 */
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { appendAudit } from '../../platform/audit/audit-log.js';
import type { PgDocumentStore } from '../../platform/documents/store.js';

/** Per run: a backlog (the first run after a long stop) is worked through over several runs. */
const batch = 500;
/** A write unfinished after this long belongs to a process that died mid-way. */
const abandonedAfter = '1 day';

export async function eraseDueDocuments(db: Database, store: PgDocumentStore, now: () => Date): Promise<number> {
  const { rows } = await db.pool.query<{ id: string; kind: string }>(
    `SELECT id, kind FROM documents
      WHERE erased_at IS NULL AND sha256 IS NOT NULL AND erase_after <= $1
      ORDER BY erase_after LIMIT ${String(batch)}`,
    [now()],
  );
  for (const row of rows) {
    await withTransaction(db.pool, async (client) => {
      await store.erase(row.id, 'retention', client);
      await appendAudit(client, {
        actor: { label: 'job:documents-retention' },
        action: 'document.erased',
        subject: { type: 'document', id: row.id },
        place: 'cloud',
        detail: { kind: row.kind, reason: 'retention' },
      });
    });
  }
  await db.pool.query(
    `DELETE FROM documents
      WHERE sha256 IS NULL AND erased_at IS NULL AND created_at < now() - interval '${abandonedAfter}'
        AND NOT EXISTS (SELECT 1 FROM export_jobs j WHERE j.document_id = documents.id)`,
  );
  return rows.length;
}
