/**
 * Staff signing in at this counter (SPEC 3.8), with the cloud reachable or not.
 *
 * Online, the cloud checks the password (and authenticator code) and says who the person is
 * and their role here; the hub keeps a salted scrypt verifier of that password. Offline, the
 * same person may sign in with the same password for `hubStaffOfflineTtlS` after their last
 * online sign-in, if the cloud's signed policy still lists them, with at most
 * `hubStaffOfflineMaxFailures` wrong tries before the cached verifier is forgotten. A
 * refusal from the cloud forgets it at once (a changed password, a dismissed cashier).
 *
 * Someone enrolled in TOTP gives a current code offline too: the cloud sent, at their last
 * online sign-in here, a verifier table of their codes for the offline window (never the
 * secret; shared/sync/offline-totp). A code is taken once (compare-and-set on the step). A
 * manager without TOTP cannot sign in offline. Each try is counted before it is checked, in
 * one UPDATE ... RETURNING, so parallel guesses each count.
 *
 * A session is a random bearer token; only its SHA-256 is stored. It belongs to the screen it was
 * opened on: the hub's own (loopback) or one paired terminal on the shop LAN (issue 28), and is
 * valid from nowhere else. Every sign-in, refusal and sign-out goes to the hub's audit trail.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  AppError,
  hubStaffOfflineMaxFailures,
  hubStaffOfflineTtlS,
  hubStaffSessionTtlS,
  type HubStaffRole,
} from '@ismail/shared';
import type { HubDatabase } from '../store/open.js';
import { appendHubAudit } from '../store/audit.js';
import { matchOfflineTotp } from '@ismail/shared';
import { nodeOfflineTotpCrypto } from './offline-totp-crypto.js';
import type { CloudClient } from '../sync/cloud-client.js';
import type { HubCredentials } from '../sync/credentials.js';
import { checkVerifier, makeVerifier } from './password-verifier.js';
import { askCloudToSignIn } from './cloud-sign-in.js';

export interface StaffMember {
  readonly accountId: string;
  readonly name: string;
  readonly role: HubStaffRole;
  readonly mode: 'online' | 'offline';
  readonly expiresAt: string;
}

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** What ended: one session (signed out here), or every session of a person (the policy dropped them). */
export type StaffSessionsEnded = { readonly tokenHash: string } | { readonly accountId: string };
export const staffTokenHash = tokenHash;

/** What the desk needs of the hub's pairing and of the cloud's signed policy (CredentialStore, PolicyStore). */
export interface StaffDeskSources {
  readonly credentials: { load(): HubCredentials | null; readonly cloud: Pick<CloudClient, 'request'> };
  readonly policies: { current(): Promise<{ readonly staff: readonly string[]; readonly iat: number } | null> };
}

export class StaffDesk {
  private readonly credentials: StaffDeskSources['credentials'];
  private readonly policies: StaffDeskSources['policies'];
  private readonly endedListeners = new Set<(ended: StaffSessionsEnded) => void>();

  constructor(
    private readonly db: HubDatabase,
    sources: StaffDeskSources,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.credentials = sources.credentials;
    this.policies = sources.policies;
  }

  private openSession(
    identity: { accountId: string; name: string; role: HubStaffRole },
    mode: 'online' | 'offline',
    terminalId: string | null,
  ): { token: string; staff: StaffMember } {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = new Date(now.getTime() + hubStaffSessionTtlS[mode] * 1000).toISOString();
    this.db
      .prepare(
        'INSERT INTO staff_sessions (token_hash, account_id, name, role, mode, started_at, expires_at, terminal_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        tokenHash(token),
        identity.accountId,
        identity.name,
        identity.role,
        mode,
        now.toISOString(),
        expiresAt,
        terminalId,
      );
    return {
      token,
      staff: { accountId: identity.accountId, name: identity.name, role: identity.role, mode, expiresAt },
    };
  }

  /** `terminalId`: the paired terminal this person signs in on (null: the hub's own screen). */
  async signIn(
    input: {
      email: string;
      password: string;
      totpCode?: string | undefined;
    },
    terminalId: string | null = null,
  ): Promise<{ token: string; staff: StaffMember }> {
    const email = input.email.trim().toLowerCase();
    const answer = await askCloudToSignIn(this.credentials, { ...input, email });
    if (answer.kind === 'passthrough') throw answer.error;
    if (answer.kind === 'accepted') {
      const identity = answer.identity;
      const verifier = await makeVerifier(input.password);
      const totp = identity.offlineTotp ?? null;
      return this.db.transaction(() => {
        // One row per person and per email: a person whose email changed replaces their old row.
        this.db
          .prepare('DELETE FROM staff_credentials WHERE email = ? AND account_id <> ?')
          .run(email, identity.accountId);
        this.db
          .prepare(
            `INSERT INTO staff_credentials (account_id, email, name, ismail_id, role, verifier, confirmed_at, failed_attempts, totp_salt, totp_first_step, totp_digests, totp_last_step)
             VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, NULL)
             ON CONFLICT (account_id) DO UPDATE SET email = excluded.email, name = excluded.name, ismail_id = excluded.ismail_id, role = excluded.role, verifier = excluded.verifier,
               confirmed_at = excluded.confirmed_at, failed_attempts = 0, totp_salt = excluded.totp_salt, totp_first_step = excluded.totp_first_step, totp_digests = excluded.totp_digests, totp_last_step = NULL`,
          )
          .run(
            identity.accountId,
            email,
            identity.name.slice(0, 200),
            identity.ismailId,
            identity.role,
            verifier,
            this.now().toISOString(),
            totp?.salt ?? null,
            totp?.firstStep ?? null,
            totp === null ? null : Buffer.from(totp.digests, 'base64url'),
          );
        appendHubAudit(this.db, {
          actor: identity.accountId,
          action: 'staff.signed_in',
          detail: { mode: 'online', role: identity.role, terminalId },
        });
        return this.openSession(identity, 'online', terminalId);
      })();
    }
    if (answer.kind === 'refused') {
      this.db.transaction(() => {
        const forgotten = this.db.prepare('DELETE FROM staff_credentials WHERE email = ?').run(email).changes;
        appendHubAudit(this.db, {
          actor: email,
          action: 'staff.sign_in_refused',
          detail: { by: 'cloud', forgotCachedPassword: forgotten > 0 },
        });
      })();
      throw new AppError('INVALID_CREDENTIALS');
    }
    return this.signInOffline(email, input.password, input.totpCode, terminalId);
  }

  private async signInOffline(
    email: string,
    password: string,
    totpCode: string | undefined,
    terminalId: string | null,
  ): Promise<{ token: string; staff: StaffMember }> {
    const cached = this.db
      .prepare<
        [string],
        {
          account_id: string;
          name: string;
          role: HubStaffRole;
          verifier: string;
          confirmed_at: string;
          totp_salt: string | null;
          totp_first_step: number | null;
          totp_digests: Buffer | null;
        }
      >(
        'SELECT account_id, name, role, verifier, confirmed_at, totp_salt, totp_first_step, totp_digests FROM staff_credentials WHERE email = ?',
      )
      .get(email);
    const refuse = (
      why: string,
      forget: boolean,
      code:
        | 'INVALID_CREDENTIALS'
        | 'CLOUD_UNREACHABLE'
        | 'SECOND_FACTOR_CODE_REQUIRED'
        | 'OFFLINE_SIGN_IN_NEEDS_AUTHENTICATOR',
      message?: string,
    ): never => {
      this.db.transaction(() => {
        if (forget) this.db.prepare('DELETE FROM staff_credentials WHERE email = ?').run(email);
        appendHubAudit(this.db, {
          actor: email,
          action: 'staff.sign_in_refused',
          detail: { by: 'hub', offline: true, why },
        });
      })();
      throw new AppError(code, message);
    };
    const firstTime =
      'The cloud cannot be reached, and this person has not signed in at this counter online recently: the network is needed once.';
    if (cached === undefined) return refuse('not known here', false, 'CLOUD_UNREACHABLE', firstTime);
    if (this.now().getTime() - Date.parse(cached.confirmed_at) > hubStaffOfflineTtlS * 1000)
      return refuse('last online sign-in too old', true, 'CLOUD_UNREACHABLE', firstTime);
    const policy = await this.policies.current();
    if (policy === null)
      return refuse(
        'no valid policy',
        false,
        'CLOUD_UNREACHABLE',
        'The cloud cannot be reached and this hub’s policy has expired: sign-in needs the network.',
      );
    // A policy older than the person's last online sign-in may not know them yet (just hired).
    if (!policy.staff.includes(cached.account_id) && policy.iat * 1000 > Date.parse(cached.confirmed_at))
      return refuse('not listed in the policy', true, 'INVALID_CREDENTIALS');
    // The try is counted before it is checked, in one statement: parallel guesses each count.
    const reserved = this.db
      .prepare<[string], { failed_attempts: number }>(
        'UPDATE staff_credentials SET failed_attempts = failed_attempts + 1 WHERE account_id = ? RETURNING failed_attempts',
      )
      .get(cached.account_id);
    if (reserved === undefined) return refuse('cached password forgotten meanwhile', false, 'INVALID_CREDENTIALS');
    const tries = reserved.failed_attempts;
    if (tries > hubStaffOfflineMaxFailures)
      return refuse(`too many tries (${String(tries)}), cached password forgotten`, true, 'INVALID_CREDENTIALS');
    const failed = (what: string): never =>
      refuse(
        `wrong ${what} (${String(tries)})${tries >= hubStaffOfflineMaxFailures ? ', cached password forgotten' : ''}`,
        tries >= hubStaffOfflineMaxFailures,
        'INVALID_CREDENTIALS',
      );
    const giveBack = (): void =>
      void this.db
        .prepare('UPDATE staff_credentials SET failed_attempts = max(failed_attempts - 1, 0) WHERE account_id = ?')
        .run(cached.account_id);
    if (!(await checkVerifier(password, cached.verifier))) return failed('password');
    if (cached.totp_salt === null || cached.totp_first_step === null || cached.totp_digests === null) {
      if (cached.role === 'manager') {
        giveBack();
        return refuse('manager without an authenticator', false, 'OFFLINE_SIGN_IN_NEEDS_AUTHENTICATOR');
      }
    } else {
      if (totpCode === undefined) {
        giveBack();
        return refuse('authenticator code needed', false, 'SECOND_FACTOR_CODE_REQUIRED');
      }
      const key = await nodeOfflineTotpCrypto.scrypt(password, Buffer.from(cached.totp_salt, 'base64url'));
      const step = matchOfflineTotp(
        nodeOfflineTotpCrypto,
        key,
        { firstStep: cached.totp_first_step, digests: cached.totp_digests },
        totpCode.trim(),
        this.now().getTime(),
      );
      if (step === undefined) return failed('authenticator code');
      // Compare-and-set: of two sign-ins with one code, one claims its step.
      const claimed = this.db
        .prepare(
          'UPDATE staff_credentials SET totp_last_step = ? WHERE account_id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)',
        )
        .run(step, cached.account_id, step).changes;
      if (claimed !== 1) return failed('authenticator code (already used)');
    }
    return this.db.transaction(() => {
      this.db.prepare('UPDATE staff_credentials SET failed_attempts = 0 WHERE account_id = ?').run(cached.account_id);
      appendHubAudit(this.db, {
        actor: cached.account_id,
        action: 'staff.signed_in',
        detail: { mode: 'offline', role: cached.role, terminalId },
      });
      return this.openSession(
        { accountId: cached.account_id, name: cached.name, role: cached.role },
        'offline',
        terminalId,
      );
    })();
  }

  /**
   * The person behind a bearer token, or null. A session of someone the current policy no
   * longer lists ends here (the cloud removed them while they were signed in). `terminalId`:
   * the screen asking (null: the hub's own); a session opened on another screen is not valid
   * there. Undefined skips that check (the live channel, already behind the LAN gate).
   */
  async session(token: string, terminalId?: string | null): Promise<StaffMember | null> {
    const row = this.db
      .prepare<
        [string, string],
        {
          account_id: string;
          name: string;
          role: HubStaffRole;
          mode: 'online' | 'offline';
          started_at: string;
          expires_at: string;
          terminal_id: string | null;
        }
      >(
        'SELECT account_id, name, role, mode, started_at, expires_at, terminal_id FROM staff_sessions WHERE token_hash = ? AND ended_at IS NULL AND expires_at > ?',
      )
      .get(tokenHash(token), this.now().toISOString());
    if (row === undefined) return null;
    if (terminalId !== undefined && row.terminal_id !== terminalId) return null;
    const policy = await this.policies.current();
    // Only a policy signed after the session began can say the person was removed since.
    if (policy !== null && !policy.staff.includes(row.account_id) && policy.iat * 1000 > Date.parse(row.started_at)) {
      this.db.transaction(() => {
        this.db
          .prepare('UPDATE staff_sessions SET ended_at = ? WHERE account_id = ? AND ended_at IS NULL')
          .run(this.now().toISOString(), row.account_id);
        this.db.prepare('DELETE FROM staff_credentials WHERE account_id = ?').run(row.account_id);
        appendHubAudit(this.db, {
          actor: row.account_id,
          action: 'staff.session_ended',
          detail: { why: 'no longer listed in the policy' },
        });
      })();
      this.tellEnded({ accountId: row.account_id });
      return null;
    }
    return { accountId: row.account_id, name: row.name, role: row.role, mode: row.mode, expiresAt: row.expires_at };
  }

  signOut(token: string): boolean {
    const ended = this.db.transaction(() => {
      const row = this.db
        .prepare<[string], { account_id: string }>(
          'SELECT account_id FROM staff_sessions WHERE token_hash = ? AND ended_at IS NULL',
        )
        .get(tokenHash(token));
      if (row === undefined) return false;
      this.db
        .prepare('UPDATE staff_sessions SET ended_at = ? WHERE token_hash = ?')
        .run(this.now().toISOString(), tokenHash(token));
      appendHubAudit(this.db, { actor: row.account_id, action: 'staff.signed_out', detail: {} });
      return true;
    })();
    // Committed: the screens of this session (live channel) close now.
    if (ended) this.tellEnded({ tokenHash: tokenHash(token) });
    return ended;
  }

  /**
   * Ends every open session of a terminal (it was revoked), in the caller's transaction; returns
   * their token hashes, for `tellSessionsEnded` once committed.
   */
  endTerminalSessions(terminalId: string): string[] {
    return this.db
      .prepare<[string, string], { token_hash: string }>(
        'UPDATE staff_sessions SET ended_at = ? WHERE terminal_id = ? AND ended_at IS NULL RETURNING token_hash',
      )
      .all(this.now().toISOString(), terminalId)
      .map((r) => r.token_hash);
  }

  /** Tells the live channel that these sessions ended (committed elsewhere: a revoked terminal). */
  tellSessionsEnded(tokenHashes: readonly string[]): void {
    for (const hash of tokenHashes) this.tellEnded({ tokenHash: hash });
  }

  /** Listens for sessions ending (the live channel closes their screens); returns the unsubscribe. */
  onSessionsEnded(listener: (ended: StaffSessionsEnded) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  private tellEnded(ended: StaffSessionsEnded): void {
    for (const listener of this.endedListeners) listener(ended);
  }
}
