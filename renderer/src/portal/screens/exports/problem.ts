/**
 * A refused or failed action in the reader's words: the cloud's French sentence as said to a French reader; in
 * English, and for the generic codes, our words by code; no answer at all means offline.
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client.js';
import { CloudRefusal } from './loose.js';

const known = new Set(['NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'VALIDATION_FAILED', 'RATE_LIMITED', 'LINK_EXPIRED']);

export function problemText(t: TFunction, error: unknown, language = 'fr'): string {
  if (!(error instanceof ApiError)) return t('reports:errors.network');
  if (language === 'fr' && error instanceof CloudRefusal && error.said !== null && error.said !== error.code)
    return error.said;
  if (error.status === 403) return t('reports:errors.FORBIDDEN');
  return known.has(error.code) ? t(`reports:errors.${error.code}`) : t('reports:errors.other');
}
