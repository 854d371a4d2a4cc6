/**
 * Seeds demo data once per database. The `demo_seed` row and the account inserts commit
 * together, so a crash mid-seed re-seeds cleanly and a second start never duplicates.
 */
import type { Database } from '../db/database.js';
import { hashPassword } from '../auth/password.js';
import type { CardService } from '../cards/cards.js';
import { activateAccount } from '../identity/accounts.js';
import { demoAccounts } from './accounts.js';

const seeder = { label: 'demo seed', place: 'cloud:demo' };

const seedName = 'demo-accounts-v1';

/** Demo accounts arrive as if their KYC was approved: active, with an ISMAIL ID and a card. */
export async function seedDemoData(db: Database, cards: CardService): Promise<{ seeded: boolean }> {
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
        `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (email) DO NOTHING`,
        [account.id, account.profile, account.displayName, account.firstName, account.lastName, account.email, await hashPassword(account.password)],
      );
      await activateAccount(client, account.id, seeder);
      await cards.issue(client, account.id, seeder);
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
