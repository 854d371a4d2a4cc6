/**
 * The FNE connector (DGI Côte d'Ivoire; research 1.5, 9.4): one synchronous call signs a
 * sale (`POST {base}/external/invoices/sign`) or a credit note
 * (`POST {base}/external/invoices/{invoice.id}/refund`), Bearer API key. 200/201 certified;
 * 400 rejected (fix the data, do not retry); 401, 5xx, timeouts and cut connections
 * uncertain (the platform has been seen to keep an invoice after a 500). Only a call that
 * never left (connection refused, name not resolved) or a refused key is known not to have
 * certified anything, and may be sent again.
 *
 * The real API has no idempotency key and no lookup: any other uncertain outcome is for a
 * person, who searches the FNE space for the invoice number we write in commercialMessage
 * (admin queue), never a blind resend. Only with `lookups: true` (the simulator started
 * with lookups) does `recover` search `GET {base}/sim/invoices` instead.
 *
 * Owns: the HTTP exchange and the reading of answers. Must never send the API key anywhere
 * but the configured base URL, nor report a timeout as a rejection.
 */
import {
  rejected,
  uncertain,
  type ClearanceConnector,
  type ClearanceInvoice,
  type ClearanceOutcome,
  type ClearanceStore,
} from './connector.js';
import {
  defaultFneTaxCodes,
  fneCommercialMessage,
  fneOriginalFrom,
  fneRefundItems,
  fneSaleBody,
  checkInvoice,
  type FneOriginal,
  type FneRefundItem,
  type FneTaxCode,
} from './fne-request.js';
import { answerMessage, callAuthority, isRecord, type AuthorityAnswer } from './http.js';
import { clearanceTimeoutMsDefault } from './limits.js';

export interface FneConfig {
  /** The test platform's is http://54.247.95.108/ws; production's comes from the DGI after validation. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** As named in the FNE space; used when the invoice's seller does not name them. */
  readonly pointOfSale: string;
  readonly establishment: string;
  /** B2C invoices still need a client name, phone and e-mail on the platform. */
  readonly walkInClient: { readonly name: string; readonly phone: string; readonly email: string };
  readonly timeoutMs?: number;
  /** Our tax groups → FNE codes; defaults to defaultFneTaxCodes. */
  readonly taxCodes?: Readonly<Record<string, FneTaxCode>>;
}

export interface FneConnectorOptions {
  /** Certified outcomes by our invoice id: a credit note needs its original's FNE ids, kept in `raw`. */
  readonly originals?: Pick<ClearanceStore, 'get'>;
  /** The simulator's `/sim/invoices` search (SIM_TAX_LOOKUPS). Default false: the real FNE has none. */
  readonly lookups?: boolean;
}

type Found =
  { status: 'found'; outcome: ClearanceOutcome } | { status: 'not_found' } | { status: 'unknown'; reason: string };

export class FneConnector implements ClearanceConnector {
  readonly authority = 'fne' as const;
  readonly #config: FneConfig;
  readonly #base: string;
  readonly #timeoutMs: number;
  readonly #taxCodes: Readonly<Record<string, FneTaxCode>>;
  readonly #originals: Pick<ClearanceStore, 'get'> | undefined;
  readonly #lookups: boolean;
  /** After an answer that may hide a certification: look it up, or ask a person. */
  readonly #mayBeCertified: 'recover' | 'person';

  constructor(config: FneConfig, options: FneConnectorOptions = {}) {
    this.#config = config;
    this.#base = config.baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = config.timeoutMs ?? clearanceTimeoutMsDefault;
    this.#taxCodes = config.taxCodes ?? defaultFneTaxCodes;
    this.#originals = options.originals;
    this.#lookups = options.lookups ?? false;
    this.#mayBeCertified = this.#lookups ? 'recover' : 'person';
  }

  #call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<AuthorityAnswer> {
    return callAuthority(
      `${this.#base}${path}`,
      {
        method,
        headers: { authorization: `Bearer ${this.#config.apiKey}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      this.#timeoutMs,
    );
  }

  async certify(invoice: ClearanceInvoice): Promise<ClearanceOutcome> {
    return invoice.kind === 'credit_note' ? this.#refund(invoice) : this.#sign(invoice);
  }

  async #sign(invoice: ClearanceInvoice): Promise<ClearanceOutcome> {
    const body = fneSaleBody(invoice, {
      pointOfSale: this.#config.pointOfSale,
      establishment: this.#config.establishment,
      walkInClient: this.#config.walkInClient,
      taxCodes: this.#taxCodes,
    });
    if (!body.ok) return body.outcome;
    const answer = await this.#call('POST', '/external/invoices/sign', body.value);
    if (answer.kind === 'answer' && answer.status === 409) {
      // Only the simulator says "already certified"; the real platform would certify again.
      const found = await this.#findSale(invoice);
      return found.status === 'found'
        ? found.outcome
        : uncertain(
            `FNE says this invoice was already certified, but it could not be read back (${found.status === 'unknown' ? found.reason : 'not found'})`,
            this.#mayBeCertified,
          );
    }
    return this.#outcome(answer, 'sign');
  }

  async #refund(invoice: ClearanceInvoice): Promise<ClearanceOutcome> {
    const problem = checkInvoice(invoice);
    if (problem !== undefined) return problem;
    const prepared = await this.#refundRequest(invoice);
    if (prepared.status !== 'ready') return prepared.outcome;
    const answer = await this.#call('POST', `/external/invoices/${encodeURIComponent(prepared.original.id)}/refund`, {
      items: prepared.items,
    });
    if (answer.kind === 'answer' && answer.status === 404)
      return rejected(
        'FNE_ORIGINAL_UNKNOWN',
        `FNE does not know the original invoice ${invoice.original?.authorityReference ?? ''}`,
      );
    return this.#outcome(answer, 'refund');
  }

  /** Reads a sign/refund answer: certified, rejected or uncertain. */
  #outcome(answer: AuthorityAnswer, call: 'sign' | 'refund'): ClearanceOutcome {
    if (answer.kind === 'no-answer')
      return uncertain(`FNE ${call}: ${answer.reason}`, answer.neverSent ? 'resend' : this.#mayBeCertified);
    const { status, body } = answer;
    if (status === 200 || status === 201) {
      const certified = certifiedFrom(body);
      return (
        certified ??
        uncertain(`FNE ${call} answered ${String(status)} without a reference and token`, this.#mayBeCertified)
      );
    }
    if (status === 400 || status === 413 || status === 422) return rejected('FNE_BAD_REQUEST', answerMessage(answer));
    if (status === 401 || status === 403)
      return uncertain(
        `FNE refused the API key (${String(status)}): fix the configuration; nothing was certified`,
        'resend',
      );
    // A 5xx (even a gateway's 503) does not prove that nothing was kept: the platform has kept invoices after a 500.
    return uncertain(`FNE ${call} answered ${String(status)}: ${answerMessage(answer)}`, this.#mayBeCertified);
  }

  async #refundRequest(
    invoice: ClearanceInvoice,
  ): Promise<
    { status: 'ready'; original: FneOriginal; items: FneRefundItem[] } | { status: 'stop'; outcome: ClearanceOutcome }
  > {
    const original = await this.#original(invoice);
    if (original.status !== 'found') return { status: 'stop', outcome: original.outcome };
    const items = fneRefundItems(invoice, original.original, this.#taxCodes);
    if (!items.ok) return { status: 'stop', outcome: items.outcome };
    return { status: 'ready', original: original.original, items: items.value };
  }

  /** The original's FNE ids: from our store when we have them, else from the lookup. */
  async #original(
    invoice: ClearanceInvoice,
  ): Promise<{ status: 'found'; original: FneOriginal } | { status: 'missing'; outcome: ClearanceOutcome }> {
    if (invoice.original === undefined)
      return { status: 'missing', outcome: rejected('INVALID_INVOICE', 'a credit note needs its original') };
    const stored = await this.#originals?.get(invoice.original.invoiceId);
    const fromStore = stored?.status === 'certified' ? fneOriginalFrom(stored.raw) : undefined;
    if (fromStore !== undefined) return { status: 'found', original: fromStore };
    if (!this.#lookups) {
      // Nothing was sent; the original was certified without its FNE ids (resolved by hand).
      return {
        status: 'missing',
        outcome: uncertain(
          `the FNE ids of ${invoice.original.authorityReference} are not kept here: make this credit note in the FNE space, then record its number`,
          'person',
        ),
      };
    }
    const answer = await this.#call(
      'GET',
      `/sim/invoices?reference=${encodeURIComponent(invoice.original.authorityReference)}`,
    );
    if (answer.kind === 'no-answer')
      return { status: 'missing', outcome: uncertain(`FNE lookup of the original: ${answer.reason}`, 'resend') };
    if (answer.status === 200) {
      const entry = entries(answer.body).find(
        (e) => isRecord(e) && e.reference === invoice.original?.authorityReference,
      );
      const original = fneOriginalFrom(entry);
      if (original !== undefined) return { status: 'found', original };
    }
    if (answer.status === 200 || answer.status === 404) {
      return {
        status: 'missing',
        outcome: rejected(
          'FNE_ORIGINAL_UNKNOWN',
          `the FNE ids of ${invoice.original.authorityReference} are unknown: give the connector the store of certified outcomes`,
        ),
      };
    }
    return {
      status: 'missing',
      outcome: uncertain(`FNE lookup of the original answered ${String(answer.status)}`, 'resend'),
    };
  }

  async recover(invoice: ClearanceInvoice): Promise<ClearanceOutcome | { status: 'not_found' }> {
    if (!this.#lookups)
      return uncertain(
        `FNE offers no lookup: search the FNE space for "${fneCommercialMessage(invoice)}" before any retry`,
        'person',
      );
    const found = invoice.kind === 'credit_note' ? await this.#findRefund(invoice) : await this.#findSale(invoice);
    if (found.status === 'found') return found.outcome;
    if (found.status === 'not_found') return found;
    return uncertain(found.reason, 'recover');
  }

  async #search(query: string): Promise<{ status: 'ok'; data: unknown[] } | { status: 'unknown'; reason: string }> {
    if (!this.#lookups)
      return { status: 'unknown', reason: 'FNE offers no lookup: check the FNE space by hand before any retry' };
    const answer = await this.#call('GET', `/sim/invoices?${query}`);
    if (answer.kind === 'no-answer') return { status: 'unknown', reason: `FNE lookup: ${answer.reason}` };
    if (answer.status === 200) return { status: 'ok', data: entries(answer.body) };
    if (answer.status === 404)
      return { status: 'unknown', reason: 'FNE offers no lookup: check the FNE space by hand before any retry' };
    return { status: 'unknown', reason: `FNE lookup answered ${String(answer.status)}` };
  }

  async #findSale(invoice: ClearanceInvoice): Promise<Found> {
    const result = await this.#search(`commercialMessage=${encodeURIComponent(invoice.invoiceId)}`);
    if (result.status === 'unknown')
      return { status: 'unknown', reason: `${result.reason} (search "${fneCommercialMessage(invoice)}")` };
    for (const entry of result.data) {
      const sale = isRecord(entry) && isRecord(entry.invoice) ? entry.invoice : undefined;
      if (sale === undefined || sale.type === 'refund' || typeof sale.commercialMessage !== 'string') continue;
      if (!sale.commercialMessage.toLowerCase().includes(invoice.invoiceId.toLowerCase())) continue;
      const certified = certifiedFrom(entry);
      if (certified !== undefined) return { status: 'found', outcome: certified };
    }
    return { status: 'not_found' };
  }

  /**
   * A credit note carries nothing of ours (its body is only ids and quantities): the one
   * that is ours is a credit note of the same original with the same quantities. Two
   * identical partial credit notes of one invoice cannot be told apart; the latest is taken,
   * since the uncertain attempt is normally the most recent one.
   */
  async #findRefund(invoice: ClearanceInvoice): Promise<Found> {
    const prepared = await this.#refundRequest(invoice);
    if (prepared.status !== 'ready')
      return {
        status: 'unknown',
        reason:
          prepared.outcome.status === 'uncertain'
            ? prepared.outcome.reason
            : `cannot rebuild the credit note: ${prepared.outcome.status === 'rejected' ? prepared.outcome.message : ''}`,
      };
    const wanted = refundShape(
      prepared.items.map((item) => ({
        description: prepared.original.items.find((o) => o.id === item.id)?.description ?? '',
        quantity: item.quantity,
      })),
    );
    const result = await this.#search(
      `parentReference=${encodeURIComponent(invoice.original?.authorityReference ?? '')}`,
    );
    if (result.status === 'unknown') return result;
    for (const entry of result.data.slice().reverse()) {
      const refund = isRecord(entry) ? fneOriginalFrom(entry) : undefined;
      if (refund === undefined || refundShape(refund.items) !== wanted) continue;
      const certified = certifiedFrom(entry);
      if (certified !== undefined) return { status: 'found', outcome: certified };
    }
    return { status: 'not_found' };
  }

  /**
   * FNE has no health call. An empty sign request is refused before anything is created:
   * 400 means the platform is up and the key accepted, 401 that the key is refused.
   */
  async health(): Promise<{ ok: boolean; detail: string }> {
    const answer = await this.#call('POST', '/external/invoices/sign', {});
    if (answer.kind === 'no-answer') return { ok: false, detail: `FNE unreachable: ${answer.reason}` };
    if (answer.status === 400) return { ok: true, detail: 'FNE reachable, API key accepted' };
    if (answer.status === 401 || answer.status === 403) return { ok: false, detail: 'FNE refused the API key' };
    return { ok: false, detail: `FNE answered ${String(answer.status)}` };
  }
}

function entries(body: unknown): unknown[] {
  return isRecord(body) && Array.isArray(body.data) ? (body.data as unknown[]) : [];
}

const refundShape = (items: readonly { description: string; quantity: number }[]): string =>
  JSON.stringify(items.map((item) => `${item.description}\u0000${String(item.quantity)}`).sort());

/** `{ reference, token, invoice?: { createdAt } }` → certified; anything less is not proof. */
function certifiedFrom(body: unknown): ClearanceOutcome | undefined {
  if (
    !isRecord(body) ||
    typeof body.reference !== 'string' ||
    body.reference.length === 0 ||
    typeof body.token !== 'string' ||
    body.token.length === 0
  )
    return undefined;
  const createdAt =
    isRecord(body.invoice) && typeof body.invoice.createdAt === 'string'
      ? body.invoice.createdAt
      : new Date().toISOString();
  return {
    status: 'certified',
    authorityReference: body.reference,
    qrData: body.token,
    certifiedAt: createdAt,
    raw: body,
  };
}
