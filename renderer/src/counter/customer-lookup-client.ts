/**
 * The counter's calls for customer lookup (issue 28.4): find a client by typed ISMAIL ID or phone
 * number, and take cash for credits for the client found (by ISMAIL ID). The staff session's token
 * goes with each call, through the same bounded transport as the rest of the counter (hub-transport).
 */
import type { HubCashTopUpResponse, HubCustomerLookupResponse, HubCustomerTopUpRequest } from '@ismail/shared';
import type { Result } from './api.js';
import { hubCall } from './hub-transport.js';

export interface CustomerLookupClient {
  lookup(query: string): Promise<Result<HubCustomerLookupResponse>>;
  topUp(request: HubCustomerTopUpRequest): Promise<Result<HubCashTopUpResponse>>;
}

export function customerLookupClient(token: string): CustomerLookupClient {
  return {
    lookup: (query) => hubCall('POST', '/api/v1/customers/lookup', { token, body: { query } }),
    topUp: (request) => hubCall('POST', '/api/v1/customers/cash-top-ups', { token, body: request }),
  };
}

/** The translation key for a lookup's refusal: the hub's codes that mean something here, else the generic one. */
export function lookupErrorKey(code: string): string {
  switch (code) {
    case 'NOT_FOUND':
      return 'lookup.notFound';
    case 'CLOUD_UNREACHABLE':
    case 'HUB_UNREACHABLE':
      return 'lookup.phoneNeedsCloud';
    case 'RATE_LIMITED':
      return 'lookup.rateLimited';
    case 'VALIDATION_FAILED':
      return 'lookup.invalid';
    default:
      return `errors.${code}`;
  }
}
