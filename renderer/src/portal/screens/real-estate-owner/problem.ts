/**
 * A refused or failed real estate action in the person's words. The real estate routes refuse with French reasons of
 * their own (the law's limits, "Ce créneau vient d’être pris"): shown as said to a French reader; the generic codes
 * and every refusal read in English come from our words, by code; no answer means offline.
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client.js';

const known = new Set([
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'VALIDATION_FAILED',
  'RATE_LIMITED',
  'INSUFFICIENT_FUNDS',
]);

/** A refusal with the cloud's own sentence kept (ApiError keeps the code only). */
export class EstateError extends ApiError {
  constructor(
    code: string,
    status: number,
    readonly said: string | null,
  ) {
    super(code, status);
  }
}

export function estateError(error: unknown, status: number): EstateError {
  const body = (error as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return new EstateError(
    typeof body?.code === 'string' ? body.code : 'HTTP_ERROR',
    status,
    typeof body?.message === 'string' ? body.message : null,
  );
}

/** French words an English catalog message never holds: the sign that a route wrote its own reason. */
const french = /[éèàçêâôûù’]|\b(le|la|les|un|une|des|est|pas|vous|ce|cette)\b/i;

export function problemText(t: TFunction, error: unknown, language = 'fr'): string {
  if (!(error instanceof ApiError)) return t('real-estate-owner:errors.network');
  if (language === 'fr' && error instanceof EstateError && error.said !== null && french.test(error.said))
    return error.said;
  return known.has(error.code) ? t(`real-estate-owner:errors.${error.code}`) : t('real-estate-owner:errors.other');
}
