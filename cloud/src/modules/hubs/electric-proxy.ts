/**
 * The Electric proxy mode (issue 29.6): with ELECTRIC_URL set, `/v1/hubs/shape` stays the hubs' only way in, and
 * after the cloud has authenticated the hub (access plugin, as for the native feed) this forwards the request to the
 * Electric sync service's `/v1/shape`, which serves many hubs from PostgreSQL's logical replication.
 *
 * Owns: what Electric is asked (the shape's one table, a `where` naming the hub's own partner or the hub itself, the
 * columns the hub holds, `replica=full`) and what is relayed back (status, `electric-*` headers, etag,
 * cache-control, the body), bounded in time and size.
 *
 * Must never: let the hub choose the table, the `where`, the `columns` or any other parameter that widens what it
 * reads (its own `where`, `columns`, `params`, `replica` and subset parameters are never forwarded: the shape is the
 * cloud's decision); put anything but a UUID the cloud read itself into a `where`; pass the hub's credentials on;
 * let a shared cache keep an answer (`public` becomes `private`, shape-cache.ts says why).
 *
 * Each shape is one table thanks to migration 0075 (the guest's and visitor's ISMAIL IDs, the visit's partner and an
 * invoice's hub are columns of the shape's own table). Values come as Electric sends them: PostgreSQL's text, so a
 * timestamp is "2026-12-07 10:00:00+00" where the native feed sends "2026-12-07T10:00:00.000Z" (both parse as the
 * same instant; the hub only parses them).
 */
import { shapeRowSchemas, type ShapeName } from '@ismail/shared';
import type { ShapeReader } from './shape-feed.js';

/**
 * Longest wait for Electric's whole answer: its live requests hold up to 20 s (its long-poll timeout's default), so
 * 30 s leaves room for a busy service and the network, and a stuck one frees the request.
 */
export const electricRequestTimeoutMs = 30_000;
/**
 * Largest answer relayed (it is held in memory while relayed): Electric cuts its log into chunks of about 10 MB
 * (its log chunk threshold's default); twice that lets a chunk ending on a large row through.
 */
export const electricResponseMaxBytes = 20 * 1024 * 1024;
/**
 * Requests to Electric at once in one process: a live one holds a socket (and its answer up to the size bound) for up
 * to 20 s. Past it a hub is answered 503 and retries; a process serving more waiting hubs than this wants a sibling.
 */
export const electricInFlightMax = 5_000;
/** Electric's statuses a hub's client understands; anything else means the service is not serving. */
const relayedStatuses = new Set([200, 204, 304, 400, 409, 429]);
/** Protocol parameters taken from the hub (its position in the shape), each bounded. */
const positionParameters = ['handle', 'cursor', 'expired_handle', 'cache-buster'] as const;
const positionParameterMaxChars = 100;
/** If-None-Match is forwarded up to this length (a longer one is dropped: a 200 is always correct). */
const ifNoneMatchMaxChars = 2_000;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Per hub shape: Electric's table and the equalities of its `where` (column → whose id). */
const electricShapes: {
  readonly [S in ShapeName]: { readonly table: string; readonly where: readonly [string, 'partner' | 'hub'][] };
} = {
  shop_products: { table: 'shop_products', where: [['partner_id', 'partner']] },
  booking_units: { table: 'booking_units', where: [['partner_id', 'partner']] },
  booking_reservations: { table: 'booking_reservations', where: [['partner_id', 'partner']] },
  // The native feed's filter (0068) in two columns: the hub that recorded it, issued (generated column), and the
  // hub's partner as issuer. The register check of the native feed is not repeated (a hub records in its own).
  hub_invoice_clearances: {
    table: 'invoices',
    where: [
      ['clearance_hub_id', 'hub'],
      ['issuer_account_id', 'partner'],
    ],
  },
  real_estate_visits: { table: 'real_estate_visits', where: [['partner_id', 'partner']] },
};

/** The shape Electric is asked for this hub: fixed by the cloud, never by the request. */
export function electricShapeFor(
  shape: ShapeName,
  hub: ShapeReader,
): { readonly table: string; readonly where: string; readonly columns: string } {
  const spec = electricShapes[shape];
  const where = spec.where
    .map(([column, whose]) => {
      const id = whose === 'hub' ? hub.hubId : hub.partnerId;
      // The ids come from the cloud's own tables; checked anyway, as nothing else may ever reach the SQL text.
      if (!uuidPattern.test(id)) throw new Error(`not a UUID: ${JSON.stringify(id)}`);
      return `${column} = '${id}'`;
    })
    .join(' AND ');
  return { table: spec.table, where, columns: Object.keys(shapeRowSchemas[shape].properties).join(',') };
}

/** The hub's request as the route validated it. */
export interface ProxiedShapeRequest {
  readonly table: ShapeName;
  readonly offset: string;
  readonly live?: boolean | undefined;
  readonly [parameter: string]: unknown;
}

export type ElectricAnswer =
  | {
      readonly kind: 'relayed';
      readonly status: number;
      readonly headers: Record<string, string>;
      readonly body: Buffer;
    }
  | { readonly kind: 'unavailable'; readonly why: string };

/** Electric's URL for this hub's request; keeps ELECTRIC_URL's own query (its `secret`). */
export function electricRequestUrl(electricUrl: string, hub: ShapeReader, request: ProxiedShapeRequest): URL {
  const url = new URL(electricUrl);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/v1/shape`;
  const shape = electricShapeFor(request.table, hub);
  url.searchParams.set('table', shape.table);
  url.searchParams.set('where', shape.where);
  url.searchParams.set('columns', shape.columns);
  url.searchParams.set('replica', 'full');
  url.searchParams.set('offset', request.offset);
  if (request.live === true) url.searchParams.set('live', 'true');
  for (const name of positionParameters) {
    const value = request[name];
    if (typeof value === 'string' && value.length <= positionParameterMaxChars) url.searchParams.set(name, value);
  }
  return url;
}

/** What goes back to the hub: Electric's protocol and caching headers, never anything else it set. */
export function relayedHeaders(headers: Headers): Record<string, string> {
  const relayed: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name.startsWith('electric-') || ['etag', 'content-type', 'retry-after'].includes(name)) relayed[name] = value;
  });
  const cacheControl = headers.get('cache-control');
  if (cacheControl !== null) relayed['cache-control'] = privateCacheControl(cacheControl);
  return relayed;
}

/** Electric marks its answers `public`; behind the cloud's per-hub check only the hub's own cache may keep them. */
export function privateCacheControl(value: string): string {
  const directives = value
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '' && d.toLowerCase() !== 'public' && !d.toLowerCase().startsWith('s-maxage'));
  return directives.some((d) => ['private', 'no-store'].includes(d.toLowerCase()))
    ? directives.join(', ')
    : ['private', ...directives].join(', ');
}

/** Reads a body up to `maxBytes`; undefined past it (the rest is not read). */
async function boundedBody(response: Response, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  if (response.body === null) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, total);
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
}

export interface ElectricProxyOptions {
  /** ELECTRIC_URL: the sync service's base URL (its query, such as `secret`, is kept). */
  readonly electricUrl: string;
  readonly requestTimeoutMs?: number;
  readonly responseMaxBytes?: number;
  readonly inFlightMax?: number;
}

export class ElectricProxy {
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly inFlightMax: number;
  private inFlight = 0;

  constructor(private readonly options: ElectricProxyOptions) {
    this.timeoutMs = options.requestTimeoutMs ?? electricRequestTimeoutMs;
    this.maxBytes = options.responseMaxBytes ?? electricResponseMaxBytes;
    this.inFlightMax = options.inFlightMax ?? electricInFlightMax;
  }

  /**
   * Forwards one authenticated hub's request. `signal` is the hub's connection (a hub that leaves ends the request
   * to Electric too). Failures are values: the route answers them 503 in French.
   */
  async forward(
    hub: ShapeReader,
    request: ProxiedShapeRequest,
    ifNoneMatch: string | undefined,
    signal: AbortSignal,
  ): Promise<ElectricAnswer> {
    if (this.inFlight >= this.inFlightMax)
      return { kind: 'unavailable', why: `over ${String(this.inFlightMax)} requests in flight to Electric` };
    this.inFlight++;
    try {
      return await this.relay(hub, request, ifNoneMatch, signal);
    } finally {
      this.inFlight--;
    }
  }

  private async relay(
    hub: ShapeReader,
    request: ProxiedShapeRequest,
    ifNoneMatch: string | undefined,
    signal: AbortSignal,
  ): Promise<ElectricAnswer> {
    const url = electricRequestUrl(this.options.electricUrl, hub, request);
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (ifNoneMatch !== undefined && ifNoneMatch.length <= ifNoneMatchMaxChars) headers['if-none-match'] = ifNoneMatch;
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.any([timeout, signal]), redirect: 'error' });
      if (!relayedStatuses.has(response.status)) {
        await response.body?.cancel();
        return { kind: 'unavailable', why: `Electric answered ${String(response.status)}` };
      }
      const body = await boundedBody(response, this.maxBytes);
      if (body === undefined)
        return { kind: 'unavailable', why: `Electric's answer is over ${String(this.maxBytes)} bytes` };
      return { kind: 'relayed', status: response.status, headers: relayedHeaders(response.headers), body };
    } catch (error) {
      if (timeout.aborted) return { kind: 'unavailable', why: `no answer within ${String(this.timeoutMs)} ms` };
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      return { kind: 'unavailable', why: `${error instanceof Error ? error.message : String(error)}${cause}` };
    }
  }
}
