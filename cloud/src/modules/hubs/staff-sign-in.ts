/**
 * Staff signing in at a hub's counter (SPEC 3.8): the hub passes the person's email and
 * password to the cloud with its own hub token, and the cloud says who they are and what
 * they may do at that counter. Only the establishment's owner and its staff may sign in at
 * its hubs; staff need "write" delegated to sell. Every answer is audited, refusals too.
 *
 * The hub keeps a salted verifier of the password it just saw accepted, so the same person
 * can sign in there for a few days while the cloud is out of reach (hub/src/staff). For a
 * person enrolled in TOTP, the answer also carries an offline verifier table of their next
 * codes, keyed on that password (shared/sync/offline-totp says why not the secret): offline,
 * the hub asks for the code too. Tries are counted per hub and email in PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import {
  AppError,
  hubRoleFor,
  offlineTotpDigests,
  offlineTotpSaltBytes,
  type Action,
  type HubStaffRole,
  type OfflineTotpTable,
} from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { verifyPassword } from '../identity/password.js';
import {
  giveBackAttempt,
  normalisedEmail,
  reserveAttempt,
  signInBudget,
  totpBudget,
} from '../identity/sign-in-attempts.js';
import { nodeOfflineTotpCrypto } from '../identity/offline-totp-crypto.js';
import { acceptTotp, claimTotpStep, totpSecretBytes } from '../identity/totp.js';
import type { MasterKey } from '../../platform/crypto/sealed.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { HubRecord } from './registry.js';

/** Same cost as a real check, so an unknown email answers no faster than a wrong password. */
const decoyHash = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

interface StaffRow {
  id: string;
  ismail_id: string | null;
  display_name: string;
  status: string;
  password_hash: string;
  staff_of: string | null;
  delegated_actions: Action[] | null;
  totp_secret_sealed: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: string | null;
}

export interface HubStaffIdentity {
  readonly accountId: string;
  readonly ismailId: string | null;
  readonly name: string;
  readonly role: HubStaffRole;
  /**
   * Enrolled in TOTP: what the hub needs to check their codes offline; null: not enrolled (a manager then cannot sign
   * in offline).
   */
  readonly offlineTotp: OfflineTotpTable | null;
}

export async function signInStaffAtHub(
  db: Database,
  masterKey: MasterKey,
  hub: HubRecord,
  input: { email: string; password: string; totpCode?: string | undefined },
): Promise<HubStaffIdentity> {
  const email = normalisedEmail(input.email);
  // Per hub and email, shared by every cloud process: guesses through one hub slow that hub only.
  const slot = await reserveAttempt(db.pool, 'hub', [email, hub.id], signInBudget);
  if (!slot.allowed)
    throw new AppError(
      'RATE_LIMITED',
      'Too many sign-in attempts for this person at this hub; wait a quarter of an hour.',
    );
  const { rows } = await db.pool.query<StaffRow>(
    `SELECT id, ismail_id, display_name, status, password_hash, staff_of, delegated_actions, totp_secret_sealed, totp_enabled_at, totp_last_step
     FROM accounts WHERE email = $1`,
    [email],
  );
  const account = rows[0];
  const passwordOk = await verifyPassword(input.password, account?.password_hash ?? decoyHash);
  const place = `hub:${hub.id}`;
  const refuse = async (why: string): Promise<never> => {
    if (account !== undefined) {
      await withTransaction(db.pool, (c) =>
        appendAudit(c, {
          actor: { accountId: account.id, label: 'hub sign-in' },
          action: 'hub.staff_sign_in_refused',
          subject: { type: 'hub', id: hub.id },
          place,
          detail: { why },
        }),
      );
    }
    throw new AppError('INVALID_CREDENTIALS');
  };
  if (account === undefined || !passwordOk) return refuse('password');
  if (account.status !== 'active') return refuse(account.status);
  const role = hubRoleFor({
    isOwner: account.id === hub.partnerId,
    isStaff: account.staff_of === hub.partnerId,
    delegatedActions: account.delegated_actions ?? [],
  });
  if (role === null) return refuse('not staff of this establishment');
  let offlineTotp: OfflineTotpTable | null = null;
  if (account.totp_enabled_at !== null && account.totp_secret_sealed !== null) {
    if (input.totpCode === undefined) {
      await giveBackAttempt(db.pool, slot);
      throw new AppError('SECOND_FACTOR_CODE_REQUIRED');
    }
    const codeSlot = await reserveAttempt(db.pool, 'totp', [account.id], totpBudget);
    if (!codeSlot.allowed)
      throw new AppError(
        'RATE_LIMITED',
        'Too many wrong authenticator codes for this account; wait a quarter of an hour.',
      );
    const step = acceptTotp(
      masterKey,
      account.id,
      account.totp_secret_sealed,
      input.totpCode,
      account.totp_last_step === null ? null : Number(account.totp_last_step),
    );
    if (step === undefined || !(await claimTotpStep(db.pool, account.id, step))) return refuse('authenticator code');
    await giveBackAttempt(db.pool, codeSlot);
    // From the step after the one just used, so that code cannot be replayed offline.
    const salt = randomBytes(offlineTotpSaltBytes);
    const digests = await offlineTotpDigests(nodeOfflineTotpCrypto, {
      secret: totpSecretBytes(masterKey, account.id, account.totp_secret_sealed),
      password: input.password,
      salt,
      firstStep: step + 1,
    });
    offlineTotp = {
      salt: salt.toString('base64url'),
      firstStep: step + 1,
      digests: Buffer.from(digests).toString('base64url'),
    };
  }
  await giveBackAttempt(db.pool, slot);
  await withTransaction(db.pool, (c) =>
    appendAudit(c, {
      actor: { accountId: account.id, label: 'hub sign-in' },
      action: 'hub.staff_signed_in',
      subject: { type: 'hub', id: hub.id },
      place,
      detail: { role, offlineTotp: offlineTotp !== null },
    }),
  );
  return { accountId: account.id, ismailId: account.ismail_id, name: account.display_name, role, offlineTotp };
}

/** Who may sign in at this hub now: the owner and its active selling staff. Goes into the signed policy. */
export async function hubStaffIds(db: Database, hub: HubRecord): Promise<string[]> {
  const { rows } = await db.pool.query<{ id: string; staff_of: string | null; delegated_actions: Action[] | null }>(
    "SELECT id, staff_of, delegated_actions FROM accounts WHERE (id = $1 OR staff_of = $1) AND status = 'active' ORDER BY id LIMIT 500",
    [hub.partnerId],
  );
  return rows
    .filter(
      (r) =>
        hubRoleFor({
          isOwner: r.id === hub.partnerId,
          isStaff: r.staff_of === hub.partnerId,
          delegatedActions: r.delegated_actions ?? [],
        }) !== null,
    )
    .map((r) => r.id);
}
