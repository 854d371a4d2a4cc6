/**
 * The billing area's server data, through the typed client: the invoices a partner issued (a month, a status), one
 * invoice, the draft's writes (create, change, issue: the cloud computes every total and numbers it), a credit note,
 * sending by e-mail (one Idempotency-Key per sending the person decides), the month's lines as XLSX and the fees
 * that apply to the partner.
 */
import { queryOptions } from '@tanstack/react-query';
import type { InvoiceDraft } from '@ismail/shared';
import { api, apiError } from '../../api/client.js';
import { idempotencyHeaders, settleIntent } from '../../api/intent.js';

export const billingStatuses = ['draft', 'held', 'issued'] as const;
export type BillingStatus = (typeof billingStatuses)[number];

/** The first instant of a month and of the next one (UTC = Abidjan). */
export function monthRange(period: string): { from: string; to: string } {
  const [year, month] = period.split('-').map(Number);
  const from = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, 1));
  const to = new Date(Date.UTC(year ?? 1970, month ?? 1, 1));
  return { from: from.toISOString(), to: to.toISOString() };
}

export function thisMonth(now: Date = new Date()): string {
  return now.toISOString().slice(0, 7);
}

/** This month and the eleven before it, newest first (YYYY-MM). */
export function recentMonths(now: Date = new Date()): string[] {
  return Array.from({ length: 12 }, (_, back) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7),
  );
}

/** A month as words in the screen's language ("décembre 2026"), not the browser's. */
export function monthName(period: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-FR', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${period}-01T00:00:00Z`));
}

export const issuedListQuery = (period: string, status: BillingStatus | undefined) =>
  queryOptions({
    queryKey: ['billing', 'invoices', period, status ?? 'all'],
    staleTime: 0,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/invoices', {
        params: {
          query: { as: 'seller', ...monthRange(period), ...(status === undefined ? {} : { status }), limit: 200 },
        },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });

export const billingInvoiceQuery = (invoiceId: string) =>
  queryOptions({
    queryKey: ['billing', 'invoice', invoiceId],
    staleTime: 0,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/invoices/{invoiceId}', {
        params: { path: { invoiceId } },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });

/** The credit notes of one invoice (the cloud lists them with the others; the month is the original's or later). */
export const creditNotesQuery = (invoiceId: string, issuedAt: string | null) =>
  queryOptions({
    queryKey: ['billing', 'credit-notes', invoiceId],
    staleTime: 0,
    enabled: issuedAt !== null,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/invoices', {
        params: {
          query: { as: 'seller', status: 'issued', ...(issuedAt === null ? {} : { from: issuedAt }), limit: 200 },
        },
      });
      if (data === undefined) throw apiError(error, response.status);
      return data.invoices.filter((i) => i.kind === 'credit_note' && i.originalInvoiceId === invoiceId);
    },
  });

/** A draft as the screen writes it: the seller is the cloud's (the partner's own identity), never sent. */
export type DraftDocument = Omit<InvoiceDraft, 'seller'>;

export async function createInvoice(document: DraftDocument) {
  const { data, error, response } = await api.POST('/v1/invoices', { body: { document } });
  if (response.status !== 201) throw apiError(error, response.status);
  return data as unknown as { id: string };
}

export async function updateInvoice(invoiceId: string, document: DraftDocument) {
  const { error, response } = await api.PUT('/v1/invoices/{invoiceId}', {
    params: { path: { invoiceId } },
    body: { document },
  });
  if (!response.ok) throw apiError(error, response.status);
}

export async function issueInvoice(invoiceId: string) {
  const { error, response } = await api.POST('/v1/invoices/{invoiceId}/issue', { params: { path: { invoiceId } } });
  if (!response.ok) throw apiError(error, response.status);
}

export async function creditInvoice(invoiceId: string, lines: 'all' | { index: number; quantityMilli: number }[]) {
  const { error, response } = await api.POST('/v1/invoices/{invoiceId}/credit-notes', {
    params: { path: { invoiceId } },
    body: { lines },
  });
  if (!response.ok) throw apiError(error, response.status);
}

/** Sends the invoice to `to`; the same decision (invoice, address) retried keeps its key, so one mail goes. */
export async function emailInvoice(invoiceId: string, to: string) {
  const intent = `invoice-email:${invoiceId}:${to}`;
  const { data, error, response } = await api.POST('/v1/invoices/{invoiceId}/email', {
    params: { path: { invoiceId }, header: idempotencyHeaders(intent) },
    body: { to },
  });
  if (data === undefined) throw apiError(error, response.status);
  settleIntent(intent);
  return data;
}

/** Saves the month's invoice lines (credit notes negative) as XLSX on the device. */
export async function downloadMonthLines(period: string): Promise<void> {
  const { data, error, response } = await api.GET('/v1/invoices/exports/lines', {
    params: { query: monthRange(period) },
    parseAs: 'blob',
  });
  if (data === undefined) throw apiError(error, response.status);
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = `lignes-factures-${period}.xlsx`;
  document.body.append(link);
  link.click();
  link.remove();
  // Long enough for the browser to start saving it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const feesQuery = (period: string) =>
  queryOptions({
    queryKey: ['billing', 'fees', period],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/v1/billing/fees', { params: { query: { period } } });
      if (data === undefined) throw apiError(error, response.status);
      return data;
    },
  });

/** Issues a draft paid in full by `paymentMethod`: the cloud computes the amount and numbers it. */
export async function issuePaid(invoiceId: string, paymentMethod: PaymentMethod) {
  const { data, error, response } = await api.POST('/v1/billing/invoices/{invoiceId}/issue', {
    params: { path: { invoiceId } },
    body: { paymentMethod },
  });
  if (data === undefined) throw apiError(error, response.status);
  return data;
}

export const paymentMethods = ['mobile_money', 'cash', 'transfer', 'card', 'credit', 'wallet'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

type Listed = Awaited<ReturnType<NonNullable<ReturnType<typeof issuedListQuery>['queryFn']>>>['invoices'][number];

/** What a row shows: a credit note, credited (a credit note names it), cleared (certified), or the cloud's status. */
export function shownStatus(invoice: Listed, all: readonly Listed[]): string {
  if (invoice.kind === 'credit_note') return 'credit_note';
  if (all.some((other) => other.kind === 'credit_note' && other.originalInvoiceId === invoice.id)) return 'credited';
  if (invoice.status === 'issued' && invoice.clearanceStatus === 'certified') return 'cleared';
  return invoice.status;
}
