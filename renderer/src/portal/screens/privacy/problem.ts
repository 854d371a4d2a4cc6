/** A refused or failed personal-data action in the person's words: the cloud's French sentence, else ours by code. */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client.js';
import { SupportError } from '../support/problem.js';

const known = new Set(['NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'VALIDATION_FAILED', 'RATE_LIMITED']);

export function problemText(t: TFunction, error: unknown, language = 'fr'): string {
  if (!(error instanceof ApiError)) return t('privacy:errors.network');
  if (language === 'fr' && error instanceof SupportError && error.said !== null && error.said !== error.code)
    return error.said;
  return known.has(error.code) ? t(`privacy:errors.${error.code}`) : t('privacy:errors.other');
}
