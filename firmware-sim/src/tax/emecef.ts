/**
 * A simulated e-MECeF (DGI Bénin, "e-MECeF API v1.0"; research 2) for running ISMAIL
 * without a Beninese e-MCF: the two-step invoice flow under `/emcf/api/invoice`
 * (POST → uid and the service's totals; PUT `{uid}/confirm` → security elements, or
 * `{uid}/cancel`), the status with pending requests, pending detail, the information API
 * under `/emcf/api/info`, one Bearer JWT per e-MCF with its validity, and the numbered
 * error codes, answered with HTTP 200 and `errorCode` in the body, as clients must expect.
 *
 * Not documented, chosen here: a pending request not confirmed within `pendingTtlMs`
 * (default 2 minutes [VERIFY]: the research gives no delay, only the limit of 10 pending)
 * expires and counts as cancelled; `counters` are "confirmed of this type / all confirmed".
 * SIMULATOR addition, only with `lookups: true` (SIM_TAX_LOOKUPS=true):
 * `GET /emcf/api/sim/invoice/{uid}` tells what became of a uid. By default it answers 404
 * like the real API, which answers error 20 for anything finalised, so a client whose
 * confirm got no answer cannot learn the security elements (see the cloud connector).
 *
 * Owns: submitted requests, confirmed invoices and counters, in memory and bounded.
 * Must never confirm twice, confirm an expired request, or answer without a valid token.
 */
import type http from 'node:http';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { BoundedMap, headerValue, listen, parseJson, readBody, sendJson } from '../payments/http.js';
import {
  defaultEmecefTaxRates,
  emecefErrors,
  emecefInvoiceTypes,
  emecefPaymentTypes,
  emecefTotals,
  parseEmecefInvoice,
  type EmecefErrorCode,
  type EmecefInvoiceRequest,
  type EmecefInvoiceType,
  type EmecefTaxRates,
} from './emecef-invoice.js';
import { Faults, type OutageMode } from './faults.js';
import { randomUpper } from './ids.js';
import { taxBodyMaxBytes, taxRecordsMax } from './limits.js';
import { beninClock, errorBody, record, type EmecefInvoiceRecord, type Stored } from './emecef-records.js';

export type {
  EmecefErrorCode,
  EmecefInvoiceRequest,
  EmecefInvoiceType,
  EmecefItem,
  EmecefPaymentType,
  EmecefTaxGroup,
  EmecefTaxRates,
  EmecefTotals,
} from './emecef-invoice.js';
export type { EmecefInvoiceRecord, EmecefRequestState, EmecefSecurityElements } from './emecef-records.js';

export interface EmecefSimulatorOptions {
  readonly host?: string;
  /** 0 lets the OS choose a free port. */
  readonly port?: number;
  /** The e-MCF's JWT, expected as Bearer. */
  readonly token: string;
  /** When the token stops being valid (ms since epoch). Default: a year after start. */
  readonly tokenValidUntilMs?: number;
  /** Seller IFU the token belongs to: 13 digits. Default 9999900000001 (the documentation's). */
  readonly ifu?: string;
  /** e-MCF identifier, 10 characters. Default TS01000001 (test NIMs start with TS). */
  readonly nim?: string;
  readonly shopName?: string;
  /** Test environment codes start with TEST (research 2.4). Default true. */
  readonly testEnvironment?: boolean;
  /** Default 2 minutes [VERIFY]. */
  readonly pendingTtlMs?: number;
  /** Default 10 (research 2.6). */
  readonly pendingMax?: number;
  readonly taxRates?: EmecefTaxRates;
  /** Wait before each answer (the work is done after it). Default 0. */
  readonly latencyMs?: number;
  readonly now?: () => number;
  /** SIMULATOR addition: `GET /emcf/api/sim/invoice/{uid}`. Default false: the real API has none. */
  readonly lookups?: boolean;
}

export interface EmecefSimulator {
  /** Root of the simulator, e.g. http://127.0.0.1:9207. */
  readonly url: string;
  /** What a client configures as the base (production: https://sygmef.impots.bj/emcf/api). */
  readonly baseUrl: string;
  close(): Promise<void>;
  /** An outage: 503 from the gateway ('unavailable', default) or the connection cut ('reset'). */
  setDown(down: boolean, mode?: OutageMode): void;
  setLatency(latencyMs: number): void;
  /** The next n POSTs create their pending request, then answer 500. */
  failAfterSubmitNext(count: number): void;
  /** The next n confirms are confirmed and stored, then answered 500. */
  failAfterConfirmNext(count: number): void;
  /** Every submitted request, its state as of now. */
  invoices(): readonly EmecefInvoiceRecord[];
  confirmed(): readonly EmecefInvoiceRecord[];
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

export async function startEmecefSimulator(options: EmecefSimulatorOptions): Promise<EmecefSimulator> {
  const now = options.now ?? Date.now;
  const ifu = options.ifu ?? '9999900000001';
  const nim = options.nim ?? 'TS01000001';
  if (!/^\d{13}$/.test(ifu)) throw new RangeError('ifu must be 13 digits');
  if (!/^[A-Z0-9]{10}$/.test(nim)) throw new RangeError('nim must be 10 upper-case letters or digits');
  const tokenDigest = digest(options.token);
  const tokenValidUntilMs = options.tokenValidUntilMs ?? now() + 365 * 24 * 3600_000;
  const pendingTtlMs = options.pendingTtlMs ?? 2 * 60_000;
  const pendingMax = options.pendingMax ?? 10;
  const rates = options.taxRates ?? defaultEmecefTaxRates;
  const testEnvironment = options.testEnvironment ?? true;
  const faults = new Faults(options.latencyMs ?? 0);
  /** Confirmed invoices by their 24-character code, for credit notes. */
  const byCode = new Map<string, string>();
  const requests = new BoundedMap<string, Stored>(taxRecordsMax, (evicted) => {
    if (evicted.security !== null) byCode.delete(evicted.security.codeMECeFDGI.replaceAll('-', ''));
  });
  const counters = new Map<EmecefInvoiceType, number>();
  let confirmedCount = 0;

  /** The state as of now: a pending request past its delay has expired. */
  const settle = (item: Stored): Stored => {
    if (item.state === 'pending' && now() >= item.submittedAtMs + pendingTtlMs) {
      item.state = 'expired';
      item.finalisedAtMs = item.submittedAtMs + pendingTtlMs;
    }
    return item;
  };

  const pending = (): Stored[] => Array.from(requests.values(), settle).filter((item) => item.state === 'pending');

  const authorised = (request: http.IncomingMessage): boolean => {
    const match = /^Bearer (\S+)$/.exec(headerValue(request, 'authorization') ?? '');
    return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), tokenDigest) && now() < tokenValidUntilMs;
  };

  const refuse = (response: http.ServerResponse): void =>
    sendJson(response, 401, { message: 'Authorization has been denied for this request.' });

  /** The original a credit note points at, and what was already credited on it. */
  const creditRoom = (request: EmecefInvoiceRequest, extra: number): EmecefErrorCode | undefined => {
    if (request.reference === null) return undefined;
    const originalUid = byCode.get(request.reference);
    const original = originalUid === undefined ? undefined : requests.get(originalUid);
    const expectedType: EmecefInvoiceType = request.type === 'EA' ? 'EV' : 'FV';
    if (original?.state !== 'confirmed' || original.request.type !== expectedType) return '11';
    let credited = extra;
    for (const item of requests.values()) {
      if (item.state === 'confirmed' && item.request.reference === request.reference) credited += item.totals.total;
    }
    return credited > original.totals.total ? '12' : undefined;
  };

  const status = (response: http.ServerResponse): void => {
    const list = pending();
    sendJson(response, 200, {
      status: true,
      version: '1.0',
      ifu,
      nim,
      tokenValid: beninClock(tokenValidUntilMs).iso,
      serverDateTime: beninClock(now()).iso,
      pendingRequestsCount: list.length,
      pendingRequestsList: list.map((item) => ({ date: beninClock(item.submittedAtMs).dateTime, uid: item.uid })),
    });
  };

  const submit = async (
    body: { ok: true; text: string } | { ok: false },
    response: http.ServerResponse,
  ): Promise<void> => {
    if (!body.ok)
      return sendJson(response, 413, { message: `The body must be at most ${String(taxBodyMaxBytes)} bytes.` });
    const json = parseJson(body.text);
    const parsed = parseEmecefInvoice(json);
    if (!parsed.ok) {
      if (parsed.kind === 'model')
        return sendJson(response, 400, { message: 'The request is invalid.', detail: parsed.message });
      return sendJson(response, 200, errorBody(parsed.errorCode));
    }
    const request = parsed.value;
    // The token is the e-MCF's; an invoice for another taxpayer is a processing error.
    if (request.ifu !== ifu)
      return sendJson(response, 200, {
        errorCode: '99',
        errorDesc: `${emecefErrors['99']} : IFU ${request.ifu} ne correspond pas à l'e-MCF`,
      });
    if (pending().length >= pendingMax) return sendJson(response, 200, errorBody('1'));
    const totals = emecefTotals(request, rates);
    const creditError = creditRoom(request, totals.total);
    if (creditError !== undefined) return sendJson(response, 200, errorBody(creditError));
    const item: Stored = {
      uid: randomUUID(),
      submittedAtMs: now(),
      request,
      echo: json,
      totals,
      state: 'pending',
      finalisedAtMs: null,
      security: null,
      confirmAnsweredWith: null,
    };
    requests.set(item.uid, item);
    if (faults.takeFailAfter('submit')) return sendJson(response, 500, { message: 'An error has occurred.' });
    sendJson(response, 200, { uid: item.uid, ...totals });
  };

  const finalise = (uid: string, action: 'confirm' | 'cancel', response: http.ServerResponse): void => {
    const found = requests.get(uid.toLowerCase());
    const item = found === undefined ? undefined : settle(found);
    if (item?.state !== 'pending') return sendJson(response, 200, errorBody('20'));
    const at = now();
    const clock = beninClock(at);
    if (action === 'cancel') {
      item.state = 'cancelled';
      item.finalisedAtMs = at;
      item.security = {
        dateTime: clock.dateTime,
        qrCode: '',
        codeMECeFDGI: '',
        counters: `${String(counters.get(item.request.type) ?? 0)}/${String(confirmedCount)} ${item.request.type}`,
        nim,
      };
      return sendJson(response, 200, item.security);
    }
    // Two credit notes pending on the same original may not both fit once confirmed.
    const creditError = creditRoom(item.request, item.totals.total);
    if (creditError !== undefined) return sendJson(response, 200, errorBody(creditError));
    let code = '';
    do code = `${testEnvironment ? 'TEST' : ''}${randomUpper(testEnvironment ? 20 : 24)}`;
    while (byCode.has(code));
    const typeCount = (counters.get(item.request.type) ?? 0) + 1;
    counters.set(item.request.type, typeCount);
    confirmedCount++;
    item.state = 'confirmed';
    item.finalisedAtMs = at;
    item.security = {
      dateTime: clock.dateTime,
      qrCode: `F;${nim};${code};${ifu};${clock.stamp}`,
      codeMECeFDGI: code.match(/.{4}/g)?.join('-') ?? code,
      counters: `${String(typeCount)}/${String(confirmedCount)} ${item.request.type}`,
      nim,
    };
    byCode.set(code, item.uid);
    if (faults.takeFailAfter('confirm')) {
      item.confirmAnsweredWith = 500;
      return sendJson(response, 500, { message: 'An error has occurred.' });
    }
    item.confirmAnsweredWith = 200;
    sendJson(response, 200, item.security);
  };

  const detail = (uid: string, response: http.ServerResponse): void => {
    const found = requests.get(uid.toLowerCase());
    const item = found === undefined ? undefined : settle(found);
    if (item?.state !== 'pending') return sendJson(response, 200, errorBody('20'));
    sendJson(response, 200, item.echo);
  };

  /** SIMULATOR: what became of a uid (the real API has no such call). */
  const simState = (uid: string, response: http.ServerResponse): void => {
    const found = requests.get(uid.toLowerCase());
    if (found === undefined) return sendJson(response, 404, { message: 'Unknown uid.' });
    sendJson(response, 200, record(settle(found)));
  };

  const info = (path: string, response: http.ServerResponse): boolean => {
    switch (path) {
      case '/emcf/api/info/status':
        sendJson(response, 200, {
          status: true,
          version: '1.0',
          ifu,
          nim,
          tokenValid: beninClock(tokenValidUntilMs).iso,
          serverDateTime: beninClock(now()).iso,
          emcfList: [
            {
              nim,
              status: 'Actif',
              shopName: options.shopName ?? 'Boutique simulée',
              address1: 'Cotonou',
              address2: '',
              address3: '',
              contact1: '',
              contact2: '',
              contact3: '',
            },
          ],
        });
        return true;
      case '/emcf/api/info/taxGroups':
        sendJson(response, 200, rates);
        return true;
      case '/emcf/api/info/invoiceTypes':
        sendJson(response, 200, emecefInvoiceTypes);
        return true;
      case '/emcf/api/info/paymentTypes':
        sendJson(response, 200, emecefPaymentTypes);
        return true;
      default:
        return false;
    }
  };

  const server = await listen(options.host ?? '127.0.0.1', options.port ?? 0, async (request, response) => {
    if (!faults.admit(request, response)) return;
    const path = new URL(request.url ?? '/', 'http://simulator').pathname.replace(/(.)\/$/, '$1');
    const method = request.method ?? 'GET';
    const body = method === 'POST' || method === 'PUT' ? await readBody(request, taxBodyMaxBytes) : undefined;
    await faults.delay();
    if (!path.startsWith('/emcf/api/'))
      return sendJson(response, 404, { message: 'No HTTP resource was found that matches the request URI.' });
    if (!authorised(request)) return refuse(response);
    if (path === '/emcf/api/invoice' && method === 'GET') return status(response);
    if (path === '/emcf/api/invoice' && method === 'POST' && body !== undefined) return submit(body, response);
    const finaliseMatch = /^\/emcf\/api\/invoice\/([0-9a-fA-F-]{36})\/(confirm|cancel)$/.exec(path);
    if (finaliseMatch?.[1] !== undefined && method === 'PUT')
      return finalise(finaliseMatch[1], finaliseMatch[2] === 'confirm' ? 'confirm' : 'cancel', response);
    const detailMatch = /^\/emcf\/api\/invoice\/([0-9a-fA-F-]{36})$/.exec(path);
    if (detailMatch?.[1] !== undefined && method === 'GET') return detail(detailMatch[1], response);
    const simMatch = /^\/emcf\/api\/sim\/invoice\/([0-9a-fA-F-]{36})$/.exec(path);
    if (options.lookups === true && simMatch?.[1] !== undefined && method === 'GET')
      return simState(simMatch[1], response);
    if (method === 'GET' && info(path, response)) return;
    sendJson(response, 404, { message: 'No HTTP resource was found that matches the request URI.' });
  });

  return {
    url: server.url,
    baseUrl: `${server.url}/emcf/api`,
    close: async () => {
      faults.close();
      await server.close();
    },
    setDown: (down, mode) => faults.setDown(down, mode),
    setLatency: (latencyMs) => faults.setLatency(latencyMs),
    failAfterSubmitNext: (count) => faults.failAfterNext('submit', count),
    failAfterConfirmNext: (count) => faults.failAfterNext('confirm', count),
    invoices: () => Array.from(requests.values(), (item) => record(settle(item))),
    confirmed: () =>
      Array.from(requests.values(), (item) => record(settle(item))).filter((item) => item.state === 'confirmed'),
  };
}
