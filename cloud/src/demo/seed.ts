/**
 * Seeds demo data once per database: one account per profile (admins with TOTP), an agency
 * with its chief, a sales rep and an attached partner with a counter operator, each as if
 * KYC was approved (case, ISMAIL ID, card). The `demo_seed` row and everything else commit
 * together, so a crash mid-seed re-seeds cleanly and a second start never duplicates.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { profileRequiresSecondFactor } from '@ismail/shared';
import { hashPassword } from '../modules/identity/password.js';
import type { CardService } from '../modules/cards/cards.js';
import { seal, type MasterKey } from '../platform/crypto/sealed.js';
import type { Database } from '../platform/db/database.js';
import { withTransaction } from '../platform/db/transaction.js';
import { activateAccount } from '../modules/identity/accounts.js';
import { demoAccounts, demoStaff, demoTotpSecret } from './accounts.js';
import { demoPortrait } from './portrait.js';
import type { KycStore } from '../modules/kyc/documents.js';

const seeder = { label: 'demo seed', place: 'cloud:demo' };
const seedName = 'demo-identity-v2';
const agencyId = '00000000-0000-4000-9000-000000000001';

const byProfile = (profile: string): string => {
  const account = demoAccounts.find((a) => a.profile === profile);
  if (account === undefined) throw new Error(`demo data has no ${profile}`);
  return account.id;
};

async function approveKyc(
  client: pg.PoolClient,
  accountId: string,
  reviewerId: string,
  cards: CardService,
  documents: KycStore,
): Promise<void> {
  const caseId = randomUUID();
  // A case takes documents only in draft (migration 0028): drafted here, approved once the photo is in.
  await client.query(
    `INSERT INTO kyc_cases (id, account_id, state, consent_version, consent_at, checks) VALUES ($2, $1, 'draft', 'kyc-consent-2026-11', now(), '{"demo": true}')`,
    [accountId, caseId],
  );
  // A drawn portrait as the KYC photo: the card then carries its hash and the counter shows it.
  const names = await client.query<{ first_name: string | null; last_name: string | null; display_name: string }>(
    'SELECT first_name, last_name, display_name FROM accounts WHERE id = $1',
    [accountId],
  );
  const person = names.rows[0];
  const initials =
    person === undefined
      ? '?'
      : `${(person.first_name ?? person.display_name).charAt(0)}${(person.last_name ?? '').charAt(0)}`.toUpperCase();
  const photo = await demoPortrait(initials, Number.parseInt(accountId.slice(-2), 16) * 1.4);
  const documentId = randomUUID();
  await documents.write(documentId, photo, client);
  await client.query(
    "INSERT INTO kyc_documents (id, case_id, kind, content_type, size_bytes) VALUES ($1, $2, 'photo', 'image/png', $3)",
    [documentId, caseId, photo.length],
  );
  await client.query(
    "UPDATE kyc_cases SET state = 'approved', submitted_at = now(), reviewer_id = $2, decided_at = now(), decision_reason = 'demo data' WHERE id = $1",
    [caseId, reviewerId],
  );
  await activateAccount(client, accountId, seeder);
  await cards.issue(client, accountId, seeder);
}

export async function seedDemoData(
  db: Database,
  cards: CardService,
  masterKey: MasterKey,
  documents: KycStore,
): Promise<{ seeded: boolean }> {
  return withTransaction(db.pool, async (client) => {
    const claimed = await client.query(
      'INSERT INTO demo_seed (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING name',
      [seedName],
    );
    if (claimed.rowCount === 0) return { seeded: false };
    const passwordHash = await hashPassword(demoAccounts[0]?.password ?? '');
    await client.query(
      "INSERT INTO agencies (id, name, country) VALUES ($1, 'Agence Abidjan Plateau', 'CI') ON CONFLICT DO NOTHING",
      [agencyId],
    );
    for (const account of demoAccounts) {
      const admin = profileRequiresSecondFactor(account.profile);
      await client.query(
        `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, totp_secret_sealed, totp_enabled_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (email) DO NOTHING`,
        [
          account.id,
          account.profile,
          account.displayName,
          account.firstName,
          account.lastName,
          account.email,
          passwordHash,
          admin ? seal(masterKey, `totp:${account.id}`, Buffer.from(demoTotpSecret)) : null,
          admin ? new Date() : null,
        ],
      );
    }
    // The tree: the chief runs the agency, supervises the rep, who has the partner attached.
    await client.query('UPDATE accounts SET agency_id = $2 WHERE id = $1', [byProfile('agency_chief'), agencyId]);
    await client.query('UPDATE accounts SET agency_id = $2, supervisor_id = $3 WHERE id = $1', [
      byProfile('sales_rep'),
      agencyId,
      byProfile('agency_chief'),
    ]);
    await client.query('UPDATE accounts SET sales_rep_id = $2 WHERE id = $1', [
      byProfile('partner'),
      byProfile('sales_rep'),
    ]);
    await client.query(
      `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, staff_of, delegated_actions, status)
       VALUES ($1, 'partner', $2, $3, $4, $5, $6, $7, $8, 'active') ON CONFLICT (email) DO NOTHING`,
      [
        demoStaff.id,
        demoStaff.displayName,
        demoStaff.firstName,
        demoStaff.lastName,
        demoStaff.email,
        passwordHash,
        byProfile('partner'),
        [...demoStaff.delegatedActions],
      ],
    );
    for (const account of demoAccounts)
      await approveKyc(client, account.id, byProfile('hyper_admin'), cards, documents);
    return { seeded: true };
  });
}
