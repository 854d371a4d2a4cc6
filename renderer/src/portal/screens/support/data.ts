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

type Answer = { data?: unknown; error?: unknown; response: Response };
interface Init {
  params?: { path?: Record<string, string>; query?: Record<string, string> };
  body?: unknown;
  headers?: Record<string, string>;
  parseAs?: 'blob';
}
/**
 * The client seen without its generated path types: the support routes were written alongside these screens, so
 * the shapes are checked against types.ts (the contract's) rather than by path. The middleware (token) is the same.
 */
const loose = api as unknown as {
  GET(path: string, init?: Init): Promise<Answer>;
  POST(path: string, init?: Init): Promise<Answer>;
  PUT(path: string, init?: Init): Promise<Answer>;
};

const defined = (query: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));

export const ticketsQuery = (status: TicketStatus | '', q: string) =>
  queryOptions({
    queryKey: ['support', 'tickets', status, q],
    staleTime: 0,
    queryFn: async () =>
      must<{ tickets: TicketSummary[]; next: string | null }>(
        await loose.GET('/v1/support/tickets', { params: { query: defined({ status, q }) } }),
      ),
  });

export const ticketQuery = (ticketId: string) =>
  queryOptions({
    queryKey: ['support', 'ticket', ticketId],
    staleTime: 0,
    queryFn: async () =>
      must<TicketThread>(await loose.GET('/v1/support/tickets/{ticketId}', { params: { path: { ticketId } } })),
  });

export const createTicket = async (body: NewTicket, idempotencyKey: string) =>
  must<TicketSummary>(
    await loose.POST('/v1/support/tickets', { body, headers: { 'Idempotency-Key': idempotencyKey } }),
  );

export const postMessage = async (ticketId: string, body: string, internal: boolean) =>
  must<TicketMessage>(
    await loose.POST('/v1/support/tickets/{ticketId}/messages', {
      params: { path: { ticketId } },
      body: internal ? { body, internal } : { body },
    }),
  );

export const closeTicket = async (ticketId: string, resolution: string) =>
  must<TicketSummary>(
    await loose.POST('/v1/support/tickets/{ticketId}/close', { params: { path: { ticketId } }, body: { resolution } }),
  );

export const rateTicket = async (ticketId: string, score: number, comment: string) =>
  must<unknown>(
    await loose.POST('/v1/support/tickets/{ticketId}/rating', {
      params: { path: { ticketId } },
      body: comment.trim() === '' ? { score } : { score, comment: comment.trim() },
    }),
  );

export const queueQuery = (status: TicketStatus | '', level: TicketLevel | '', q: string) =>
  queryOptions({
    queryKey: ['support', 'admin', 'queue', status, level, q],
    staleTime: 0,
    queryFn: async () =>
      must<{ tickets: TicketSummary[]; next: string | null }>(
        await loose.GET('/v1/admin/support/tickets', { params: { query: defined({ status, level, q }) } }),
      ),
  });

export const assignTicket = async (ticketId: string, accountId: string) =>
  must<unknown>(
    await loose.POST('/v1/admin/support/tickets/{ticketId}/assign', {
      params: { path: { ticketId } },
      body: { accountId },
    }),
  );

export const slaQuery = queryOptions({
  queryKey: ['support', 'admin', 'sla'],
  staleTime: 0,
  queryFn: async () => must<Sla>(await loose.GET('/v1/admin/support/sla')),
});

export const saveSla = async (hours: SlaHours) =>
  must<Sla>(await loose.PUT('/v1/admin/support/sla', { body: { hours } }));

/**
 * An attachment saved on the phone: its signed link still needs the session (the cloud checks the link was signed
 * for this viewer), so it is fetched with the token and handed to the browser as a file.
 */
export async function downloadAttachment(url: string, filename: string): Promise<void> {
  const parsed = new URL(url, globalThis.location.origin);
  const blob = must<Blob>(
    await loose.GET(parsed.pathname, {
      params: { query: Object.fromEntries(parsed.searchParams) },
      parseAs: 'blob',
    }),
  );
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
