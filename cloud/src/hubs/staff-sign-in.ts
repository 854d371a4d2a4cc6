/**
 * Staff signing in at a hub's counter (SPEC 3.8): the hub passes the person's email and
 * password to the cloud with its own hub token, and the cloud says who they are and what
 * they may do at that counter. Only the establishment's owner and its staff may sign in at
 * its hubs; staff need "write" delegated to sell. Every answer is audited, refusals too.
 *
 * The hub keeps a salted verifier of the password it just saw accepted, so the same person
 * can sign in there for a few days while the cloud is out of reach (hub/src/staff).
 */
import { AppError, hubRoleFor, type Action, type HubStaffRole } from '@ismail/shared';
import { appendAudit } from '../audit/audit-log.js';
import { verifyPassword } from '../auth/password.js';
import { acceptTotp, claimTotpStep } from '../auth/totp.js';
import type { MasterKey } from '../crypto/sealed.js';
import type { Database } from '../db/database.js';
import { withTransaction } from '../db/transaction.js';
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
}

export async function signInStaffAtHub(db: Database, masterKey: MasterKey, hub: HubRecord, input: { email: string; password: string; totpCode?: string | undefined }): Promise<HubStaffIdentity> {
  const { rows } = await db.pool.query<StaffRow>(
    `SELECT id, ismail_id, display_name, status, password_hash, staff_of, delegated_actions, totp_secret_sealed, totp_enabled_at, totp_last_step
     FROM accounts WHERE email = $1`,
    [input.email.trim().toLowerCase()],
  );
  const account = rows[0];
  const passwordOk = await verifyPassword(input.password, account?.password_hash ?? decoyHash);
  const place = `hub:${hub.id}`;
  const refuse = async (why: string): Promise<never> => {
    if (account !== undefined) {
      await withTransaction(db.pool, (c) => appendAudit(c, { actor: { accountId: account.id, label: 'hub sign-in' }, action: 'hub.staff_sign_in_refused', subject: { type: 'hub', id: hub.id }, place, detail: { why } }));
    }
    throw new AppError('INVALID_CREDENTIALS');
  };
  if (account === undefined || !passwordOk) return refuse('password');
  if (account.status !== 'active') return refuse(account.status);
  const role = hubRoleFor({ isOwner: account.id === hub.partnerId, isStaff: account.staff_of === hub.partnerId, delegatedActions: account.delegated_actions ?? [] });
  if (role === null) return refuse('not staff of this establishment');
  if (account.totp_enabled_at !== null && account.totp_secret_sealed !== null) {
    if (input.totpCode === undefined) throw new AppError('SECOND_FACTOR_CODE_REQUIRED');
    const step = acceptTotp(masterKey, account.id, account.totp_secret_sealed, input.totpCode, account.totp_last_step === null ? null : Number(account.totp_last_step));
    if (step === undefined || !(await claimTotpStep(db.pool, account.id, step))) return refuse('authenticator code');
  }
  await withTransaction(db.pool, (c) => appendAudit(c, { actor: { accountId: account.id, label: 'hub sign-in' }, action: 'hub.staff_signed_in', subject: { type: 'hub', id: hub.id }, place, detail: { role } }));
  return { accountId: account.id, ismailId: account.ismail_id, name: account.display_name, role };
}

/** Who may sign in at this hub now: the owner and its active selling staff. Goes into the signed policy. */
export async function hubStaffIds(db: Database, hub: HubRecord): Promise<string[]> {
  const { rows } = await db.pool.query<{ id: string; staff_of: string | null; delegated_actions: Action[] | null }>(
    "SELECT id, staff_of, delegated_actions FROM accounts WHERE (id = $1 OR staff_of = $1) AND status = 'active' ORDER BY id LIMIT 500",
    [hub.partnerId],
  );
  return rows.filter((r) => hubRoleFor({ isOwner: r.id === hub.partnerId, isStaff: r.staff_of === hub.partnerId, delegatedActions: r.delegated_actions ?? [] }) !== null).map((r) => r.id);
}
