/**
 * Terminals paired to this hub (issue 28.1). A manager on the hub's own screen makes a one-time
 * code (8 digits, 5 minutes, single use: a compare-and-set on `used_at`); the terminal sends it
 * once and gets a number (never reused), a label and a device token. Only SHA-256 digests of
 * codes and tokens are stored. Revoking a terminal refuses its token at once (the gate reads
 * the row on every request) and ends its staff sessions in the same transaction.
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import {
  AppError,
  hubTerminalsMax,
  terminalPairingCodeDigits,
  terminalPairingCodeTtlS,
  terminalRegister,
} from '@ismail/shared';
import type { HubDatabase } from '../store/open.js';
import { appendHubAudit } from '../store/audit.js';
import type { StaffDesk } from '../staff/staff-desk.js';
import type { LanTerminal } from './request-terminal.js';
import { PairingLimiter } from './pairing-limiter.js';

/** Codes waiting at once: a manager clicking in a loop cannot grow the table. */
export const pairingCodesLiveMax = 10;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

interface TerminalRow {
  id: string;
  number: number;
  label: string;
  paired_at: string;
  revoked_at: string | null;
}

export interface TerminalView {
  readonly id: string;
  readonly number: number;
  readonly label: string;
  readonly register: string | null;
  readonly pairedAt: string;
  readonly revokedAt: string | null;
}

export type TerminalCheck = { readonly kind: 'paired'; readonly terminal: LanTerminal } | { readonly kind: 'revoked' };

export class TerminalRegistry {
  private readonly limiter: PairingLimiter;

  constructor(
    private readonly db: HubDatabase,
    private readonly staff: Pick<StaffDesk, 'endTerminalSessions' | 'tellSessionsEnded'>,
    /** The hub's register (from its cloud policy), for the terminals' registers; null before pairing. */
    private readonly hubRegister: () => Promise<string | null>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.limiter = new PairingLimiter(() => this.now().getTime());
  }

  /** A new one-time code, made by a manager on the hub's own screen. */
  createPairingCode(by: string): { code: string; expiresAt: string } {
    const now = this.now();
    const code = String(randomInt(0, 10 ** terminalPairingCodeDigits)).padStart(terminalPairingCodeDigits, '0');
    const expiresAt = new Date(now.getTime() + terminalPairingCodeTtlS * 1000).toISOString();
    this.db
      .transaction(() => {
        // Expired, unused codes serve nobody; used ones stay as the record of who paired what.
        this.db
          .prepare('DELETE FROM terminal_pairing_codes WHERE used_at IS NULL AND expires_at <= ?')
          .run(now.toISOString());
        const live = this.db
          .prepare<[], { n: number }>('SELECT count(*) AS n FROM terminal_pairing_codes WHERE used_at IS NULL')
          .get();
        if ((live?.n ?? 0) >= pairingCodesLiveMax)
          throw new AppError(
            'RATE_LIMITED',
            `Déjà ${String(pairingCodesLiveMax)} codes de jumelage en attente : utilisez-en un ou attendez qu’ils expirent.`,
          );
        this.db
          .prepare(
            'INSERT INTO terminal_pairing_codes (code_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?)',
          )
          .run(sha256(code), by, now.toISOString(), expiresAt);
        appendHubAudit(this.db, { actor: by, action: 'terminal.pairing_code_made', detail: { expiresAt } });
      })
      .immediate();
    return { code, expiresAt };
  }

  /** A terminal pairing with a code: its record and device token, or a refusal (unknown, used, expired, too many). */
  async pair(
    input: { code: string; label: string },
    address: string,
  ): Promise<{ terminal: TerminalView; token: string }> {
    if (!this.limiter.allows(address))
      throw new AppError('RATE_LIMITED', 'Trop de codes de jumelage erronés : patientez une minute.');
    const code = input.code.replace(/\s+/g, '');
    const token = randomBytes(32).toString('base64url');
    const now = this.now().toISOString();
    const label = input.label.trim().slice(0, 60) || 'Terminal';
    const id = randomUUID();
    const paired = this.db
      .transaction((): TerminalRow | null => {
        const claimed = this.db
          .prepare<[string, string, string], { created_by: string }>(
            'UPDATE terminal_pairing_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING created_by',
          )
          .get(now, sha256(code), now);
        if (claimed === undefined) return null;
        const next =
          (this.db.prepare<[], { n: number | null }>('SELECT max(number) AS n FROM terminals').get()?.n ?? 0) + 1;
        if (next > hubTerminalsMax)
          throw new AppError('CONFLICT', `Ce hub a déjà jumelé ${String(hubTerminalsMax)} terminaux.`);
        this.db
          .prepare(
            'INSERT INTO terminals (id, number, label, token_hash, paired_at, paired_by) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(id, next, label, sha256(token), now, claimed.created_by);
        this.db.prepare('UPDATE terminal_pairing_codes SET terminal_id = ? WHERE code_hash = ?').run(id, sha256(code));
        appendHubAudit(this.db, {
          actor: claimed.created_by,
          action: 'terminal.paired',
          detail: { terminalId: id, number: next, label, address },
        });
        return { id, number: next, label, paired_at: now, revoked_at: null };
      })
      .immediate();
    if (paired === null) {
      this.limiter.failed(address);
      this.db.transaction(() =>
        appendHubAudit(this.db, { actor: address, action: 'terminal.pairing_refused', detail: {} }),
      )();
      throw new AppError(
        'FORBIDDEN',
        'Code de jumelage inconnu, déjà utilisé ou expiré : demandez un nouveau code sur l’écran du hub.',
        [{ path: 'code', problem: 'INVALID' }],
      );
    }
    return { terminal: await this.view(paired), token };
  }

  /** The terminal behind a device token: paired, revoked, or null (unknown). */
  check(token: string): TerminalCheck | null {
    if (token.length === 0 || token.length > 100) return null;
    const row = this.db
      .prepare<[string], TerminalRow>(
        'SELECT id, number, label, paired_at, revoked_at FROM terminals WHERE token_hash = ?',
      )
      .get(sha256(token));
    if (row === undefined) return null;
    if (row.revoked_at !== null) return { kind: 'revoked' };
    return { kind: 'paired', terminal: { id: row.id, number: row.number, label: row.label } };
  }

  /** Revokes a terminal: its token refused from now on, its staff sessions ended. False: unknown or already revoked. */
  revoke(terminalId: string, by: string): boolean {
    const ended = this.db
      .transaction((): string[] | null => {
        const changed = this.db
          .prepare('UPDATE terminals SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL')
          .run(this.now().toISOString(), by, terminalId).changes;
        if (changed !== 1) return null;
        const hashes = this.staff.endTerminalSessions(terminalId);
        appendHubAudit(this.db, {
          actor: by,
          action: 'terminal.revoked',
          detail: { terminalId, sessionsEnded: hashes.length },
        });
        return hashes;
      })
      .immediate();
    if (ended === null) return false;
    this.staff.tellSessionsEnded(ended);
    return true;
  }

  async list(): Promise<TerminalView[]> {
    const rows = this.db
      .prepare<[], TerminalRow>('SELECT id, number, label, paired_at, revoked_at FROM terminals ORDER BY number')
      .all();
    return Promise.all(rows.map((r) => this.view(r)));
  }

  async byId(terminalId: string): Promise<TerminalView | null> {
    const row = this.db
      .prepare<[string], TerminalRow>('SELECT id, number, label, paired_at, revoked_at FROM terminals WHERE id = ?')
      .get(terminalId);
    return row === undefined ? null : this.view(row);
  }

  private async view(row: TerminalRow): Promise<TerminalView> {
    const hub = await this.hubRegister();
    return {
      id: row.id,
      number: row.number,
      label: row.label,
      register: hub === null ? null : terminalRegister(hub, row.number),
      pairedAt: row.paired_at,
      revokedAt: row.revoked_at,
    };
  }
}
