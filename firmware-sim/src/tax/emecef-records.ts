/**
 * What the e-MECeF simulator keeps of each submitted request (Stored), how it shows one to
 * tests (EmecefInvoiceRecord), and the Bénin clock and numbered error body its answers use.
 *
 * Owns: nothing at run time; the shapes and pure helpers of emecef.ts.
 */
import {
  emecefErrors,
  type EmecefErrorCode,
  type EmecefInvoiceRequest,
  type EmecefInvoiceType,
  type EmecefTotals,
} from './emecef-invoice.js';

export interface EmecefSecurityElements {
  readonly dateTime: string;
  readonly qrCode: string;
  readonly codeMECeFDGI: string;
  readonly counters: string;
  readonly nim: string;
}

export type EmecefRequestState = 'pending' | 'confirmed' | 'cancelled' | 'expired';

export interface EmecefInvoiceRecord {
  readonly uid: string;
  readonly type: EmecefInvoiceType;
  readonly state: EmecefRequestState;
  readonly submittedAt: string;
  readonly finalisedAt: string | null;
  readonly request: EmecefInvoiceRequest;
  readonly totals: EmecefTotals;
  /** Set once confirmed (or cancelled, with empty code and QR). */
  readonly securityElements: EmecefSecurityElements | null;
  /** What the client was told when it confirmed: 200, or 500 when the fault was armed. */
  readonly confirmAnsweredWith: 200 | 500 | null;
}

/** One submitted request as the simulator holds it (emecef.ts settles a pending one past its delay as expired). */
export interface Stored {
  readonly uid: string;
  readonly submittedAtMs: number;
  readonly request: EmecefInvoiceRequest;
  /** The body as received: what pending detail echoes. */
  readonly echo: unknown;
  readonly totals: EmecefTotals;
  state: EmecefRequestState;
  finalisedAtMs: number | null;
  security: EmecefSecurityElements | null;
  confirmAnsweredWith: 200 | 500 | null;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** Bénin is on UTC+1 all year (WAT, no daylight saving). */
export function beninClock(ms: number): { dateTime: string; stamp: string; iso: string } {
  const d = new Date(ms + 3600_000);
  const [yyyy, MM, dd, HH, mm, ss] = [
    pad(d.getUTCFullYear(), 4),
    pad(d.getUTCMonth() + 1),
    pad(d.getUTCDate()),
    pad(d.getUTCHours()),
    pad(d.getUTCMinutes()),
    pad(d.getUTCSeconds()),
  ];
  return {
    dateTime: `${dd}/${MM}/${yyyy} ${HH}:${mm}:${ss}`,
    stamp: `${yyyy}${MM}${dd}${HH}${mm}${ss}`,
    iso: `${yyyy}-${MM}-${dd}T${HH}:${mm}:${ss}+01:00`,
  };
}

export const errorBody = (errorCode: EmecefErrorCode): { errorCode: string; errorDesc: string } => ({
  errorCode,
  errorDesc: emecefErrors[errorCode],
});

/** A request as tests see it (dates as ISO strings). */
export const record = (item: Stored): EmecefInvoiceRecord => ({
  uid: item.uid,
  type: item.request.type,
  state: item.state,
  submittedAt: new Date(item.submittedAtMs).toISOString(),
  finalisedAt: item.finalisedAtMs === null ? null : new Date(item.finalisedAtMs).toISOString(),
  request: item.request,
  totals: item.totals,
  securityElements: item.security,
  confirmAnsweredWith: item.confirmAnsweredWith,
});
