/**
 * The ID desk's checks (issue 23): a card token scanned by staff, or an ISMAIL ID typed by them, answered with the
 * verdict and who the holder is (role, status, whether a photo exists), each logged as a verification by that
 * verifier at the desk's place and audited (a look-up reveals a person). The verdict itself is the online
 * verification of cards/verification.ts: a typed ID is checked through the token of the holder's card in force, so
 * a revoked, suspended or expired card is refused for the same reason as when scanned.
 */
import type pg from 'pg';
import {
  AppError,
  cardRefusalMessages,
  cardRefusalReasons,
  profileByKey,
  type CardRefusalReason,
  type Principal,
  type ProfileKey,
  type Scope,
} from '@ismail/shared';
import { appendAudit } from '../../platform/audit/audit-log.js';
import { withTransaction } from '../../platform/db/transaction.js';
import type { CardService } from './cards.js';

/** Refusals only the desk gives: the typed ID belongs to no one, or its holder has no card. */
export const deskOnlyReasons = ['UNKNOWN_ID', 'NO_CARD', 'ACCOUNT_NOT_ACTIVE'] as const;
export const deskReasons = [...cardRefusalReasons, ...deskOnlyReasons] as const;
export type DeskReason = (typeof deskReasons)[number];

const deskOnlyMessages: Record<(typeof deskOnlyReasons)[number], { fr: string; en: string }> = {
  UNKNOWN_ID: { fr: 'Aucun titulaire avec cet ISMAIL ID.', en: 'No holder has this ISMAIL ID.' },
  NO_CARD: { fr: "Ce titulaire n'a pas de carte en vigueur.", en: 'This holder has no card in force.' },
  ACCOUNT_NOT_ACTIVE: {
    fr: 'Le compte du titulaire est suspendu ou fermé.',
    en: "The holder's account is suspended or closed.",
  },
};

export const deskMessage = (reason: DeskReason): { fr: string; en: string } =>
  (deskOnlyMessages as Partial<Record<DeskReason, { fr: string; en: string }>>)[reason] ??
  cardRefusalMessages[reason as CardRefusalReason];

/** Refusals that come after the signature was checked: the claims (and so the holder) can be trusted. */
const signedRefusals: readonly string[] = ['NOT_YET_VALID', 'EXPIRED', 'REVOKED', 'SUSPENDED', 'REPLAYED'];

export interface DeskHolder {
  ismailId: string;
  firstName: string;
  lastName: string;
  role: ProfileKey;
  roleLabel: { fr: string; en: string };
  accountStatus: string;
  hasPhoto: boolean;
}

export interface DeskCheck {
  outcome: 'valid' | 'refused';
  reason: DeskReason | null;
  message: { fr: string; en: string } | null;
  checkedAt: string;
  holder: DeskHolder | null;
  card: { id: string; state: string; expiresAt: string } | null;
}

export interface DeskVerifier {
  principal: Principal;
  scope: Scope;
  place: string;
  ip: string;
}

/** The desk is for staff who check anyone's card: agency chiefs and admins (admins with their second factor). */
export function assertDeskStaff(principal: Principal, scope: Scope): void {
  if (scope !== 'all' && scope !== 'team')
    throw new AppError('FORBIDDEN', "Le guichet d'identité est réservé aux chefs d'agence et aux administrateurs.");
  if (scope === 'all' && !principal.secondFactor) throw new AppError('SECOND_FACTOR_REQUIRED');
}

interface HolderRow {
  id: string;
  ismail_id: string;
  first_name: string | null;
  last_name: string | null;
  profile: ProfileKey;
  status: string;
}

async function holderByIsmailId(pool: pg.Pool, ismailId: string): Promise<HolderRow | undefined> {
  const { rows } = await pool.query<HolderRow>(
    'SELECT id, ismail_id, first_name, last_name, profile, status FROM accounts WHERE ismail_id = $1',
    [ismailId],
  );
  return rows[0];
}

async function cardOf(pool: pg.Pool, accountId: string) {
  // The card in force first; else the latest one (revoked or superseded), so the refusal says why.
  const { rows } = await pool.query<{ id: string; state: string; expires_at: Date; token: string }>(
    `SELECT id, state, expires_at, token FROM cards WHERE account_id = $1
     ORDER BY (state IN ('active', 'suspended')) DESC, issued_at DESC LIMIT 1`,
    [accountId],
  );
  return rows[0];
}

function holderOf(row: HolderRow, hasPhoto: boolean): DeskHolder {
  return {
    ismailId: row.ismail_id,
    firstName: row.first_name ?? '',
    lastName: row.last_name ?? '',
    role: row.profile,
    roleLabel: profileByKey(row.profile).label,
    accountStatus: row.status,
    hasPhoto,
  };
}

export function deskChecks(pool: pg.Pool, cards: CardService, hasPhoto: (accountId: string) => Promise<boolean>) {
  const audit = (verifier: DeskVerifier, subject: string, detail: Record<string, unknown>) =>
    withTransaction(pool, (client) =>
      appendAudit(client, {
        actor: { accountId: verifier.principal.accountId, label: verifier.principal.profile },
        action: 'card.desk_checked',
        subject: { type: 'ismail_id', id: subject },
        place: `desk:${verifier.place}`,
        detail: { ...detail, ip: verifier.ip },
      }),
    );
  const logRefusal = (verifier: DeskVerifier, ismailId: string, reason: DeskReason) =>
    pool.query(
      "INSERT INTO card_verifications (verifier_account_id, place, ismail_id, outcome, reason) VALUES ($1, $2, $3, 'refused', $4)",
      [verifier.principal.accountId, verifier.place, ismailId, reason],
    );

  /** Completes a verdict on a card token with the holder the cloud knows. */
  async function answer(token: string, verifier: DeskVerifier, at: Date): Promise<DeskCheck> {
    const check = await cards.verify(
      pool,
      token,
      { accountId: verifier.principal.accountId, place: verifier.place },
      at,
    );
    let ismailId: string | undefined;
    if (check.outcome === 'valid') ismailId = check.holder.ismailId;
    else if (signedRefusals.includes(check.reason)) ismailId = subjectOf(token);
    const row = ismailId === undefined ? undefined : await holderByIsmailId(pool, ismailId);
    const card = row === undefined ? undefined : await cardOf(pool, row.id);
    let outcome = check.outcome;
    let reason: DeskReason | null = check.outcome === 'refused' ? check.reason : null;
    // The card is fine but its holder's account is not: a hub offline would refuse it too (revocation list).
    if (outcome === 'valid' && row !== undefined && row.status !== 'active') {
      outcome = 'refused';
      reason = 'ACCOUNT_NOT_ACTIVE';
    }
    await audit(verifier, ismailId ?? 'unreadable', { outcome, reason, by: 'token' });
    return {
      outcome,
      reason,
      message: reason === null ? null : deskMessage(reason),
      checkedAt: at.toISOString(),
      holder: row === undefined ? null : holderOf(row, await hasPhoto(row.id)),
      card: card === undefined ? null : { id: card.id, state: card.state, expiresAt: card.expires_at.toISOString() },
    };
  }

  return {
    byToken: (token: string, verifier: DeskVerifier, at = new Date()) => answer(token, verifier, at),

    async byIsmailId(ismailId: string, verifier: DeskVerifier, at = new Date()): Promise<DeskCheck> {
      const row = await holderByIsmailId(pool, ismailId);
      const card = row === undefined ? undefined : await cardOf(pool, row.id);
      if (row === undefined || card === undefined) {
        const reason: DeskReason = row === undefined ? 'UNKNOWN_ID' : 'NO_CARD';
        await logRefusal(verifier, ismailId, reason);
        await audit(verifier, ismailId, { outcome: 'refused', reason, by: 'ismail_id' });
        return {
          outcome: 'refused',
          reason,
          message: deskMessage(reason),
          checkedAt: at.toISOString(),
          holder: row === undefined ? null : holderOf(row, await hasPhoto(row.id)),
          card: null,
        };
      }
      return answer(card.token, verifier, at);
    },
  };
}

/** The subject (ISMAIL ID) of a token whose signature the verification already checked. */
function subjectOf(token: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as unknown;
    const sub = (payload as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}

export type DeskChecks = ReturnType<typeof deskChecks>;
