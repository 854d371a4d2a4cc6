/**
 * Erasure (issue 27, right to erasure, law 2013-450 art. 30): in ONE transaction, every registered table's rows of the
 * person are deleted, pseudonymised or kept as their module declared; the account can no longer sign in. Idempotent:
 * a second run finds nothing left to delete and writes the same pseudonyms. Audit rows are never touched: the chain
 * must still verify. The KYC files (outside the database) are removed by the caller after commit.
 */
import { createHmac } from 'node:crypto';
import type pg from 'pg';
import type { ColumnErasure, PersonalDataTable } from '../../platform/personal-data.js';
import type { DocumentStore } from '../../platform/documents/types.js';

/** Document kinds whose bytes go with the person; leases, receipts and invoices' PDFs stay (contracts, tax law). */
const erasedDocumentKinds = ['kyc', 'export', 'data_export', 'ticket_attachment'];

export const whereOf = (t: PersonalDataTable): string => {
  if (t.subjectColumn !== undefined) return `${t.subjectColumn} = $1`;
  if (t.subjectSql !== undefined) return `(${t.subjectSql})`;
  throw new Error(`personal-data declaration ${t.module}.${t.table} names no subject`);
};

/** « Personne effacée 1a2b3c4d »: keyed, so one person always gets one pseudonym and nobody can reverse it. */
export function pseudonymHex(key: Buffer, accountId: string, length: number): string {
  return createHmac('sha256', key).update(`privacy-pseudonym:${accountId}`).digest('hex').slice(0, length);
}

interface ColumnType {
  readonly dataType: string;
  readonly nullable: boolean;
}

async function columnTypes(client: pg.PoolClient, table: string): Promise<Map<string, ColumnType>> {
  const { rows } = await client.query<{ column_name: string; data_type: string; is_nullable: string }>(
    `SELECT column_name, data_type, is_nullable FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1`,
    [table],
  );
  return new Map(rows.map((r) => [r.column_name, { dataType: r.data_type, nullable: r.is_nullable === 'YES' }]));
}

/** The SQL value a column gets; a 'null' on a NOT NULL column is redacted instead (the row must stay valid). */
function replacement(column: string, how: ColumnErasure, type: ColumnType, pseudonym: string, hex16: string): string {
  const text = type.dataType === 'text' || type.dataType === 'character varying';
  if (how === 'pseudonym' && text)
    // An e-mail column stays unique and well-formed (accounts.email is UNIQUE and lower-case); .invalid never delivers.
    return column.includes('email') ? `'effacee-${hex16}@personne-effacee.invalid'` : `'${pseudonym}'`;
  if (how === 'null' && type.nullable) return 'NULL';
  if (text) return `'[effacé]'`;
  if (type.dataType === 'jsonb') return `'{}'::jsonb`;
  if (type.dataType === 'bytea') return `'\\x'::bytea`;
  if (type.nullable) return 'NULL';
  throw new Error(`cannot erase ${column} (${type.dataType} NOT NULL)`);
}

export interface ErasureResult {
  /** Rows deleted or pseudonymised per `<module>/<table>` (no value, only counts: they go to the audit). */
  readonly counts: Record<string, number>;
  readonly kycDocumentIds: string[];
  readonly documentsErased: number;
}

export async function eraseAccount(
  client: pg.PoolClient,
  input: {
    readonly accountId: string;
    readonly pseudonymKey: Buffer;
    readonly registry: readonly PersonalDataTable[];
    readonly store: DocumentStore | undefined;
  },
): Promise<ErasureResult> {
  const { accountId } = input;
  const pseudonym = `Personne effacée ${pseudonymHex(input.pseudonymKey, accountId, 8)}`;
  const hex16 = pseudonymHex(input.pseudonymKey, accountId, 16);
  const counts: Record<string, number> = {};
  // KYC files live on disk: their ids are read before the rows go, removed by the caller once committed.
  const kyc = await client.query<{ id: string }>(
    'SELECT d.id FROM kyc_documents d JOIN kyc_cases c ON c.id = d.case_id WHERE c.account_id = $1',
    [accountId],
  );
  let documentsErased = 0;
  if (input.store !== undefined) {
    const owned = await client.query<{ id: string }>(
      `SELECT id FROM documents WHERE owner_account_id = $1 AND erased_at IS NULL AND kind = ANY($2::text[])`,
      [accountId, erasedDocumentKinds],
    );
    for (const d of owned.rows) await input.store.erase(d.id, 'Effacement des données personnelles', client);
    documentsErased = owned.rows.length;
  }
  for (const t of input.registry) {
    const key = `${t.module}/${t.table}`;
    if (t.onErasure === 'keep') continue;
    if (t.onErasure === 'delete') {
      const r = await client.query(`DELETE FROM ${t.table} WHERE ${whereOf(t)}`, [accountId]).catch((e: unknown) => {
        throw new Error(`erasure of ${key} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      });
      counts[key] = r.rowCount ?? 0;
      continue;
    }
    const types = await columnTypes(client, t.table);
    const sets = Object.entries(t.columns)
      .filter(([, how]) => how !== 'keep')
      .map(([column, how]) => {
        const type = types.get(column);
        if (type === undefined) throw new Error(`${key}: no column ${column}`);
        return `${column} = ${replacement(column, how, type, pseudonym, hex16)}`;
      });
    if (sets.length === 0) continue;
    const r = await client.query(`UPDATE ${t.table} SET ${sets.join(', ')} WHERE ${whereOf(t)}`, [accountId]);
    counts[key] = r.rowCount ?? 0;
  }
  // Signing in: no password (redacted above), no session, no social identity; 'closed' refuses every way in.
  await client.query(`UPDATE accounts SET status = 'closed', status_changed_at = now() WHERE id = $1`, [accountId]);
  return { counts, kycDocumentIds: kyc.rows.map((r) => r.id), documentsErased };
}
