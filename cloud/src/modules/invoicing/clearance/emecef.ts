/**
 * The e-MECeF connector (DGI Bénin; research 2, 9.4): `POST {base}/invoice` → uid and the
 * service's totals; our total is compared before `PUT {base}/invoice/{uid}/confirm` (or
 * `/cancel` on a mismatch); the security elements (codeMECeFDGI, qrCode, counters, NIM,
 * time) are the certification. Errors come as `errorCode` in a 200 body as well as HTTP
 * statuses, so both are read.
 *
 * Recovery follows the documented pattern (research 2.6): the uid is written to a journal
 * before confirm; after an unknown outcome the journal's uid is looked up — still pending
 * means never confirmed (it is cancelled, so the retry starts clean); error 20 means
 * finalised, and the real API cannot say whether it was confirmed, cancelled or expired:
 * the outcome stays uncertain for a person to look the uid up on the e-MECeF portal (admin
 * queue). Only with `lookups: true` (the simulator started with lookups) does the
 * connector ask the simulator's `GET {base}/sim/invoice/{uid}` instead. Without a uid in
 * the journal, nothing of ours can have been confirmed:
 * pending requests that are ours are cancelled and the answer is "not found". The journal
 * must therefore be durable in production (the default keeps uids in memory).
 *
 * Owns: the HTTP exchange, the total check and the journal writes. Must never confirm a
 * request whose total differs from ours, nor report a timeout as a rejection.
 */
import {
  rejected,
  uncertain,
  type ClearanceConnector,
  type ClearanceInvoice,
  type ClearanceOutcome,
} from './connector.js';
import {
  defaultEmecefTaxGroups,
  emecefInvoiceBody,
  sameEmecefRequest,
  type EmecefInvoiceBody,
  type EmecefTaxGroup,
} from './emecef-request.js';
import { callAuthority, isRecord, type AuthorityAnswer } from './http.js';
import { clearanceTimeoutMsDefault, emecefJournalMemoryMax, emecefPendingScanMax } from './limits.js';

export interface EmecefConfig {
  /** Production https://sygmef.impots.bj/emcf/api, test https://developper.impots.bj/sygmef-emcf/api. */
  readonly baseUrl: string;
  /** The e-MCF's JWT (one per device, issued by the DGI). */
  readonly token: string;
  /** Printed as the operator (cashier) on every invoice. */
  readonly operatorName: string;
  readonly timeoutMs?: number;
  /** Our tax groups → e-MECeF groups; defaults to defaultEmecefTaxGroups. */
  readonly taxGroups?: Readonly<Record<string, EmecefTaxGroup>>;
}

/** Where the uid of a submitted request is written before it is confirmed (durable in production). */
export interface EmecefJournal {
  get(invoiceId: string): Promise<string | undefined>;
  put(invoiceId: string, uid: string): Promise<void>;
}

export interface EmecefConnectorOptions {
  readonly journal?: EmecefJournal;
  /** The simulator's `/sim/invoice/{uid}` (SIM_TAX_LOOKUPS). Default false: the real e-MECeF has none. */
  readonly lookups?: boolean;
}

/** Errors after which nothing exists to confirm and a later attempt may succeed (research 2.6):
 * 1 too many pending, 10 original not validated yet, 99 processing error. */
const transientCodes = new Set(['1', '10', '99']);

/** The journal of tests and demos: uids in memory, the oldest forgotten first. */
export function memoryEmecefJournal(): EmecefJournal {
  const uids = new Map<string, string>();
  return {
    get: async (invoiceId) => uids.get(invoiceId),
    put: async (invoiceId, uid) => {
      uids.delete(invoiceId);
      uids.set(invoiceId, uid);
      for (const oldest of uids.keys()) {
        if (uids.size <= emecefJournalMemoryMax) break;
        uids.delete(oldest);
      }
    },
  };
}

/** The service sends `errorCode` as a string ("20"); a number is read the same way. */
function errorCodeOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const code = body.errorCode;
  if (typeof code === 'number') return String(code);
  return typeof code === 'string' && code.length > 0 ? code : undefined;
}
const errorDescOf = (body: unknown): string =>
  isRecord(body) && typeof body.errorDesc === 'string' ? body.errorDesc.slice(0, 500) : '';

/** "23/11/2020 13:17:08", Bénin time (UTC+1 all year) → ISO 8601 UTC; now when unreadable. */
export function emecefDateTimeToIso(dateTime: string): string {
  const match = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(dateTime);
  if (match === null) return new Date().toISOString();
  const [, dd, MM, yyyy, HH, mm, ss] = match;
  const date = new Date(`${yyyy ?? ''}-${MM ?? ''}-${dd ?? ''}T${HH ?? ''}:${mm ?? ''}:${ss ?? ''}+01:00`);
  return Number.isNaN(date.getTime()) ? new Date().toISOString() : date.toISOString();
}

export class EmecefConnector implements ClearanceConnector {
  readonly authority = 'emecef' as const;
  readonly #config: EmecefConfig;
  readonly #base: string;
  readonly #timeoutMs: number;
  readonly #taxGroups: Readonly<Record<string, EmecefTaxGroup>>;
  readonly #journal: EmecefJournal;
  readonly #lookups: boolean;

  constructor(config: EmecefConfig, options: EmecefConnectorOptions = {}) {
    this.#config = config;
    this.#base = config.baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = config.timeoutMs ?? clearanceTimeoutMsDefault;
    this.#taxGroups = config.taxGroups ?? defaultEmecefTaxGroups;
    this.#journal = options.journal ?? memoryEmecefJournal();
    this.#lookups = options.lookups ?? false;
  }

  #call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<AuthorityAnswer> {
    return callAuthority(
      `${this.#base}${path}`,
      {
        method,
        headers: { authorization: `Bearer ${this.#config.token}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      this.#timeoutMs,
    );
  }

  #body(invoice: ClearanceInvoice): ReturnType<typeof emecefInvoiceBody> {
    return emecefInvoiceBody(invoice, { operatorName: this.#config.operatorName, taxGroups: this.#taxGroups });
  }

  async certify(invoice: ClearanceInvoice): Promise<ClearanceOutcome> {
    const body = this.#body(invoice);
    if (!body.ok) return body.outcome;
    const submitted = await this.#call('POST', '/invoice', body.value);
    const unknown = unanswered(submitted, 'submit');
    if (unknown !== undefined) return unknown;
    if (submitted.kind !== 'answer') return uncertain('e-MECeF submit: no answer', 'recover');
    if (submitted.status === 400)
      return rejected(
        'EMECEF_BAD_REQUEST',
        isRecord(submitted.body) && typeof submitted.body.message === 'string'
          ? submitted.body.message.slice(0, 500)
          : 'HTTP 400',
      );
    const code = errorCodeOf(submitted.body);
    // A transient error on submit created nothing: sending again is safe.
    if (code !== undefined)
      return transientCodes.has(code)
        ? uncertain(`e-MECeF error ${code}: ${errorDescOf(submitted.body)}`, 'resend')
        : rejected(`EMECEF_${code}`, errorDescOf(submitted.body));
    const uid = isRecord(submitted.body) && typeof submitted.body.uid === 'string' ? submitted.body.uid : undefined;
    const total = isRecord(submitted.body) ? submitted.body.total : undefined;
    if (uid === undefined || typeof total !== 'number')
      return uncertain('e-MECeF submit answered without a uid and total', 'recover');
    if (total !== invoice.totals.totalXof) {
      // Never confirm an amount we did not charge; a request left pending expires anyway.
      await this.#call('PUT', `/invoice/${encodeURIComponent(uid)}/cancel`);
      return rejected(
        'EMECEF_TOTAL_MISMATCH',
        `e-MECeF computes ${String(total)} F, the invoice says ${String(invoice.totals.totalXof)} F`,
      );
    }
    await this.#journal.put(invoice.invoiceId, uid);
    return this.#confirm(uid, submitted.body);
  }

  async #confirm(uid: string, totals: unknown): Promise<ClearanceOutcome> {
    const answer = await this.#call('PUT', `/invoice/${encodeURIComponent(uid)}/confirm`);
    const unknown = unanswered(answer, 'confirm');
    if (unknown !== undefined) return unknown;
    if (answer.kind !== 'answer') return uncertain('e-MECeF confirm: no answer', 'recover');
    const code = errorCodeOf(answer.body);
    // 20: expired or already finalised; recover tells which.
    if (code === '20' || (code !== undefined && transientCodes.has(code)))
      return uncertain(`e-MECeF confirm error ${code}: ${errorDescOf(answer.body)}`, 'recover');
    if (code !== undefined) {
      await this.#call('PUT', `/invoice/${encodeURIComponent(uid)}/cancel`);
      return rejected(`EMECEF_${code}`, errorDescOf(answer.body));
    }
    return (
      certifiedFrom(uid, totals, answer.body) ??
      uncertain('e-MECeF confirm answered without security elements', 'recover')
    );
  }

  async recover(invoice: ClearanceInvoice): Promise<ClearanceOutcome | { status: 'not_found' }> {
    const body = this.#body(invoice);
    const uid = await this.#journal.get(invoice.invoiceId);
    if (uid === undefined) return body.ok ? this.#cancelOurPending(body.value) : { status: 'not_found' };
    const detail = await this.#call('GET', `/invoice/${encodeURIComponent(uid)}`);
    if (detail.kind === 'no-answer') return uncertain(`e-MECeF lookup of ${uid}: ${detail.reason}`, 'recover');
    if (detail.status !== 200)
      return uncertain(`e-MECeF lookup of ${uid} answered ${String(detail.status)}`, 'recover');
    const code = errorCodeOf(detail.body);
    if (code === undefined) {
      // Still pending: never confirmed. Cancel it so that the retry is the only request.
      const cancelled = await this.#call('PUT', `/invoice/${encodeURIComponent(uid)}/cancel`);
      if (cancelled.kind !== 'answer' || cancelled.status !== 200)
        return uncertain(`e-MECeF request ${uid} is pending and could not be cancelled`, 'recover');
      const cancelCode = errorCodeOf(cancelled.body);
      if (cancelCode === undefined) return { status: 'not_found' };
      // 20: finalised in the meantime (expired, or confirmed by someone else): look again.
      if (cancelCode !== '20')
        return uncertain(
          `e-MECeF request ${uid} is pending and could not be cancelled (error ${cancelCode})`,
          'recover',
        );
    } else if (code !== '20') {
      return uncertain(`e-MECeF lookup of ${uid}: error ${code}`, 'recover');
    }
    return this.#finalised(uid);
  }

  /** Error 20: confirmed, cancelled or expired. Only the simulator can say which. */
  async #finalised(uid: string): Promise<ClearanceOutcome | { status: 'not_found' }> {
    const check = `e-MECeF request ${uid} is finalised (confirmed, cancelled or expired): check the e-MECeF portal before any retry`;
    if (!this.#lookups) return uncertain(check, 'person');
    const state = await this.#call('GET', `/sim/invoice/${encodeURIComponent(uid)}`);
    if (state.kind === 'answer' && state.status === 200 && isRecord(state.body)) {
      if (state.body.state === 'cancelled' || state.body.state === 'expired') return { status: 'not_found' };
      if (state.body.state === 'confirmed') {
        const certified = certifiedFrom(uid, state.body.totals, state.body.securityElements);
        if (certified !== undefined) return certified;
      }
    }
    return uncertain(check, 'recover');
  }

  /** No uid journaled: we never confirmed. Cancel pending requests that are ours (a POST whose answer was lost). */
  async #cancelOurPending(body: EmecefInvoiceBody): Promise<ClearanceOutcome | { status: 'not_found' }> {
    const status = await this.#call('GET', '/invoice');
    if (status.kind === 'no-answer') return uncertain(`e-MECeF status: ${status.reason}`, 'recover');
    if (status.status !== 200 || !isRecord(status.body))
      return uncertain(`e-MECeF status answered ${String(status.status)}`, 'recover');
    const list = Array.isArray(status.body.pendingRequestsList)
      ? (status.body.pendingRequestsList as unknown[]).slice(0, emecefPendingScanMax)
      : [];
    for (const entry of list) {
      if (!isRecord(entry) || typeof entry.uid !== 'string') continue;
      const detail = await this.#call('GET', `/invoice/${encodeURIComponent(entry.uid)}`);
      if (detail.kind !== 'answer' || detail.status !== 200 || !sameEmecefRequest(detail.body, body)) continue;
      const cancelled = await this.#call('PUT', `/invoice/${encodeURIComponent(entry.uid)}/cancel`);
      if (cancelled.kind !== 'answer' || cancelled.status !== 200)
        return uncertain(`e-MECeF request ${entry.uid} is ours, pending, and could not be cancelled`, 'recover');
    }
    return { status: 'not_found' };
  }

  async health(): Promise<{ ok: boolean; detail: string }> {
    const answer = await this.#call('GET', '/invoice');
    if (answer.kind === 'no-answer') return { ok: false, detail: `e-MECeF unreachable: ${answer.reason}` };
    if (answer.status === 401 || answer.status === 403) return { ok: false, detail: 'e-MECeF refused the token' };
    if (answer.status !== 200 || !isRecord(answer.body))
      return { ok: false, detail: `e-MECeF answered ${String(answer.status)}` };
    const { status, nim, tokenValid, pendingRequestsCount } = answer.body;
    const validUntilMs = typeof tokenValid === 'string' ? Date.parse(tokenValid) : Number.NaN;
    const detail = `e-MCF ${String(nim)}: ${String(pendingRequestsCount)} pending, token valid until ${String(tokenValid)}`;
    if (status !== true) return { ok: false, detail: `e-MECeF reports itself down (${detail})` };
    if (!Number.isNaN(validUntilMs) && validUntilMs <= Date.now())
      return { ok: false, detail: `token expired (${detail})` };
    return { ok: true, detail };
  }
}

/**
 * No answer, a 5xx, or 401/403: the outcome is not known (or not final). Only a submit that
 * never left or was refused created nothing; after that, recover reads what exists (a
 * pending request is cancelled, so the retry is the only one).
 */
function unanswered(answer: AuthorityAnswer, step: 'submit' | 'confirm'): ClearanceOutcome | undefined {
  const nothingCreated = step === 'submit' ? 'resend' : 'recover';
  if (answer.kind === 'no-answer')
    return uncertain(`e-MECeF ${step}: ${answer.reason}`, answer.neverSent ? nothingCreated : 'recover');
  if (answer.status === 401 || answer.status === 403)
    return uncertain(
      `e-MECeF refused the token (${String(answer.status)}): fix the configuration; nothing was confirmed`,
      nothingCreated,
    );
  if (answer.status >= 500 || (answer.status !== 200 && answer.status !== 400))
    return uncertain(`e-MECeF ${step} answered ${String(answer.status)}`, 'recover');
  return undefined;
}

/** raw keeps the uid, the service's totals and the security elements: what must be stored 10 years. */
function certifiedFrom(uid: string, totals: unknown, security: unknown): ClearanceOutcome | undefined {
  if (!isRecord(security)) return undefined;
  const { codeMECeFDGI, qrCode, dateTime } = security;
  if (
    typeof codeMECeFDGI !== 'string' ||
    codeMECeFDGI.length === 0 ||
    typeof qrCode !== 'string' ||
    qrCode.length === 0
  )
    return undefined;
  return {
    status: 'certified',
    authorityReference: codeMECeFDGI,
    qrData: qrCode,
    certifiedAt: emecefDateTimeToIso(typeof dateTime === 'string' ? dateTime : ''),
    raw: { uid, totals, securityElements: security },
  };
}
