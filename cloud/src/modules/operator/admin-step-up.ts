/**
 * Step-up for the admins' sensitive actions (approve or reject KYC, rotate a key, change a tariff or rate, change a
 * card's state): the authenticator code must have been given recently, not only once when a long session began.
 * A session family starts at the sign-in that checked the code (refreshes keep the family), so its first row's time
 * is when the code was last given. Older than the window: refused with SECOND_FACTOR_REQUIRED, in French, and the
 * portal asks the admin to sign in again with the code.
 */
import { AppError } from '@ismail/shared';
import type pg from 'pg';
import { principalOf } from '../../platform/http/access-plugin.js';

/** How long after giving the code an admin may still take a sensitive action. */
export const stepUpWindowS = 15 * 60;

export async function requireRecentSecondFactor(
  db: Pick<pg.Pool, 'query'>,
  request: Parameters<typeof principalOf>[0],
  nowMs: number = Date.now(),
): Promise<void> {
  const { principal } = principalOf(request);
  const { rows } = await db.query<{ given_at: Date | null }>(
    `SELECT min(s.created_at) AS given_at FROM sessions s
     WHERE s.second_factor AND s.family_id = (SELECT family_id FROM sessions WHERE id = $1)`,
    [principal.sessionId],
  );
  const givenAt = rows[0]?.given_at ?? null;
  if (!principal.secondFactor || givenAt === null || nowMs - givenAt.getTime() > stepUpWindowS * 1000)
    throw new AppError(
      'SECOND_FACTOR_REQUIRED',
      'Action sensible : reconnectez-vous avec le code de votre application d’authentification (donné il y a plus de 15 minutes).',
    );
}
