/**
 * The browser's side of one social sign-in: a random key kept in this tab from the start to the
 * provider's return (the cloud binds the request to it, so an answer opened in another browser is
 * refused), and the words for the cloud's refusals.
 */
const storageKey = 'ismail.portal.social.browserKey';

function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** A fresh key for a new sign-in, kept until the provider sends the person back. */
export function newBrowserKey(): string {
  const key = randomKey();
  sessionStorage.setItem(storageKey, key);
  return key;
}

/** The key of the sign-in in progress, forgotten as it is read: an answer is used once. */
export function takeBrowserKey(): string | null {
  const key = sessionStorage.getItem(storageKey);
  sessionStorage.removeItem(storageKey);
  return key;
}

const knownReasons = new Set([
  'STATE_UNKNOWN',
  'TICKET_UNKNOWN',
  'PROVIDER_REFUSED',
  'CODE_REJECTED',
  'STATE_MISMATCH',
  'NONCE_MISMATCH',
  'WRONG_ISSUER',
  'WRONG_AUDIENCE',
  'ID_TOKEN_EXPIRED',
  'ID_TOKEN_INVALID',
  'PROVIDER_UNREACHABLE',
  'ACCOUNT_NOT_ALLOWED',
]);
const knownCodes = new Set(['INVALID_CREDENTIALS', 'SECOND_FACTOR_CODE_REQUIRED', 'RATE_LIMITED', 'CONFLICT']);

/** The key of `social:errors.*` for a refusal body from the cloud. */
export function failureOf(body: unknown): string {
  const error = (body as { error?: { code?: unknown; details?: { problem?: unknown }[] } } | undefined)?.error;
  const reason = error?.details?.[0]?.problem;
  if (typeof reason === 'string' && knownReasons.has(reason)) return reason;
  return typeof error?.code === 'string' && knownCodes.has(error.code) ? error.code : 'other';
}
