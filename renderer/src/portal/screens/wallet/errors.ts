/** A refusal or a failure said in the person's words: the cloud's stable code, or "no answer" for a dropped network. */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client.js';

const known = new Set([
  'NOT_FOUND',
  'CONFLICT',
  'ACCOUNT_NOT_ACTIVE',
  'INSUFFICIENT_FUNDS',
  'FORBIDDEN',
  'RATE_LIMITED',
  'VALIDATION_FAILED',
  'PAYMENT_PROVIDER_UNAVAILABLE',
]);

export function errorText(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('wallet:errors.network');
  return known.has(error.code) ? t(`wallet:errors.${error.code}`) : t('wallet:errors.other');
}
