/**
 * A refused or failed support action in the person's words. The cloud's refusals carry a French sentence of their own
 * (« Cette commande n'est pas la vôtre »): shown as said to a French reader; in English, and for generic codes, our
 * words by code; no answer at all means offline.
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client.js';

const known = new Set(['NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'VALIDATION_FAILED', 'RATE_LIMITED']);

/** A refusal with the cloud's own sentence kept (ApiError keeps the code only). */
export class SupportError extends ApiError {
  constructor(
    code: string,
    status: number,
    readonly said: string | null,
  ) {
    super(code, status);
  }
}

export function supportError(error: unknown, status: number): SupportError {
  const body = (error as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return new SupportError(
    typeof body?.code === 'string' ? body.code : 'HTTP_ERROR',
    status,
    typeof body?.message === 'string' ? body.message : null,
  );
}

/** openapi-fetch's answer as its data, or the cloud's refusal (its code and French reason) thrown. */
export function must<T>(answer: { data?: unknown; error?: unknown; response: Response }): T {
  if (!answer.response.ok || answer.data === undefined) throw supportError(answer.error, answer.response.status);
  return answer.data as T;
}

export function problemText(t: TFunction, error: unknown, language = 'fr'): string {
  if (!(error instanceof ApiError)) return t('support:errors.network');
  if (language === 'fr' && error instanceof SupportError && error.said !== null && error.said !== error.code)
    return error.said;
  return known.has(error.code) ? t(`support:errors.${error.code}`) : t('support:errors.other');
}
