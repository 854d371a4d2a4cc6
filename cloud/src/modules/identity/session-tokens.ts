/**
 * What every way of signing in ends with: a session opened for the account (with the device it
 * came from, for the person's list of open sessions) and its tokens. Password sign-in, sign-up
 * and social sign-in share it so a session is the same whichever door it came through.
 */
import type pg from 'pg';
import { profileRequiresSecondFactor, type Action, type ProfileKey } from '@ismail/shared';
import type { Keyring } from '../../platform/keys/keyring.js';
import { openSession } from './sessions.js';
import { accessTokenTtlS, issueAccessToken } from './tokens.js';

export interface SessionAccount {
  readonly id: string;
  readonly profile: ProfileKey;
  readonly delegated_actions: Action[] | null;
}

export interface SessionTokens {
  accessToken: string;
  expiresInS: number;
  refreshToken: string;
  secondFactor: boolean;
  secondFactorRequired: boolean;
}

/** A device's description is bounded: a User-Agent header can be as long as a client likes. */
const userAgentMaxChars = 300;

export async function openSessionTokens(
  client: pg.PoolClient,
  keyring: Keyring,
  account: SessionAccount,
  secondFactor: boolean,
  userAgent: string | undefined,
): Promise<SessionTokens> {
  const { sessionId, refreshToken } = await openSession(client, account.id, secondFactor);
  if (userAgent !== undefined)
    await client.query('UPDATE sessions SET user_agent = $2 WHERE id = $1', [
      sessionId,
      userAgent.slice(0, userAgentMaxChars),
    ]);
  const accessToken = await issueAccessToken(
    keyring,
    {
      accountId: account.id,
      profile: account.profile,
      secondFactor,
      sessionId,
      delegatedActions: account.delegated_actions ?? undefined,
    },
    client,
  );
  return {
    accessToken,
    expiresInS: accessTokenTtlS,
    refreshToken,
    secondFactor,
    secondFactorRequired: profileRequiresSecondFactor(account.profile),
  };
}
