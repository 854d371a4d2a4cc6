/**
 * A refused or failed debt collection action in the creditor's words. The module's routes refuse with French reasons
 * of their own ("Le montant dépasse le reste dû"): shown as said to a French reader; in English, and for the generic
 * codes, our words by code; no answer means offline.
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
export class DebtError extends ApiError {
  constructor(
    code: string,
    status: number,
    readonly said: string | null,
  ) {
    super(code, status);
  }
}

export function debtError(error: unknown, status: number): DebtError {
  const body = (error as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return new DebtError(
    typeof body?.code === 'string' ? body.code : 'HTTP_ERROR',
    status,
    typeof body?.message === 'string' ? body.message : null,
  );
}

export function problemText(t: TFunction, error: unknown, language = 'fr'): string {
  if (!(error instanceof ApiError)) return t('debt-creditor:errors.network');
  if (language === 'fr' && error instanceof DebtError && error.said !== null && error.said !== error.code)
    return error.said;
  return known.has(error.code) ? t(`debt-creditor:errors.${error.code}`) : t('debt-creditor:errors.other');
}
