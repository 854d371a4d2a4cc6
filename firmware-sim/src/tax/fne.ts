/**
 * A simulated FNE certification API (DGI Côte d'Ivoire, "Procédure d'interfaçage des
 * entreprises par API", May 2025; research 1.5) for running ISMAIL without a DGI account:
 * `POST /ws/external/invoices/sign` (sale or purchase slip) and
 * `POST /ws/external/invoices/{invoice.id}/refund` (credit note), Bearer API key, numbers
 * `[prefix] + NCC + YY + 9-digit annual sequence`, a verification URL as QR token, the
 * sticker balance, 400 `{message, error, statusCode, errors}` on invalid input.
 *
 * By default it behaves as the real platform does: no lookup, and a resubmitted invoice is
 * certified a second time (the real API has no idempotency key). With `lookups: true`
 * (SIM_TAX_LOOKUPS=true) it adds, marked SIMULATOR:
 * - the first UUID written in `commercialMessage` (a field the platform keeps and prints)
 *   is the client's reference: a second sale carrying an already-certified reference is
 *   refused with 409 naming the first;
 * - `GET /ws/sim/invoices?commercialMessage=…|reference=…|parentReference=…` stands in for
 *   the search a taxpayer does by hand in the FNE space after a timeout or a 500.
 * Without them those routes answer 404, as on the real platform.
 * Always: a refund beyond the quantity left on the original is refused with 400 (not documented).
 *
 * Owns: certified documents, their numbering and the sticker balance, in memory and bounded.
 * Must never number two documents alike, leave a gap in a series, or certify without the key.
 */
import type http from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { BoundedMap, headerValue, isRecord, listen, parseJson, readBody, sendJson } from '../payments/http.js';
import { Faults, type OutageMode } from './faults.js';
import { fneTotals, parseFneSale, type FneSaleRequest, type FneTaxCode, type FneTotals } from './fne-invoice.js';
import { firstUuid, uuidV7 } from './ids.js';
import { taxBodyMaxBytes, taxRecordsMax, taxSearchResultsMax, taxTextMaxChars } from './limits.js';

export type {
  FneCustomTax,
  FneInvoiceType,
  FnePaymentMethod,
  FneSaleRequest,
  FneTaxCode,
  FneTemplate,
  FneTotals,
} from './fne-invoice.js';
export type { OutageMode } from './faults.js';

export interface FneSimulatorOptions {
  readonly host?: string;
  /** 0 lets the OS choose a free port. */
  readonly port?: number;
  readonly apiKey: string;
  /** The taxpayer the key belongs to: 7 digits and a letter. Default 9999999X. */
  readonly ncc?: string;
  /** Wait before each answer (the work is done after it). Default 0. */
  readonly latencyMs?: number;
  readonly now?: () => number;
  /** Points of sale that exist in the FNE space; unset accepts any name. */
  readonly pointsOfSale?: readonly string[];
  /** Prepaid stickers; each certified document uses one. Default 1000. */
  readonly stickers?: number;
  /** `warning` turns true below this balance. Default 50. */
  readonly stickerWarningBelow?: number;
  /** SIMULATOR additions: the `/ws/sim/invoices` search and the 409 on a resent client
   * reference. Default false: the real platform has neither. */
  readonly lookups?: boolean;
}

export type FneDocumentKind = 'sale' | 'purchase' | 'refund';

export interface FneCertifiedItem {
  readonly id: string;
  readonly description: string;
  readonly quantity: number;
  readonly amount: number;
  readonly taxes: readonly FneTaxCode[];
}

export interface FneCertification {
  readonly id: string;
  readonly kind: FneDocumentKind;
  readonly ncc: string;
  /** The FNE number, e.g. 9999999X26000000001 (credit notes start with A, purchase slips with B). */
  readonly reference: string;
  /** Verification URL, encoded as the QR code. */
  readonly token: string;
  /** SIMULATOR: the first UUID in commercialMessage, or null. */
  readonly clientReference: string | null;
  readonly parentReference: string | null;
  readonly certifiedAt: string;
  /** What the client was told: 200/201, or 500 when the fault was armed. */
  readonly answeredWith: 200 | 201 | 500;
  readonly totals: FneTotals;
  readonly items: readonly FneCertifiedItem[];
}

export interface FneSimulator {
  /** Root of the simulator, e.g. http://127.0.0.1:9206. */
  readonly url: string;
  /** What a client configures as the FNE base URL (the test platform's is http://54.247.95.108/ws). */
  readonly baseUrl: string;
  close(): Promise<void>;
  /** An outage: 503 from the gateway ('unavailable', default) or the connection cut ('reset'). */
  setDown(down: boolean, mode?: OutageMode): void;
  setLatency(latencyMs: number): void;
  /** The next n sign/refund calls are certified and stored, then answered 500. */
  failAfterCertifyNext(count: number): void;
  certified(): readonly FneCertification[];
  /** Sales whose client reference was already certified: refused with 409 (lookups on) or
   * certified a second time (lookups off, as the real platform does). */
  duplicateAttempts(): number;
}

interface StoredItem extends FneCertifiedItem {
  readonly reference: string | null;
  readonly discount: number;
  readonly measurementUnit: string | null;
  readonly customTaxes: FneSaleRequest['items'][number]['customTaxes'];
  refundedQuantity: number;
}

interface StoredDocument {
  readonly id: string;
  readonly verificationId: string;
  readonly kind: FneDocumentKind;
  readonly ncc: string;
  readonly reference: string;
  readonly token: string;
  readonly createdAtMs: number;
  /** For a refund, the original's request (same client, point of sale, ...). */
  readonly request: FneSaleRequest;
  readonly parent: { readonly id: string; readonly reference: string } | null;
  readonly items: StoredItem[];
  readonly totals: FneTotals;
  readonly clientReference: string | null;
  answeredWith: 200 | 201 | 500;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
const nccPattern = /^\d{7}[A-Z]$/;
const prefixes: Readonly<Record<FneDocumentKind, string>> = { sale: '', purchase: 'B', refund: 'A' };

const apiError = (
  response: http.ServerResponse,
  statusCode: number,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
): void => {
  sendJson(response, statusCode, { message, error, statusCode, ...extra });
};

export async function startFneSimulator(options: FneSimulatorOptions): Promise<FneSimulator> {
  const now = options.now ?? Date.now;
  const ncc = options.ncc ?? '9999999X';
  if (!nccPattern.test(ncc)) throw new RangeError('ncc must be 7 digits and a letter');
  const apiKeyDigest = digest(options.apiKey);
  const stickerWarningBelow = options.stickerWarningBelow ?? 50;
  const lookups = options.lookups ?? false;
  let stickers = options.stickers ?? 1000;
  let duplicates = 0;
  const faults = new Faults(options.latencyMs ?? 0);
  const byClientReference = new Map<string, string>();
  const byVerification = new Map<string, string>();
  const byReference = new Map<string, string>();
  const documents = new BoundedMap<string, StoredDocument>(taxRecordsMax, (evicted) => {
    if (evicted.clientReference !== null) byClientReference.delete(evicted.clientReference);
    byVerification.delete(evicted.verificationId);
    byReference.delete(evicted.reference);
  });
  /** Last number used per series `prefix|NCC|YY`; never decreases, never skips. */
  const sequences = new Map<string, number>();
  let baseUrl = '';

  const authorised = (request: http.IncomingMessage): boolean => {
    const match = /^Bearer (\S+)$/.exec(headerValue(request, 'authorization') ?? '');
    return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), apiKeyDigest);
  };

  /** The next number of a series. Abidjan is on UTC all year, so the UTC year is the fiscal one. */
  const nextReference = (kind: FneDocumentKind, atMs: number): string => {
    const year = String(new Date(atMs).getUTCFullYear() % 100).padStart(2, '0');
    const series = `${prefixes[kind]}|${ncc}|${year}`;
    const next = (sequences.get(series) ?? 0) + 1;
    if (next > 999_999_999) throw new RangeError(`series ${series} is full`);
    sequences.set(series, next);
    return `${prefixes[kind]}${ncc}${year}${String(next).padStart(9, '0')}`;
  };

  const store = (
    kind: FneDocumentKind,
    request: FneSaleRequest,
    items: StoredItem[],
    totals: FneTotals,
    parent: StoredDocument['parent'],
    clientReference: string | null,
  ): StoredDocument => {
    const createdAtMs = now();
    const verificationId = uuidV7(createdAtMs);
    const document: StoredDocument = {
      id: uuidV7(createdAtMs),
      verificationId,
      kind,
      ncc,
      reference: nextReference(kind, createdAtMs),
      token: `${baseUrl.replace(/\/ws$/, '')}/fr/verification/${verificationId}`,
      createdAtMs,
      request,
      parent,
      items,
      totals,
      clientReference,
      answeredWith: kind === 'refund' ? 201 : 200,
    };
    documents.set(document.id, document);
    byVerification.set(verificationId, document.id);
    byReference.set(document.reference, document.id);
    if (clientReference !== null) byClientReference.set(clientReference, document.id);
    stickers--;
    return document;
  };

  /** The invoice object as the platform returns it (and as the simulated search lists it). */
  const view = (document: StoredDocument): Record<string, unknown> => {
    const r = document.request;
    return {
      id: document.id,
      ncc: document.ncc,
      reference: document.reference,
      type: document.kind === 'refund' ? 'refund' : 'invoice',
      invoiceType: document.kind === 'refund' ? r.invoiceType : document.kind,
      template: r.template,
      paymentMethod: r.paymentMethod,
      isRne: r.isRne,
      rne: r.rne,
      clientNcc: r.clientNcc,
      clientCompanyName: r.clientCompanyName,
      clientPhone: r.clientPhone,
      clientEmail: r.clientEmail,
      clientSellerName: r.clientSellerName,
      pointOfSale: r.pointOfSale,
      establishment: r.establishment,
      commercialMessage: document.kind === 'refund' ? null : r.commercialMessage,
      footer: r.footer,
      foreignCurrency: r.foreignCurrency,
      foreignCurrencyRate: r.foreignCurrencyRate,
      discount: r.discount,
      parentId: document.parent?.id ?? null,
      parentReference: document.parent?.reference ?? null,
      // Whole francs. [VERIFY] one integrator's model stores the platform's amounts in centimes.
      totalBeforeTaxes: document.totals.netXof,
      vatAmount: document.totals.vatXof,
      otherTaxes: document.totals.otherTaxesXof,
      amount: document.totals.totalXof,
      token: document.token,
      source: 'api',
      status: 'certified',
      createdAt: new Date(document.createdAtMs).toISOString(),
      items: document.items.map((item) => ({
        id: item.id,
        reference: item.reference,
        description: item.description,
        quantity: item.quantity,
        amount: item.amount,
        discount: item.discount,
        measurementUnit: item.measurementUnit,
        taxes: item.taxes,
        customTaxes: item.customTaxes,
      })),
    };
  };

  const stickerFields = (): { warning: boolean; balance_sticker: number } => ({
    warning: stickers < stickerWarningBelow,
    balance_sticker: stickers,
  });

  /** Answers a freshly certified document, or 500 when the fault is armed (it stays certified). */
  const answerCertified = (
    response: http.ServerResponse,
    document: StoredDocument,
    body: Record<string, unknown>,
  ): void => {
    if (faults.takeFailAfter('certify')) {
      document.answeredWith = 500;
      apiError(response, 500, 'invoice_signing_error', 'An error occurred while signing the invoice');
      return;
    }
    sendJson(response, document.answeredWith, body);
  };

  const sign = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const body = await readBody(request, taxBodyMaxBytes);
    await faults.delay();
    if (!authorised(request)) return apiError(response, 401, 'unauthorized', 'Invalid API Key');
    if (!body.ok)
      return apiError(response, 413, 'payload_too_large', `The body must be at most ${String(taxBodyMaxBytes)} bytes`);
    const json = body.text.trim().length === 0 ? {} : parseJson(body.text);
    if (json === undefined) return apiError(response, 400, 'bad_request', 'The body is not valid JSON');
    const parsed = parseFneSale(json, options.pointsOfSale);
    if (!parsed.ok) return apiError(response, 400, 'bad_request', parsed.message, { errors: parsed.errors });
    const sale = parsed.value;
    const clientReference = firstUuid(sale.commercialMessage);
    const earlierId = clientReference === null ? undefined : byClientReference.get(clientReference);
    const earlier = earlierId === undefined ? undefined : documents.get(earlierId);
    if (earlier !== undefined) duplicates++;
    if (earlier !== undefined && lookups) {
      return apiError(
        response,
        409,
        'conflict',
        `An invoice with this client reference was already certified: ${earlier.reference}`,
        {
          reference: earlier.reference,
          token: earlier.token,
        },
      );
    }
    if (stickers <= 0) return apiError(response, 400, 'bad_request', 'Insufficient sticker balance');
    const createdAtMs = now();
    const items: StoredItem[] = sale.items.map((item) => ({ ...item, id: uuidV7(createdAtMs), refundedQuantity: 0 }));
    const document = store(sale.invoiceType, sale, items, fneTotals(sale.items, sale.discount), null, clientReference);
    answerCertified(response, document, {
      ncc,
      reference: document.reference,
      token: document.token,
      ...stickerFields(),
      invoice: view(document),
    });
  };

  const refund = async (
    invoiceId: string,
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ): Promise<void> => {
    const body = await readBody(request, taxBodyMaxBytes);
    await faults.delay();
    if (!authorised(request)) return apiError(response, 401, 'unauthorized', 'Invalid API Key');
    if (!body.ok)
      return apiError(response, 413, 'payload_too_large', `The body must be at most ${String(taxBodyMaxBytes)} bytes`);
    const original = documents.get(invoiceId);
    if (original?.kind !== 'sale') return apiError(response, 404, 'not_found', 'Invoice not found');
    const json = parseJson(body.text);
    if (!isRecord(json) || !Array.isArray(json.items) || json.items.length === 0)
      return apiError(response, 400, 'bad_request', 'items must hold at least one {id, quantity}');
    // Only quantities can change on a credit note (research 1.5): the lines are the original's.
    const wanted = new Map<string, number>();
    for (const raw of json.items as unknown[]) {
      if (
        !isRecord(raw) ||
        typeof raw.id !== 'string' ||
        typeof raw.quantity !== 'number' ||
        !Number.isFinite(raw.quantity) ||
        raw.quantity <= 0
      ) {
        return apiError(response, 400, 'bad_request', 'items entries must be {id, quantity > 0}');
      }
      if (!original.items.some((item) => item.id === raw.id))
        return apiError(
          response,
          400,
          'bad_request',
          `Item ${raw.id.slice(0, 64)} is not on invoice ${original.reference}`,
        );
      wanted.set(raw.id, (wanted.get(raw.id) ?? 0) + raw.quantity);
    }
    for (const item of original.items) {
      const quantity = wanted.get(item.id) ?? 0;
      // SIMULATOR: not documented; a credit note beyond what was sold would be a fraud vector.
      if (item.refundedQuantity + quantity > item.quantity + 1e-9) {
        return apiError(
          response,
          400,
          'bad_request',
          `The quantity to refund for item ${item.id} exceeds the quantity left on the invoice`,
        );
      }
    }
    if (stickers <= 0) return apiError(response, 400, 'bad_request', 'Insufficient sticker balance');
    const createdAtMs = now();
    const items: StoredItem[] = [];
    for (const item of original.items) {
      const quantity = wanted.get(item.id);
      if (quantity === undefined) continue;
      item.refundedQuantity += quantity;
      items.push({ ...item, id: uuidV7(createdAtMs), quantity, refundedQuantity: 0 });
    }
    const document = store(
      'refund',
      original.request,
      items,
      fneTotals(items, original.request.discount),
      { id: original.id, reference: original.reference },
      null,
    );
    answerCertified(response, document, {
      ncc,
      reference: document.reference,
      token: document.token,
      ...stickerFields(),
    });
  };

  /** SIMULATOR: stands in for the search a taxpayer does by hand in the FNE space. */
  const search = async (url: URL, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    await faults.delay();
    if (!authorised(request)) return apiError(response, 401, 'unauthorized', 'Invalid API Key');
    const commercialMessage = url.searchParams.get('commercialMessage');
    const reference = url.searchParams.get('reference');
    const parentReference = url.searchParams.get('parentReference');
    const given = [commercialMessage, reference, parentReference].filter((value) => value !== null && value.length > 0);
    if (given.length === 0 || given.some((value) => (value ?? '').length > taxTextMaxChars)) {
      return apiError(response, 400, 'bad_request', 'Give commercialMessage, reference or parentReference');
    }
    const data: unknown[] = [];
    for (const document of documents.values()) {
      if (
        commercialMessage !== null &&
        !(document.kind !== 'refund' && (document.request.commercialMessage ?? '').includes(commercialMessage))
      )
        continue;
      if (reference !== null && document.reference !== reference) continue;
      if (parentReference !== null && document.parent?.reference !== parentReference) continue;
      data.push({ ncc, reference: document.reference, token: document.token, invoice: view(document) });
      if (data.length >= taxSearchResultsMax) break;
    }
    sendJson(response, 200, { data });
  };

  /** The public, unauthenticated data behind a verification page (research 1.5). */
  const qr = (verificationId: string, response: http.ServerResponse): void => {
    const id = byVerification.get(verificationId.toLowerCase());
    const document = id === undefined ? undefined : documents.get(id);
    if (document === undefined) return apiError(response, 404, 'not_found', 'Invoice not found');
    sendJson(response, 200, { ...view(document), issuer: { ncc } });
  };

  const verificationPage = (verificationId: string, response: http.ServerResponse): void => {
    const id = byVerification.get(verificationId.toLowerCase());
    const document = id === undefined ? undefined : documents.get(id);
    const html =
      document === undefined
        ? '<!doctype html><title>FNE</title><p>Facture introuvable (simulateur).</p>'
        : `<!doctype html><title>FNE ${document.reference}</title><p>Facture normalisée électronique certifiée (simulateur)</p><p>N° ${document.reference} — NCC ${ncc} — ${String(document.totals.totalXof)} F CFA TTC</p>`;
    response.writeHead(document === undefined ? 404 : 200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(html),
    });
    response.end(html);
  };

  const server = await listen(options.host ?? '127.0.0.1', options.port ?? 0, async (request, response) => {
    if (!faults.admit(request, response)) return;
    const url = new URL(request.url ?? '/', 'http://simulator');
    const path = url.pathname;
    const method = request.method ?? 'GET';
    if (path === '/ws/external/invoices/sign' && method === 'POST') return sign(request, response);
    const refundMatch = /^\/ws\/external\/invoices\/([^/]{1,100})\/refund$/.exec(path);
    if (refundMatch?.[1] !== undefined && method === 'POST')
      return refund(decodeURIComponent(refundMatch[1]), request, response);
    if (lookups && path === '/ws/sim/invoices' && method === 'GET') return search(url, request, response);
    const qrMatch = /^\/ws\/invoices\/qr\/([0-9a-fA-F-]{36})$/.exec(path);
    if (qrMatch?.[1] !== undefined && method === 'GET') return qr(qrMatch[1], response);
    const pageMatch = /^\/fr\/verification\/([0-9a-fA-F-]{36})$/.exec(path);
    if (pageMatch?.[1] !== undefined && method === 'GET') return verificationPage(pageMatch[1], response);
    apiError(response, 404, 'not_found', `Cannot ${method} ${path.slice(0, 200)}`);
  });
  baseUrl = `${server.url}/ws`;

  return {
    url: server.url,
    baseUrl,
    close: async () => {
      faults.close();
      await server.close();
    },
    setDown: (down, mode) => faults.setDown(down, mode),
    setLatency: (latencyMs) => faults.setLatency(latencyMs),
    failAfterCertifyNext: (count) => faults.failAfterNext('certify', count),
    certified: () =>
      Array.from(documents.values(), (document) => ({
        id: document.id,
        kind: document.kind,
        ncc: document.ncc,
        reference: document.reference,
        token: document.token,
        clientReference: document.clientReference,
        parentReference: document.parent?.reference ?? null,
        certifiedAt: new Date(document.createdAtMs).toISOString(),
        answeredWith: document.answeredWith,
        totals: document.totals,
        items: document.items.map((item) => ({
          id: item.id,
          description: item.description,
          quantity: item.quantity,
          amount: item.amount,
          taxes: item.taxes,
        })),
      })),
    duplicateAttempts: () => duplicates,
  };
}
