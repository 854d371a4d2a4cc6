/**
 * A refused or failed Services action in the person's words. The Services routes refuse with French reasons of their
 * own ("Ce créneau n'est plus libre."): shown as said to a French reader; the catalog's generic codes (their default
 * messages are English) and every refusal read in English come from our words, by code; no answer means offline.
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client.js';

const known = new Set(['NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'VALIDATION_FAILED', 'RATE_LIMITED']);

/** A refusal with the cloud's own sentence kept (ApiError keeps the code only). */
export class ServicesError extends ApiError {
  constructor(
    code: string,
    status: number,
    readonly said: string | null,
  ) {
    super(code, status);
  }
}

export function servicesError(error: unknown, status: number): ServicesError {
  const body = (error as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return new ServicesError(
    typeof body?.code === 'string' ? body.code : 'HTTP_ERROR',
    status,
    typeof body?.message === 'string' ? body.message : null,
  );
}

/** French words an English catalog message never holds: the sign that a route wrote its own reason. */
const french = /[éèàçêâôûù]|\b(le|la|les|un|une|des|est|pas|vous|ce|cette)\b/i;

export function problemText(t: TFunction, error: unknown, language = 'fr'): string {
  if (!(error instanceof ApiError)) return t('provider:errors.network');
  if (language === 'fr' && error instanceof ServicesError && error.said !== null && french.test(error.said))
    return error.said;
  return known.has(error.code) ? t(`provider:errors.${error.code}`) : t('provider:errors.other');
}
