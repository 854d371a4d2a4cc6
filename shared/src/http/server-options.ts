/**
 * The HTTP server options cloud and hub share, as plain data (no framework import):
 * bounded bodies, timeouts for stalled clients, request ids, and validation that refuses
 * unknown properties instead of silently dropping them.
 */
import { httpBodyMaxBytes } from '../limits.js';
import { acceptRequestId } from './error-response.js';

/** A stalled client must not hold a socket forever at a busy counter. */
const connectionTimeoutMs = 30_000;
const requestTimeoutMs = 60_000;

export function baseHttpServerOptions(newRequestId: () => string) {
  return {
    genReqId: (request: { headers: Record<string, unknown> }) =>
      acceptRequestId(request.headers['x-request-id']) ?? newRequestId(),
    bodyLimit: httpBodyMaxBytes,
    connectionTimeout: connectionTimeoutMs,
    requestTimeout: requestTimeoutMs,
    ajv: { customOptions: { removeAdditional: false } },
  } as const;
}
