/** The creditor's staff, who may be assigned its files (API.md §Files). Reads only. */
import type { Database } from '../../platform/db/database.js';

/** A partner's staff is a handful of people; the bound keeps a mistake from listing thousands. */
const agentsMax = 200;

export async function creditorAgents(db: Database, creditor: string): Promise<{ id: string; name: string }[]> {
  const { rows } = await db.pool.query<{ id: string; name: string }>(
    `SELECT id, display_name AS name FROM accounts WHERE staff_of = $1 AND status = 'active'
      ORDER BY display_name, id LIMIT ${String(agentsMax)}`,
    [creditor],
  );
  return rows;
}
