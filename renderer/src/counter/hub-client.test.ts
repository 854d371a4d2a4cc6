// The counter's hub client sends each route's request as the screens sent it before (method, path, query,
// body, bearer token), gives the hub's error as a value with its code, and ends the shift on UNAUTHENTICATED
// (sign-out aside).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHubClient, hubSignOut } from './hub-client.js';

interface Sent {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

/** A hub that answers every request with `status` and `answer`, and records what it was sent. */
function fakeHub(status: number, answer: unknown): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (path: string, init: RequestInit = {}) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    sent.push({
      method: init.method ?? 'GET',
      path,
      authorization: headers.authorization,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    return new Response(JSON.stringify(answer), { status, headers: { 'content-type': 'application/json' } });
  });
  return sent;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the hub client', () => {
  it('sends each route as the screens did: paths, encoded queries and segments, bodies, the bearer token', async () => {
    const sent = fakeHub(200, {});
    const client = createHubClient('token-1', () => undefined);
    await client.invoices({ limit: 200 });
    await client.invoices({ limit: 200, kind: 'credit_note' });
    await client.products({ q: 'jus de bissap' });
    await client.products({ barcode: '6111234567895' });
    await client.printInvoice('F-H1-2026-000001', { printerId: 'p-1' });
    await client.creditNote('V 1', { creditId: 'c-1', lines: 'all' });
    await client.closeCashSession('s-1', { countedXof: 12_500 });
    await client.reprintFailedPrintJob('abc');
    await client.rejectedOperations();
    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual([
      'GET /api/v1/invoices?limit=200',
      'GET /api/v1/invoices?limit=200&kind=credit_note',
      'GET /api/v1/catalog/products?q=jus%20de%20bissap',
      'GET /api/v1/catalog/products?barcode=6111234567895',
      'POST /api/v1/invoices/F-H1-2026-000001/print',
      'POST /api/v1/sales/V%201/credit-notes',
      'POST /api/v1/cash-sessions/s-1/close',
      'POST /api/v1/failed-print-jobs/abc/reprint',
      'GET /api/v1/sync/rejected',
    ]);
    expect(sent.every((s) => s.authorization === 'Bearer token-1')).toBe(true);
    expect(sent[4]?.body).toEqual({ printerId: 'p-1' });
    expect(sent[6]?.body).toEqual({ countedXof: 12_500 });
    expect(sent[0]?.body).toBeUndefined();
  });

  it('gives the hub’s error as a value with its code, and an ended session calls back once per answer', async () => {
    fakeHub(401, { error: { code: 'UNAUTHENTICATED', message: 'Session ended.', requestId: 'r' } });
    const ended = vi.fn();
    const result = await createHubClient('token-1', ended).currentCashSession();
    expect(result).toEqual({
      ok: false,
      error: { status: 401, code: 'UNAUTHENTICATED', message: 'Session ended.', details: [] },
    });
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('keeps other refusals with their details, without ending the session', async () => {
    const details = [{ path: 'card', problem: 'REVOKED' }];
    fakeHub(403, { error: { code: 'CARD_REFUSED', message: 'Carte refusée', requestId: 'r', details } });
    const ended = vi.fn();
    const result = await createHubClient('token-1', ended).lookUpWallet({ token: 'x' });
    expect(result.ok ? null : result.error).toEqual({
      status: 403,
      code: 'CARD_REFUSED',
      message: 'Carte refusée',
      details,
    });
    expect(ended).not.toHaveBeenCalled();
  });

  it('says the hub is unreachable when the request fails', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new Error('connect ECONNREFUSED')));
    const result = await createHubClient('token-1', () => undefined).printers();
    expect(result.ok ? null : result.error.code).toBe('HUB_UNREACHABLE');
  });

  it('signs out with the token, outside the client', async () => {
    const sent = fakeHub(200, { signedOut: true });
    expect(await hubSignOut('token-2')).toEqual({ ok: true, value: { signedOut: true } });
    expect(sent).toEqual([
      { method: 'POST', path: '/api/v1/staff/sign-out', authorization: 'Bearer token-2', body: undefined },
    ]);
  });
});
