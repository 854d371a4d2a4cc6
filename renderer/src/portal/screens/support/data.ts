/**
 * The support tickets' server data through the portal's API client (its bearer token and refresh), on the routes of
 * API-issue-27.md. Reads are read again whenever shown: the other side answers from elsewhere (portal or e-mail).
 * Every create carries an Idempotency-Key made once per form, so a 3G retry returns the first ticket, not a second.
 */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import { must } from './problem.js';
import type {
  NewTicket,
  Sla,
  SlaHours,
  TicketLevel,
  TicketMessage,
  TicketStatus,
  TicketSummary,
  TicketThread,
} from './types.js';

/** The answer typed by the generated cloud-api.d.ts, or the refusal thrown; `satisfies` then holds it to types.ts. */
const ok = <T>(answer: { data?: T; error?: unknown; response: Response }): T => must<T>(answer);

/** Only what is chosen goes in the address: an empty filter is no filter. */
const filters = (status: TicketStatus | '', q: string) => ({
  ...(status === '' ? {} : { status }),
  ...(q === '' ? {} : { q }),
});

export const ticketsQuery = (status: TicketStatus | '', q: string) =>
  queryOptions({
    queryKey: ['support', 'tickets', status, q],
    staleTime: 0,
    queryFn: async () =>
      ok(await api.GET('/v1/support/tickets', { params: { query: filters(status, q) } })) satisfies {
        tickets: TicketSummary[];
        next: string | null;
      },
  });

export const ticketQuery = (ticketId: string) =>
  queryOptions({
    queryKey: ['support', 'ticket', ticketId],
    staleTime: 0,
    queryFn: async () =>
      ok(await api.GET('/v1/support/tickets/{ticketId}', { params: { path: { ticketId } } })) satisfies TicketThread,
  });

export const createTicket = async (body: NewTicket, idempotencyKey: string) =>
  ok(
    await api.POST('/v1/support/tickets', { body, params: { header: { 'idempotency-key': idempotencyKey } } }),
  ) satisfies TicketSummary;

export const postMessage = async (ticketId: string, body: string, internal: boolean) =>
  ok(
    await api.POST('/v1/support/tickets/{ticketId}/messages', {
      params: { path: { ticketId } },
      body: internal ? { body, internal } : { body },
    }),
  ) satisfies TicketMessage;

export const closeTicket = async (ticketId: string, resolution: string) =>
  ok(
    await api.POST('/v1/support/tickets/{ticketId}/close', { params: { path: { ticketId } }, body: { resolution } }),
  ) satisfies TicketSummary;

export const rateTicket = async (ticketId: string, score: number, comment: string) =>
  ok(
    await api.POST('/v1/support/tickets/{ticketId}/rating', {
      params: { path: { ticketId } },
      body: comment.trim() === '' ? { score } : { score, comment: comment.trim() },
    }),
  );

export const queueQuery = (status: TicketStatus | '', level: TicketLevel | '', q: string) =>
  queryOptions({
    queryKey: ['support', 'admin', 'queue', status, level, q],
    staleTime: 0,
    queryFn: async () =>
      ok(
        await api.GET('/v1/admin/support/tickets', {
          params: { query: { ...filters(status, q), ...(level === '' ? {} : { level }) } },
        }),
      ) satisfies { tickets: TicketSummary[]; next: string | null },
  });

export const assignTicket = async (ticketId: string, accountId: string) =>
  ok(
    await api.POST('/v1/admin/support/tickets/{ticketId}/assign', {
      params: { path: { ticketId } },
      body: { accountId },
    }),
  );

export const slaQuery = queryOptions({
  queryKey: ['support', 'admin', 'sla'],
  staleTime: 0,
  queryFn: async () => ok(await api.GET('/v1/admin/support/sla')) satisfies Sla,
});

export const saveSla = async (hours: SlaHours) =>
  ok(await api.PUT('/v1/admin/support/sla', { body: { hours } })) satisfies Sla;

/**
 * An attachment saved on the phone: its signed link still needs the session (the cloud checks the link was signed
 * for this viewer), so it is fetched with the token and handed to the browser as a file.
 */
export async function downloadAttachment(url: string, filename: string): Promise<void> {
  const parsed = new URL(url, globalThis.location.origin);
  const documentId = /^\/v1\/documents\/([^/]+)\/content$/.exec(parsed.pathname)?.[1] ?? '';
  const answer = await api.GET('/v1/documents/{documentId}/content', {
    params: { path: { documentId }, query: { link: parsed.searchParams.get('link') ?? '' } },
    parseAs: 'blob',
  });
  const blob = must<Blob>(answer);
  const objectUrl = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = objectUrl;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Long enough for the browser to start saving it.
  setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
}

/** A fresh key per form: the same key on every retry of this one form, a new one for the next claim. */
export const newIdempotencyKey = (): string => globalThis.crypto.randomUUID();
