/**
 * The counter's customer lookup (issue 28.4): the hub asks its cloud (a signed hub request) for an
 * active client by exact ISMAIL ID or phone number. With the cloud out of reach, a typed ISMAIL ID
 * is still usable for a cash top-up, unchecked (the cloud resolves it when the outbox drains); a
 * phone number cannot be resolved without the cloud, and says so.
 */
import {
  AppError,
  classifyCustomerQuery,
  type CloudCustomerLookupRequest,
  type CustomerSummary,
  type HubCustomerLookupResponse,
} from '@ismail/shared';
import type { CredentialStore } from '../sync/credentials.js';

/** A cashier waits this long at most for the cloud before the offline answer. */
export const customerLookupTimeoutMs = 4_000;

export class CustomerLookup {
  constructor(
    private readonly credentials: CredentialStore,
    private readonly timeoutMs = customerLookupTimeoutMs,
  ) {}

  async lookup(typed: string, staffAccountId: string): Promise<HubCustomerLookupResponse> {
    const query = classifyCustomerQuery(typed);
    if (query.by === 'invalid')
      throw new AppError('VALIDATION_FAILED', 'Type an ISMAIL ID (e.g. CI250101-AB12-CL) or a phone number.');
    const request: CloudCustomerLookupRequest = { by: query.by, value: query.value, staffAccountId };
    const answer = await this.ask(request);
    if (answer !== null) return { status: 'found', customer: answer };
    if (query.by === 'ismail-id') return { status: 'unchecked', ismailId: query.value };
    throw new AppError('CLOUD_UNREACHABLE', 'Finding a client by phone number needs the cloud, out of reach now.');
  }

  /** The cloud's answer; null when it cannot be reached (not paired, no network, a fault on its side). */
  private async ask(request: CloudCustomerLookupRequest): Promise<CustomerSummary | null> {
    let response: Response;
    try {
      response = await this.credentials.cloud.request('/v1/hubs/customers/lookup', {
        method: 'POST',
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      return null;
    }
    if (response.ok) return (await response.json()) as CustomerSummary;
    if (response.status === 404) throw new AppError('NOT_FOUND', 'No client found with exactly this ID or number.');
    if (response.status === 429)
      throw new AppError('RATE_LIMITED', 'Too many lookups from this counter; wait a minute.');
    // Refused as this hub (unpaired at the cloud, a signature refused): not "offline", and not the client's fault.
    if (response.status === 401 || response.status === 403)
      throw new AppError('FORBIDDEN', 'The cloud refused this hub’s lookup; check its pairing.');
    return null;
  }
}
