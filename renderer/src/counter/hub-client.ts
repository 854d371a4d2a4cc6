/**
 * The counter app's one client for its hub's local API (issue 21): a method per route the counter uses, its request
 * and its answer typed from the schemas the hub's route declares (shared/src/hub-api and the shared print shapes), so
 * a screen reads what the hub really answers and a schema change shows up here at compile time. Every call carries the
 * staff session's bearer token and is bounded in time; errors are values with the hub's stable code (HubError).
 */
import type {
  HubCardCheckSchema,
  HubCardVerifyRequestSchema,
  HubCashCloseRequestSchema,
  HubCashOpenRequestSchema,
  HubCashPrintRequestSchema,
  HubCashSessionSchema,
  HubCashTopUpRequestSchema,
  HubCashTopUpResponseSchema,
  HubCatalogProductsSchema,
  HubCatalogQuerySchema,
  HubCreditNoteOutcomeSchema,
  HubCreditNoteRequestSchema,
  HubCurrentCashSessionSchema,
  HubPairingCodeSchema,
  HubPairRequestSchema,
  HubPairResponseSchema,
  HubTerminalListSchema,
  HubTerminalRevokeResponseSchema,
  HubThisTerminalSchema,
  HubInvoiceListQuerySchema,
  HubInvoiceListSchema,
  HubInvoicePrintRequestSchema,
  HubRejectedOperationsSchema,
  HubSaleOutcomeSchema,
  HubSaleRequestSchema,
  HubSignInRequestSchema,
  HubSignInResponseSchema,
  HubSignOutResponseSchema,
  HubStatic,
  HubWalletLookupRequestSchema,
  HubWalletViewSchema,
  PrinterListSchema,
  PrintJobSchema,
  PrintRequestSchema,
} from '@ismail/shared';
import { hubCall, hubImage, type Method } from './hub-transport.js';
import type { Result } from './api.js';

/** A route's answer: the type of the schema it declares, or the hub's error. */
type Answer<Schema> = Promise<Result<HubStatic<Schema>>>;
type PrintJobAnswer = Answer<typeof PrintJobSchema>;
/**
 * A route's request as the client takes it: read-only all the way down, since it is only serialised (a ticket laid
 * out by shared/printing has read-only blocks); the same shape the schema checks.
 */
type Body<Schema> = ReadonlyDeep<HubStatic<Schema>>;
type ReadonlyDeep<T> = T extends object ? { readonly [K in keyof T]: ReadonlyDeep<T[K]> } : T;

export interface HubClient {
  /** GET /api/v1/printers: the printers configured on this hub. */
  printers(): Answer<typeof PrinterListSchema>;
  /** POST /api/v1/print-jobs: a ticket the counter laid out (a top-up receipt). */
  print(request: Body<typeof PrintRequestSchema>): PrintJobAnswer;
  /** POST /api/v1/print-jobs/:jobId/reprint: a marked copy of a job. */
  reprint(jobId: string): PrintJobAnswer;
  /** POST /api/v1/failed-print-jobs/:jobId/retry (managers). */
  retryFailedPrintJob(jobId: string): PrintJobAnswer;
  /** POST /api/v1/failed-print-jobs/:jobId/cancel (managers). */
  cancelFailedPrintJob(jobId: string): PrintJobAnswer;
  /** POST /api/v1/failed-print-jobs/:jobId/reprint (managers). */
  reprintFailedPrintJob(jobId: string): PrintJobAnswer;
  /** POST /api/v1/cards/verify: a scanned card checked with what the hub holds. */
  verifyCard(request: Body<typeof HubCardVerifyRequestSchema>): Answer<typeof HubCardCheckSchema>;
  /** GET /api/v1/cards/:cardId/photo: the face a checked card names, as an object URL for an <img>, or null. */
  cardPhoto(cardId: string): Promise<string | null>;
  /** POST /api/v1/cash-top-ups: credits sold for cash. */
  topUpForCash(request: Body<typeof HubCashTopUpRequestSchema>): Answer<typeof HubCashTopUpResponseSchema>;
  /** GET /api/v1/catalog/products?q=… or ?barcode=…: the synced catalog. */
  products(query: Body<typeof HubCatalogQuerySchema>): Answer<typeof HubCatalogProductsSchema>;
  /** POST /api/v1/wallets/lookup: what a client's wallet allows here now. */
  lookUpWallet(request: Body<typeof HubWalletLookupRequestSchema>): Answer<typeof HubWalletViewSchema>;
  /** POST /api/v1/sales: a sale, its invoice and (when asked) its ticket. */
  sell(request: Body<typeof HubSaleRequestSchema>): Answer<typeof HubSaleOutcomeSchema>;
  /** GET /api/v1/invoices?limit=…&kind=… */
  invoices(query: Body<typeof HubInvoiceListQuerySchema>): Answer<typeof HubInvoiceListSchema>;
  /** POST /api/v1/invoices/:number/print */
  printInvoice(number: string, request: Body<typeof HubInvoicePrintRequestSchema>): PrintJobAnswer;
  /** POST /api/v1/sales/:saleId/credit-notes (managers). */
  creditNote(
    saleId: string,
    request: Body<typeof HubCreditNoteRequestSchema>,
  ): Answer<typeof HubCreditNoteOutcomeSchema>;
  /** GET /api/v1/cash-sessions/current: the open cash session, or null. */
  currentCashSession(): Answer<typeof HubCurrentCashSessionSchema>;
  /** POST /api/v1/cash-sessions: open one with its float. */
  openCashSession(request: Body<typeof HubCashOpenRequestSchema>): Answer<typeof HubCashSessionSchema>;
  /** POST /api/v1/cash-sessions/:sessionId/close: close it with the counted cash (its Z report). */
  closeCashSession(
    sessionId: string,
    request: Body<typeof HubCashCloseRequestSchema>,
  ): Answer<typeof HubCashSessionSchema>;
  /** POST /api/v1/cash-sessions/:sessionId/print: the Z report on paper. */
  printCashSession(sessionId: string, request: Body<typeof HubCashPrintRequestSchema>): PrintJobAnswer;
  /** GET /api/v1/sync/rejected: what the cloud refused (managers). */
  rejectedOperations(): Answer<typeof HubRejectedOperationsSchema>;
  /** POST /api/v1/terminals/pairing-codes: a one-time code (and its QR) for a terminal (managers, hub screen). */
  pairingCode(): Answer<typeof HubPairingCodeSchema>;
  /** GET /api/v1/terminals: the terminals paired to this hub (managers). */
  terminals(): Answer<typeof HubTerminalListSchema>;
  /** POST /api/v1/terminals/:terminalId/revoke (managers, hub screen). */
  revokeTerminal(terminalId: string): Answer<typeof HubTerminalRevokeResponseSchema>;
}

/**
 * The hub refuses a sale whose last unit another terminal just took with CONFLICT and the
 * reason OUT_OF_STOCK in its details: the counter names it with its own code, so the screen
 * says "rupture de stock" instead of a generic conflict.
 */
export function withStockReason<T>(result: Result<T>): Result<T> {
  if (result.ok || result.error.code !== 'CONFLICT') return result;
  if (!result.error.details.some((detail) => detail.problem === 'OUT_OF_STOCK')) return result;
  return { ok: false, error: { ...result.error, code: 'OUT_OF_STOCK' } };
}

const segment = encodeURIComponent;

/** A query string in the given order, each value encoded as a path segment would be (`?` included; '' when empty). */
function query(values: Record<string, string | number | undefined>): string {
  const pairs = Object.entries(values).flatMap(([key, value]) =>
    value === undefined ? [] : [`${key}=${encodeURIComponent(String(value))}`],
  );
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

/**
 * The client for a signed-in person. An answer saying the session is over (signed out elsewhere, removed by the
 * owner, expired) calls `onSessionEnded`: the shell goes back to sign-in.
 */
export function createHubClient(token: string, onSessionEnded: () => void): HubClient {
  const call = async <T>(method: Method, path: string, body?: unknown): Promise<Result<T>> => {
    const result = await hubCall<T>(method, path, { token, body });
    if (!result.ok && result.error.code === 'UNAUTHENTICATED') onSessionEnded();
    return result;
  };
  const jobs = '/api/v1/print-jobs';
  const failedJobs = '/api/v1/failed-print-jobs';
  const cash = '/api/v1/cash-sessions';
  return {
    printers: () => call('GET', '/api/v1/printers'),
    print: (request) => call('POST', jobs, request),
    reprint: (jobId) => call('POST', `${jobs}/${segment(jobId)}/reprint`),
    retryFailedPrintJob: (jobId) => call('POST', `${failedJobs}/${segment(jobId)}/retry`),
    cancelFailedPrintJob: (jobId) => call('POST', `${failedJobs}/${segment(jobId)}/cancel`),
    reprintFailedPrintJob: (jobId) => call('POST', `${failedJobs}/${segment(jobId)}/reprint`),
    verifyCard: (request) => call('POST', '/api/v1/cards/verify', request),
    cardPhoto: (cardId) => hubImage(`/api/v1/cards/${segment(cardId)}/photo`, token),
    topUpForCash: (request) => call('POST', '/api/v1/cash-top-ups', request),
    products: (search) => call('GET', `/api/v1/catalog/products${query(search)}`),
    lookUpWallet: (request) => call('POST', '/api/v1/wallets/lookup', request),
    sell: async (request) => withStockReason(await call('POST', '/api/v1/sales', request)),
    invoices: (filter) => call('GET', `/api/v1/invoices${query(filter)}`),
    printInvoice: (number, request) => call('POST', `/api/v1/invoices/${segment(number)}/print`, request),
    creditNote: (saleId, request) => call('POST', `/api/v1/sales/${segment(saleId)}/credit-notes`, request),
    currentCashSession: () => call('GET', `${cash}/current`),
    openCashSession: (request) => call('POST', cash, request),
    closeCashSession: (sessionId, request) => call('POST', `${cash}/${segment(sessionId)}/close`, request),
    printCashSession: (sessionId, request) => call('POST', `${cash}/${segment(sessionId)}/print`, request),
    rejectedOperations: () => call('GET', '/api/v1/sync/rejected'),
    pairingCode: () => call('POST', '/api/v1/terminals/pairing-codes'),
    terminals: () => call('GET', '/api/v1/terminals'),
    revokeTerminal: (terminalId) => call('POST', `/api/v1/terminals/${segment(terminalId)}/revoke`),
  };
}

/**
 * POST /api/v1/staff/sign-in on the hub's own screen, /api/v1/terminals/sign-in on a paired terminal (the session
 * belongs to it): before any session, so no token and no session-ended hook.
 */
export function hubSignIn(
  request: Body<typeof HubSignInRequestSchema>,
  onTerminal = false,
): Answer<typeof HubSignInResponseSchema> {
  return hubCall('POST', onTerminal ? '/api/v1/terminals/sign-in' : '/api/v1/staff/sign-in', { body: request });
}

/** GET /api/v1/terminals/this: the hub's own screen, a paired terminal, or the refusal (not paired, revoked). */
export function hubThisTerminal(): Answer<typeof HubThisTerminalSchema> {
  return hubCall('GET', '/api/v1/terminals/this');
}

/** POST /api/v1/terminals/pair: this browser pairs with a code; the device token comes back as an HttpOnly cookie. */
export function hubPair(request: Body<typeof HubPairRequestSchema>): Answer<typeof HubPairResponseSchema> {
  return hubCall('POST', '/api/v1/terminals/pair', { body: request });
}

/**
 * POST /api/v1/staff/sign-out. Outside the client: the shell has already left the session, and a late "no such
 * session" must not end the next person's.
 */
export function hubSignOut(token: string): Answer<typeof HubSignOutResponseSchema> {
  return hubCall('POST', '/api/v1/staff/sign-out', { token });
}
