/**
 * Stable error codes shared by cloud and hub APIs.
 *
 * Owns: the code → HTTP status mapping and the one error body shape clients see. A code is
 * a contract with clients (the counter app branches on it): never rename one, only add.
 * Must never carry stack traces, SQL or secrets: `message` is for people, `code` for code.
 */
import { Type, type Static } from '@sinclair/typebox';

export const errorCatalog = {
  VALIDATION_FAILED: { httpStatus: 400, message: 'The request is not valid.' },
  CONTROL_CHARACTER: {
    httpStatus: 400,
    message: 'A text field holds a control character (such as NUL or escape); remove it and send again.',
  },
  UNAUTHENTICATED: { httpStatus: 401, message: 'Sign-in is required.' },
  FORBIDDEN: { httpStatus: 403, message: 'You are not allowed to do this.' },
  SECOND_FACTOR_REQUIRED: {
    httpStatus: 403,
    message: 'This action needs a session opened with your authenticator code.',
  },
  SECOND_FACTOR_CODE_REQUIRED: { httpStatus: 401, message: 'Enter the code from your authenticator app.' },
  INVALID_CREDENTIALS: { httpStatus: 401, message: 'The email, password or code is not right.' },
  REFRESH_TOKEN_REUSED: {
    httpStatus: 401,
    message: 'This session was ended because its refresh token was used twice; sign in again.',
  },
  SESSION_ENDED: {
    httpStatus: 401,
    message: 'This session has ended (signed out, or the account was suspended); sign in again.',
  },
  OFFLINE_SIGN_IN_NEEDS_AUTHENTICATOR: {
    httpStatus: 403,
    message:
      'While the cloud is out of reach, a manager signs in only with an authenticator code: enrol one, then sign in here once online.',
  },
  NOT_FOUND: { httpStatus: 404, message: 'Nothing was found at this address.' },
  METHOD_NOT_ALLOWED: { httpStatus: 405, message: 'This method is not allowed here.' },
  CONFLICT: { httpStatus: 409, message: 'This conflicts with what already exists.' },
  IDEMPOTENCY_KEY_REUSED: {
    httpStatus: 409,
    message: 'This idempotency key was already used with a different request.',
  },
  HUB_SIGNATURE_REQUIRED: {
    httpStatus: 401,
    message:
      'A hub signs every request with its key (Signature, Signature-Input, Content-Digest); a token alone is not enough.',
  },
  HUB_SIGNATURE_INVALID: { httpStatus: 401, message: 'The hub signature does not verify for this request and body.' },
  HUB_SIGNATURE_EXPIRED: {
    httpStatus: 401,
    message: "The hub signature's time is outside the accepted window; check the hub's clock.",
  },
  HUB_REQUEST_REPLAYED: { httpStatus: 401, message: 'This signed hub request was already received once.' },
  PAYLOAD_TOO_LARGE: { httpStatus: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { httpStatus: 415, message: 'This content type is not supported.' },
  RATE_LIMITED: { httpStatus: 429, message: 'Too many requests; try again later.' },
  ACCOUNT_NOT_ACTIVE: { httpStatus: 409, message: 'This account is not active.' },
  ISMAIL_ID_CAPACITY_EXHAUSTED: {
    httpStatus: 503,
    message: 'No ISMAIL ID is left for this country, day and user type; try again tomorrow.',
  },
  INSUFFICIENT_FUNDS: { httpStatus: 409, message: 'The wallet does not have enough available credits.' },
  OFFLINE_LIMIT_EXCEEDED: {
    httpStatus: 409,
    message: 'This is above what the counter may take from a wallet while the cloud is out of reach.',
  },
  CARD_NOT_ACCEPTED: { httpStatus: 403, message: 'This card or code was not accepted for this operation.' },
  CARD_REVOKED: {
    httpStatus: 403,
    message: 'This card was revoked or suspended before this counter’s list was issued: the counter had to refuse it.',
  },
  CARD_REFUSED: {
    httpStatus: 403,
    message: 'The counter refused this card or code (the reason is in the details: revoked, expired, already used…).',
  },
  CARD_PRESENTATION_EXPIRED: {
    httpStatus: 409,
    message: 'The card was shown too long ago (or before the counter restarted): scan it again.',
  },
  WALLET_AUTHORISATION_INVALID: {
    httpStatus: 409,
    message: 'This online wallet payment does not match a balance the cloud answered to this counter.',
  },
  HUB_POLICY_OUTDATED: {
    httpStatus: 409,
    message: 'The counter relied on a policy or card list that is unknown or too old for this operation.',
  },
  CREDIT_EXCEEDS_SALE: {
    httpStatus: 409,
    message: 'This credit note or refund is above what is left to credit on the sale.',
  },
  CASH_SESSION_CLOSED: {
    httpStatus: 409,
    message: 'No cash session is open at this counter: open one with its float first.',
  },
  UNSYNCED_OPERATIONS: {
    httpStatus: 409,
    message: 'This hub still holds operations the cloud has not received; export them first.',
  },
  HOLD_NOT_FOUND: { httpStatus: 404, message: 'No such hold.' },
  HOLD_ALREADY_RESOLVED: { httpStatus: 409, message: 'This hold was already captured, voided or expired.' },
  HOLD_EXPIRED: { httpStatus: 409, message: 'This hold has expired; its credits were released.' },
  AMOUNT_EXCEEDS_HOLD: { httpStatus: 409, message: 'The capture is larger than the hold.' },
  PAYMENT_SIGNATURE_INVALID: { httpStatus: 401, message: 'The payment notification is not signed by the provider.' },
  PAYMENT_PROVIDER_UNAVAILABLE: {
    httpStatus: 502,
    message: 'The payment provider did not answer; nothing was charged.',
  },
  INVOICE_HASH_MISMATCH: {
    httpStatus: 409,
    message:
      "The counter's invoice does not hash to what the cloud records, so its printed QR would not verify: it was not recorded.",
  },
  INVOICE_SELLER_NOT_YOURS: {
    httpStatus: 400,
    message:
      "An invoice's seller is the issuer's own verified identity: leave the seller out (or send only establishment and point of sale).",
  },
  WEBHOOK_URL_REFUSED: {
    httpStatus: 400,
    message:
      'This address cannot receive webhooks: it must be public HTTPS, never a private, loopback or internal address.',
  },
  PUSH_ENDPOINT_REFUSED: { httpStatus: 400, message: 'This push subscription is not on a known push service.' },
  KYC_CASE_SUBMITTED: {
    httpStatus: 409,
    message: 'This KYC case was already submitted: its documents can no longer change.',
  },
  KYC_CASE_FULL: { httpStatus: 409, message: 'This KYC case already holds as many documents (or bytes) as it may.' },
  CASH_HUB_NOT_FOUND: {
    httpStatus: 404,
    message: 'No active hub of your establishment has this id: cash is sold only through your own registered counter.',
  },
  CASH_TOP_UP_SELF: {
    httpStatus: 409,
    message: 'A counter does not sell credits for cash to its own establishment, its staff or the seller.',
  },
  CASH_TOP_UP_LIMIT_EXCEEDED: {
    httpStatus: 409,
    message: "This is above the hub's daily cash ceiling: the drawer takes no more cash today.",
  },
  INTERNAL: { httpStatus: 500, message: 'Something went wrong on our side.' },
  DATABASE_UNAVAILABLE: { httpStatus: 503, message: 'The database is not reachable.' },
  CLOUD_UNREACHABLE: { httpStatus: 503, message: 'The cloud cannot be reached from this hub.' },
  SYNC_SERVICE_UNAVAILABLE: {
    httpStatus: 503,
    message: 'The sync service (Electric) behind the cloud is not answering; retry shortly.',
  },
} as const satisfies Record<string, { httpStatus: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export const errorCodes = Object.keys(errorCatalog) as ErrorCode[];

/** Bounded so a validation failure on a huge body cannot echo megabytes back. */
export const errorDetailsMaxItems = 20;

export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object({
      code: Type.Union(errorCodes.map((code) => Type.Literal(code))),
      message: Type.String({ maxLength: 500 }),
      requestId: Type.String({ maxLength: 100 }),
      details: Type.Optional(
        Type.Array(
          Type.Object({
            path: Type.String({ maxLength: 200 }),
            problem: Type.String({ maxLength: 300 }),
          }),
          { maxItems: errorDetailsMaxItems },
        ),
      ),
    }),
  },
  { description: 'Every error answered by ISMAIL APIs has this shape.' },
);

export type ErrorBody = Static<typeof ErrorBodySchema>;

/** An operating error a route can throw on purpose; the HTTP error handler maps it. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorBody['error']['details'];

  constructor(code: ErrorCode, message?: string, details?: ErrorBody['error']['details']) {
    super(message ?? errorCatalog[code].message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return errorCatalog[this.code].httpStatus;
  }
}
