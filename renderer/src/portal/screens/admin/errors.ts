/** A refusal or a failure said in the admin's words: the cloud's stable code, or "no answer" for a dropped network. */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client.js';

const known = new Set([
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'VALIDATION_FAILED',
  'RATE_LIMITED',
  'SECOND_FACTOR_REQUIRED',
]);

export function adminErrorText(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('admin:errors.network');
  return known.has(error.code) ? t(`admin:errors.${error.code}`) : t('admin:errors.other');
}
