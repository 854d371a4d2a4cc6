/**
 * Maps any thrown value to the one error body clients see (pure; both the cloud and the
 * hub plug it into their HTTP error handler).
 *
 * Owns: the decision of which stable code a failure gets. Must never copy an unknown
 * error's message to the client: that is how SQL and stack traces leak.
 */
import { AppError, errorCatalog, errorDetailsMaxItems, type ErrorBody, type ErrorCode } from '../errors/catalog.js';

/** The parts of a framework error we read (Fastify's validation and content errors). */
interface FrameworkErrorLike {
  statusCode?: unknown;
  code?: unknown;
  validation?: unknown;
  validationContext?: unknown;
}

interface ValidationItem {
  instancePath?: unknown;
  message?: unknown;
  params?: unknown;
}

export interface ErrorResponse {
  readonly httpStatus: number;
  readonly body: ErrorBody;
  /** True when the failure is ours (5xx): log it with its stack. */
  readonly isServerFault: boolean;
}

const codeByHttpStatus: Readonly<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'DATABASE_UNAVAILABLE',
};

function validationDetails(error: FrameworkErrorLike): ErrorBody['error']['details'] {
  if (!Array.isArray(error.validation)) return undefined;
  const context = typeof error.validationContext === 'string' ? error.validationContext : 'body';
  return (error.validation as ValidationItem[]).slice(0, errorDetailsMaxItems).map((item) => {
    const instancePath = typeof item.instancePath === 'string' ? item.instancePath : '';
    const params = item.params as { missingProperty?: unknown; additionalProperty?: unknown } | undefined;
    const extra =
      typeof params?.missingProperty === 'string'
        ? `/${params.missingProperty}`
        : typeof params?.additionalProperty === 'string'
          ? `/${params.additionalProperty}`
          : '';
    return {
      path: `${context}${instancePath}${extra}`.slice(0, 200),
      problem: (typeof item.message === 'string' ? item.message : 'is not valid').slice(0, 300),
    };
  });
}

export function toErrorResponse(error: unknown, requestId: string): ErrorResponse {
  if (error instanceof AppError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message, requestId } };
    if (error.details !== undefined) body.error.details = error.details;
    return { httpStatus: error.httpStatus, body, isServerFault: error.httpStatus >= 500 };
  }
  const framework = (typeof error === 'object' && error !== null ? error : {}) as FrameworkErrorLike;
  const status = typeof framework.statusCode === 'number' ? framework.statusCode : 500;
  const code: ErrorCode =
    status >= 500 && status !== 503
      ? 'INTERNAL'
      : (codeByHttpStatus[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED'));
  const httpStatus = errorCatalog[code].httpStatus;
  const body: ErrorBody = { error: { code, message: errorCatalog[code].message, requestId } };
  const details = validationDetails(framework);
  if (details !== undefined) body.error.details = details;
  return { httpStatus, body, isServerFault: httpStatus >= 500 };
}

/** A request id from a client or proxy is reused only if it is short and plain, since it
 * lands in logs; otherwise the server makes its own. */
export function acceptRequestId(header: unknown): string | undefined {
  return typeof header === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(header) ? header : undefined;
}
