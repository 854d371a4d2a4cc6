/**
 * Payments applied to a debt file (issue 26): the amount paid grows (never past what is owed) and a fully paid file is
 * closed, in the caller's transaction, so the money and the file commit together.
 */
import type pg from 'pg';
import type { DebtSource, DebtStatus } from '@ismail/shared';

/**
 * A payment of the source recorded on its file, if a file exists: the paid amount grows (never past what is owed) and
 * a fully paid file is closed. Answers null when the source has no file (paid before it was late).
 */
export async function recordDebtSourcePayment(
  client: pg.PoolClient,
  input: { source: DebtSource; sourceRef: string; amountXof: number; actor: string; detail?: Record<string, unknown> },
): Promise<{ fileId: string; status: DebtStatus; leftXof: number } | null> {
  const { rows } = await client.query<{ id: string; owed: string; paid_xof: string; status: DebtStatus }>(
    `SELECT id, principal_xof + fees_xof AS owed, paid_xof, status FROM collection_files
      WHERE source = $1 AND source_ref = $2 FOR UPDATE`,
    [input.source, input.sourceRef],
  );
  const file = rows[0];
  if (file === undefined) return null;
  const owed = Number(file.owed);
  const before = Number(file.paid_xof);
  const applied = Math.min(input.amountXof, owed - before);
  if (applied <= 0) return { fileId: file.id, status: file.status, leftXof: owed - before };
  const paid = before + applied;
  const status: DebtStatus = paid >= owed ? 'paid' : file.status;
  await client.query(
    `UPDATE collection_files SET paid_xof = $2, status = $3, closed_at = CASE WHEN $3 = 'paid' THEN now() ELSE closed_at END,
       updated_at = now() WHERE id = $1`,
    [file.id, paid, status],
  );
  await client.query(
    "INSERT INTO collection_file_events (file_id, kind, amount_xof, detail, actor) VALUES ($1, 'payment', $2, $3, $4)",
    [file.id, applied, input.detail ?? {}, input.actor],
  );
  if (status !== file.status)
    await client.query(
      "INSERT INTO collection_file_events (file_id, kind, detail, actor) VALUES ($1, 'status', $2, $3)",
      [file.id, { from: file.status, to: status }, input.actor],
    );
  return { fileId: file.id, status, leftXof: owed - paid };
}
