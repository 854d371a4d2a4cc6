/**
 * How social sign-in says no: the stable code INVALID_CREDENTIALS (the portal branches on it)
 * with one detail naming the reason (the portal words it in French), so a failed sign-in never
 * tells which check failed in more than a word, and never shows a library's message.
 */
import { AppError } from '@ismail/shared';

export type SocialRefusal =
  | 'STATE_UNKNOWN'
  | 'TICKET_UNKNOWN'
  | 'PROVIDER_REFUSED'
  | 'CODE_REJECTED'
  | 'STATE_MISMATCH'
  | 'NONCE_MISMATCH'
  | 'WRONG_ISSUER'
  | 'WRONG_AUDIENCE'
  | 'ID_TOKEN_EXPIRED'
  | 'ID_TOKEN_INVALID'
  | 'PROVIDER_UNREACHABLE'
  | 'ACCOUNT_NOT_ALLOWED';

export const socialRefused = (reason: SocialRefusal): AppError =>
  new AppError('INVALID_CREDENTIALS', 'The social sign-in could not be completed; start again.', [
    { path: 'social', problem: reason },
  ]);

/** Administrators never sign in socially: their sign-in is password and authenticator code only. */
export const profilesAllowedSocially: ReadonlySet<string> = new Set(['client', 'partner']);
