/**
 * Sign-in budgets that hold (issue 20.7, 20.8): how many tries one source may spend on one
 * account in a window, kept in PostgreSQL so every cloud process shares them.
 *
 * A try is reserved before the password is checked, by one atomic upsert that returns the new
 * count: parallel guesses each count, and a guess past the budget is refused without being
 * checked (so the refusal says nothing about the password). A success gives its try back.
 *
 * Never a lock on the account itself: the budget is per account *and source* (an address, or
 * an authenticated hub), so a stranger failing for someone's email only slows the stranger;
 * the person signs in from their own address. The one per-account budget (`totp`) is spent
 * only by tries that got the password right: a stranger cannot reach it.
 *
 * Must never store an email or an address: keys are SHA-256 digests.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

export interface AttemptBudget {
  readonly attempts: number;
  readonly windowS: number;
}

/** Per source and account: a person mistyping gets ten tries; a guesser gets ten per quarter hour per address. */
export const signInBudget: AttemptBudget = { attempts: 10, windowS: 15 * 60 };
/** Per account, wrong authenticator codes after a right password: bounds a code search spread over many addresses. */
export const totpBudget: AttemptBudget = { attempts: 20, windowS: 15 * 60 };
/** Stale windows swept per sweep, and how often a try sweeps (bounded work per request). */
const sweepRows = 500;
const sweepOneIn = 50;

export type AttemptScope = 'source' | 'hub' | 'totp';

export interface AttemptSlot {
  readonly key: string;
  readonly allowed: boolean;
  readonly attempts: number;
}

const keyOf = (scope: AttemptScope, parts: readonly string[]): string =>
  `${scope}:${createHash('sha256').update(parts.join('\n')).digest('hex')}`;

/** The email as sign-in reads it, so `A@x.ci ` and `a@x.ci` share one budget. */
export const normalisedEmail = (email: string): string => email.trim().toLowerCase();

/** Reserves one try (one atomic statement); `allowed` is false once the window's budget is spent. */
export async function reserveAttempt(
  pool: pg.Pool,
  scope: AttemptScope,
  parts: readonly string[],
  budget: AttemptBudget,
): Promise<AttemptSlot> {
  const key = keyOf(scope, parts);
  const { rows } = await pool.query<{ attempts: number }>(
    `INSERT INTO sign_in_attempts AS a (key, attempts, window_started_at) VALUES ($1, 1, now())
     ON CONFLICT (key) DO UPDATE SET
       attempts = CASE WHEN a.window_started_at <= now() - make_interval(secs => $2) THEN 1 ELSE a.attempts + 1 END,
       window_started_at = CASE WHEN a.window_started_at <= now() - make_interval(secs => $2) THEN now() ELSE a.window_started_at END
     RETURNING attempts`,
    [key, budget.windowS],
  );
  const attempts = rows[0]?.attempts ?? Number.MAX_SAFE_INTEGER;
  if (Math.random() * sweepOneIn < 1) await sweep(pool, budget.windowS);
  return { key, allowed: attempts <= budget.attempts, attempts };
}

/** A try that succeeded is given back: only failures stay counted. */
export async function giveBackAttempt(pool: pg.Pool, slot: AttemptSlot): Promise<void> {
  await pool.query('DELETE FROM sign_in_attempts WHERE key = $1 AND attempts <= 1', [slot.key]);
  await pool.query('UPDATE sign_in_attempts SET attempts = attempts - 1 WHERE key = $1 AND attempts > 1', [slot.key]);
}

async function sweep(pool: pg.Pool, windowS: number): Promise<void> {
  await pool.query(
    'DELETE FROM sign_in_attempts WHERE key IN (SELECT key FROM sign_in_attempts WHERE window_started_at < now() - make_interval(secs => $1) LIMIT $2)',
    [windowS, sweepRows],
  );
}
