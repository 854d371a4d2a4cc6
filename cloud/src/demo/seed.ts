/**
 * Seeds demo data once per database. The `demo_seed` row and the account inserts commit
 * together, so a crash mid-seed re-seeds cleanly and a second start never duplicates.
 */
import type { Database } from '../db/database.js';
import { hashPassword } from '../auth/password.js';
import { demoAccounts } from './accounts.js';

const seedName = 'demo-accounts-v1';

export async function seedDemoData(db: Database): Promise<{ seeded: boolean }> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const claimed = await client.query("INSERT INTO demo_seed (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING name", [seedName]);
    if (claimed.rowCount === 0) {
      await client.query('ROLLBACK');
      return { seeded: false };
    }
    for (const account of demoAccounts) {
      await client.query(
        `INSERT INTO accounts (id, profile, display_name, email, password_hash) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (email) DO NOTHING`,
        [account.id, account.profile, account.displayName, account.email, await hashPassword(account.password)],
      );
    }
    await client.query('COMMIT');
    return { seeded: true };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
