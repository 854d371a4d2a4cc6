/**
 * A STAND-IN for the Electric sync service (electric-sql.com), which cannot run here: it speaks Electric's HTTP shape
 * API (`GET /v1/shape` with table, where, columns, replica, offset, handle, live, cursor; the `electric-*` headers,
 * etag and cache-control; 400 for a request it cannot serve, 409 must-refetch for an unknown handle or offset) over a
 * real PostgreSQL, so the cloud's proxy mode can be tested end to end. It is not Electric: it polls tables instead of
 * reading logical replication (shape-log.ts says what that changes), understands only equalities in `where`
 * (where.ts), keeps its shapes in memory (a restart is a new handle for every shape), answers a live request that
 * times out with 200 and up-to-date, and sends at most 100 reads' changes per response.
 *
 * Owns: its HTTP server. Must never build SQL from a request's text (shape-request.ts).
 *
 * `sql` must return values as PostgreSQL's text output, as Electric sends them (node-postgres: a pool whose type
 * parsers return the text, in a session with TimeZone=UTC and DateStyle=ISO).
 */
import http from 'node:http';
import { RequestError, StandInShapes, type ElectricStandInSql } from './shape-request.js';
import type { ShapeLog } from './shape-log.js';

export type { ElectricStandInSql } from './shape-request.js';

export interface ElectricStandInOptions {
  readonly sql: ElectricStandInSql;
  readonly host?: string;
  readonly port?: number;
  /** How long a live request waits for a change; Electric's default long-poll timeout is 20 s. */
  readonly liveTimeoutMs?: number;
  /** How often a waiting live request reads its table again. */
  readonly pollMs?: number;
}

/** A request the stand-in received (tests check what the proxy forwarded, and that a refused hub sent nothing). */
export interface ReceivedShapeRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
}

export interface ElectricStandIn {
  readonly url: string;
  readonly port: number;
  /** The requests received so far (the latest `requestsKeptMax`). */
  requests(): readonly ReceivedShapeRequest[];
  close(): Promise<void>;
}

const requestsKeptMax = 1_000;
/** Log reads per response (each may hold many changes). */
const readsPerResponseMax = 100;

/** Electric's cache lifetimes (its defaults), `public`: it expects a proxy in front that checks who asks. */
const snapshotCacheControl = 'public, max-age=604800, s-maxage=3600, stale-while-revalidate=2629746';
const logCacheControl = 'public, max-age=60, stale-while-revalidate=300';
const liveCacheControl = 'public, max-age=5, stale-while-revalidate=5';
const refetchCacheControl = 'public, max-age=60, must-revalidate';
const upToDate = { headers: { control: 'up-to-date' } };

function send(
  response: http.ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
  ifNoneMatch?: string,
): void {
  if (status === 200 && headers.etag !== undefined && ifNoneMatch === headers.etag) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
  });
  response.end(payload);
}

/** The log after a client's offset: at once, or for a live request when something changes or its wait ends. */
async function serveLog(
  context: { readonly liveTimeoutMs: number; readonly pollMs: number; readonly closed: () => boolean },
  shape: ShapeLog,
  query: { readonly offset: string; readonly live: boolean },
  response: http.ServerResponse,
): Promise<{ status: 200; headers: Record<string, string>; body: unknown[] } | undefined> {
  const deadline = Date.now() + (query.live ? context.liveTimeoutMs : 0);
  let left = false;
  response.on('close', () => (left = true));
  for (;;) {
    await shape.refresh();
    const found = shape.changesAfter(query.offset === 'now' ? shape.offset : query.offset, readsPerResponseMax);
    if (found === undefined) return undefined;
    if (found.changes.length > 0 || Date.now() >= deadline || left || context.closed()) {
      const cursor = String(Math.floor(Date.now() / context.liveTimeoutMs));
      const headers: Record<string, string> = {
        'electric-offset': found.offset,
        'cache-control': query.live ? liveCacheControl : logCacheControl,
        etag: `"${shape.handle}:${query.offset}:${found.offset}${query.live ? `:${cursor}` : ''}"`,
        ...(found.complete ? { 'electric-up-to-date': '' } : {}),
        ...(query.live ? { 'electric-cursor': cursor } : {}),
      };
      return { status: 200, headers, body: found.complete ? [...found.changes, upToDate] : found.changes };
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(context.pollMs, Math.max(0, deadline - Date.now()))));
  }
}

export async function startElectricStandIn(options: ElectricStandInOptions): Promise<ElectricStandIn> {
  let closed = false;
  const context = {
    liveTimeoutMs: options.liveTimeoutMs ?? 20_000,
    pollMs: options.pollMs ?? 100,
    closed: () => closed,
  };
  const received: ReceivedShapeRequest[] = [];
  const shapes = new StandInShapes(options.sql);

  async function serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    if (request.method !== 'GET' || url.pathname !== '/v1/shape') {
      send(response, 404, {}, { message: 'Not found (Electric stand-in: only GET /v1/shape)' });
      return;
    }
    const params = url.searchParams;
    const headers = Object.entries(request.headers).flatMap(([k, v]): [string, string][] =>
      typeof v === 'string' ? [[k, v]] : [],
    );
    received.push({ params: Object.fromEntries(params.entries()), headers: Object.fromEntries(headers) });
    if (received.length > requestsKeptMax) received.shift();
    const offset = params.get('offset');
    const handle = params.get('handle');
    const live = params.get('live') === 'true';
    if (offset === null) throw new RequestError('offset', "can't be blank");
    if (offset !== '-1' && handle === null) throw new RequestError('handle', "can't be blank when offset != -1");
    if (live && offset === '-1') throw new RequestError('live', "can't be true when offset == -1");
    const { shape, schema } = await shapes.forRequest(params);
    const base = { 'electric-handle': shape.handle, 'electric-schema': schema };
    const ifNoneMatch = request.headers['if-none-match'];
    if (offset === '-1') {
      await shape.refresh();
      const snapshot = {
        ...base,
        'electric-offset': shape.offset,
        'electric-up-to-date': '',
        'cache-control': snapshotCacheControl,
        etag: `"${shape.handle}:-1:${shape.offset}"`,
      };
      send(response, 200, snapshot, [...shape.snapshot(), upToDate], ifNoneMatch);
      return;
    }
    const answer = handle === shape.handle ? await serveLog(context, shape, { offset, live }, response) : undefined;
    if (answer === undefined) {
      const refetch = { 'electric-handle': shape.handle, 'cache-control': refetchCacheControl };
      send(response, 409, refetch, [{ headers: { control: 'must-refetch' } }]);
      return;
    }
    send(response, answer.status, { ...base, ...answer.headers }, answer.body, ifNoneMatch);
  }

  const server = http.createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      if (response.headersSent) return void response.destroy();
      if (error instanceof RequestError) {
        send(response, 400, {}, { message: 'Invalid request', errors: { [error.field]: [error.message] } });
        return;
      }
      // A literal PostgreSQL cannot read as the column's type (class 22): the request is at fault, as for Electric.
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('22')) {
        send(response, 400, {}, { message: 'Invalid request', errors: { where: [(error as Error).message] } });
        return;
      }
      send(response, 503, { 'retry-after': '5' }, { message: 'Electric stand-in: the database did not answer' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${String(port)}`,
    port,
    requests: () => [...received],
    close: async () => {
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
