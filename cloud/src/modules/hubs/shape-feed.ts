/**
 * The downstream feed (SPEC 3.8), following Electric's HTTP shape protocol closely enough
 * that `@electric-sql/client` consumes it (tested), so the Electric sync service can take
 * over when hubs are many. Five shapes. Four are filtered to the hub's own partner (a hub
 * never sees another partner's rows): its catalog (`table=shop_products`), its bookable units
 * (`booking_units`) and their reservations (`booking_reservations`: dates, state and the
 * guest's ISMAIL ID, no amounts), and the confirmed visits of its properties
 * (`real_estate_visits`: times, state and the visitor's ISMAIL ID, for the door locks). One
 * is filtered to the hub itself (not even its partner's other counters): the tax authority's
 * answer on the invoices it issued
 * (`hub_invoice_clearances`: number, clearance status, authority reference, no amounts).
 *
 * - `offset=-1`: a snapshot of the rows as inserts, then "up-to-date"; the offset returned
 *   is the change log position taken before the snapshot, so nothing committed during it is
 *   missed (it may come again as an update, which a replica applies harmlessly).
 * - `offset=<seq>_0`: the changes after that position, at most 1000 per response.
 * - `live=true`: held open until a change arrives or 20 s pass (long polling), with a cursor.
 *   On a PostgreSQL server, a waiting request makes no query: it is woken by LISTEN/NOTIFY
 *   (shape-wake.ts, one listening connection per process) and reads again at its 20 s deadline
 *   (the safety poll). On the embedded PGlite it polls every 250 ms: PGlite is one backend
 *   session shared by every socket, so a notification goes to whichever socket ran the commit,
 *   never to a separate listening connection; a single process with one connection does not
 *   need more.
 * - Every answer has an etag and a cache-control (shape-cache.ts: `private`, and why); an
 *   If-None-Match naming the answer's etag gets 304 without the rows.
 * - A handle the cloud does not know answers 409 "must-refetch", as Electric does.
 *
 * Never skips a late commit: the log's provisional numbers are drawn when a change is written,
 * so a change numbered 10 may commit after one numbered 11. Offsets are therefore log
 * positions given in commit order (migration 0030, `place_shape_changes`): before each read,
 * committed changes without a position get the next ones, and a change still uncommitted
 * gets its position only once it commits, after everything a hub may have read already.
 *
 * Differences from Electric: offsets are our change-log position ("<position>_0"), not a WAL
 * position; values are typed by the schema header like Electric's, but only the columns a
 * hub needs are sent; no `where`, `columns` or subset parameters.
 */
import { shapeNames, type ShapeMessage, type ShapeName, type ShapeRow } from '@ismail/shared';
import type { Database } from '../../platform/db/database.js';
import { withCaching, type ShapeResponse } from './shape-cache.js';
import { ShapeWake, wakeKey, wokenBefore } from './shape-wake.js';

/** The shapes a hub may ask for: their names and rows are shared with the hub (shared/sync/shapes). */
export const shapeTables = shapeNames;
export type ShapeTable = ShapeName;

/** Rows or changes per response: bounds memory and response size. */
const chunkMax = 1000;
/** Rows per snapshot page (about 3 MB of JSON): a new hub's first pull is many bounded responses. */
const snapshotPageMax = 10_000;
/** A live request's longest wait; on a server also its safety poll (it reads again then, notified or not). */
const liveWaitMs = 20_000;
/** Embedded PGlite only: how often a waiting live request reads the log (no LISTEN there, see above). */
const livePollMs = 250;
/** Changes given a log position per placing statement (rounds per read below): bounds its lock time. */
const placeBatchMax = 5_000;
const placeRoundsMax = 10;

/** A column in Electric's schema header. */
interface ColumnType {
  readonly type: string;
  readonly not_null?: boolean;
  readonly pk_index?: number;
}
const uuid = { type: 'uuid', not_null: true };
const text = { type: 'text', not_null: true };
const int4 = { type: 'int4', not_null: true };

/** Whose rows a shape holds: the hub's partner's, or the hub's own (its log rows carry the hub). */
type Scope = 'partner' | 'hub';

/**
 * Per shape: whose rows; its columns, exactly those of its shared row (the type checks it), as
 * Electric's schema header gives them; and its snapshot query, selecting those columns in that
 * order (`select` where a column is an expression), then row_seq for paging (`rowSeq`), `from`
 * the rest ($1 the partner or hub id, $2 the row after which the page starts, $3 the page size).
 */
interface ShapeSpec<S extends ShapeName> {
  readonly scope: Scope;
  readonly columns: { readonly [C in keyof ShapeRow<S>]-?: ColumnType };
  readonly select?: { readonly [C in keyof ShapeRow<S>]?: string };
  readonly rowSeq: string;
  readonly from: string;
}

const shapes: { readonly [S in ShapeName]: ShapeSpec<S> } = {
  shop_products: {
    scope: 'partner',
    columns: {
      id: { ...uuid, pk_index: 0 },
      name: text,
      category: text,
      kind: text,
      barcode: { type: 'text' },
      price_xof: int4,
      tax_group: text,
      active: { type: 'bool', not_null: true },
    },
    rowSeq: 'row_seq',
    from: 'shop_products WHERE partner_id = $1 AND row_seq > $2 ORDER BY row_seq LIMIT $3',
  },
  booking_units: {
    scope: 'partner',
    columns: {
      id: { ...uuid, pk_index: 0 },
      kind: text,
      type_name: text,
      name: text,
      place: text,
      capacity: int4,
      base_price_xof: int4,
      tax_group: text,
      active: { type: 'bool', not_null: true },
    },
    rowSeq: 'row_seq',
    from: 'booking_units WHERE partner_id = $1 AND row_seq > $2 ORDER BY row_seq LIMIT $3',
  },
  booking_reservations: {
    scope: 'partner',
    columns: {
      id: { ...uuid, pk_index: 0 },
      unit_id: uuid,
      guest_ismail_id: { type: 'text' },
      check_in: { type: 'date', not_null: true },
      check_out: { type: 'date', not_null: true },
      guests: int4,
      status: text,
    },
    select: {
      id: 'r.id',
      unit_id: 'r.unit_id',
      guest_ismail_id: 'a.ismail_id',
      check_in: "to_char(r.check_in, 'YYYY-MM-DD')",
      check_out: "to_char(r.check_out, 'YYYY-MM-DD')",
      guests: 'r.guests',
      status: 'r.status',
    },
    rowSeq: 'r.row_seq',
    from: `booking_reservations r JOIN accounts a ON a.id = r.client_id
           WHERE r.partner_id = $1 AND r.row_seq > $2 ORDER BY r.row_seq LIMIT $3`,
  },
  // The same rows and columns the triggers of migrations 0023, 0032 and 0068 log: issued by this hub, in its partner's
  // name and its register or one of its LAN terminals' (issue 28).
  hub_invoice_clearances: {
    scope: 'hub',
    columns: {
      id: { ...uuid, pk_index: 0 },
      number: text,
      kind: text,
      clearance_status: text,
      authority: { type: 'text' },
      authority_reference: { type: 'text' },
      certified_at: { type: 'text' },
      // What the ticket's certification block prints (migration 0032).
      qr_data: { type: 'text' },
    },
    select: {
      id: 'i.id',
      number: 'i.number',
      kind: 'i.kind',
      clearance_status: 'i.clearance_status',
      authority: 'i.authority',
      authority_reference: 'i.authority_reference',
      certified_at: `to_char(i.certified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      qr_data: 'i.qr_data',
    },
    rowSeq: 'i.row_seq',
    from: `hubs h JOIN invoices i ON i.created_by = 'hub:' || h.id::text AND i.status = 'issued' AND i.issuer_account_id = h.partner_id AND hub_owns_register(h.register, i.register)
           WHERE h.id = $1 AND i.row_seq > $2 ORDER BY i.row_seq LIMIT $3`,
  },
  // The same rows and columns the trigger of migration 0052 logs: visits of the partner's listings.
  real_estate_visits: {
    scope: 'partner',
    columns: {
      id: { ...uuid, pk_index: 0 },
      property_id: uuid,
      visitor_ismail_id: { type: 'text' },
      starts_at: text,
      ends_at: text,
      status: text,
    },
    select: {
      id: 'v.id',
      property_id: 'v.property_id',
      visitor_ismail_id: 'a.ismail_id',
      starts_at: `to_char(v.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      ends_at: `to_char(v.ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      status: 'v.status',
    },
    rowSeq: 'v.row_seq',
    from: `real_estate_visits v JOIN real_estate_listings l ON l.id = v.listing_id JOIN accounts a ON a.id = v.visitor_id
           WHERE l.owner_id = $1 AND v.row_seq > $2 ORDER BY v.row_seq LIMIT $3`,
  },
};

/** A shape's snapshot query: its header's columns, in order, under their own names, then row_seq. */
function snapshotQuery(spec: {
  readonly columns: object;
  readonly select?: Readonly<Partial<Record<string, string>>>;
  readonly rowSeq: string;
  readonly from: string;
}): string {
  const columns = Object.keys(spec.columns).map((column) => {
    const expression = spec.select?.[column];
    return expression === undefined ? column : `${expression} AS ${column}`;
  });
  return `SELECT ${[...columns, spec.rowSeq].join(', ')} FROM ${spec.from}`;
}

export function isShapeTable(table: string): table is ShapeTable {
  return (shapeTables as readonly string[]).includes(table);
}

export type { ShapeResponse } from './shape-cache.js';

/** The authenticated hub asking: its own id and its partner's. */
export interface ShapeReader {
  readonly hubId: string;
  readonly partnerId: string;
}

/** Electric sends values as text, typed by the schema header (the client parses them). */
function asText(value: Record<string, unknown>): Record<string, string | null> {
  const text = (v: unknown): string | null => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'boolean') return v ? 't' : 'f';
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') return String(v);
    return JSON.stringify(v);
  };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, text(v)]));
}

const keyOf = (table: ShapeTable, id: string): string => `"public"."${table}"/"${id}"`;
const upToDate = { headers: { control: 'up-to-date' } };

export class ShapeFeed {
  /** Wakes waiting live requests on a server; undefined on the embedded PGlite, which polls. */
  private readonly wake: ShapeWake | undefined;

  constructor(private readonly db: Database) {
    this.wake = db.kind === 'server' ? new ShapeWake(db) : undefined;
  }

  /** Stops the listening connection and ends the waits (the app's close). */
  async close(): Promise<void> {
    await this.wake?.close();
  }

  /** Live requests waiting for a notification in this process (tests). */
  get waitingCount(): number {
    return this.wake?.waitingCount ?? 0;
  }

  /** The id a shape is filtered on for this hub: its partner's, or its own. */
  private static scopeId(table: ShapeTable, hub: ShapeReader): string {
    return shapes[table].scope === 'hub' ? hub.hubId : hub.partnerId;
  }

  handleFor(table: ShapeTable, hub: ShapeReader): string {
    return `${table}-${ShapeFeed.scopeId(table, hub)}`;
  }

  /**
   * The answer to one request, with its etag and cache-control; 304 without rows when
   * `ifNoneMatch` names that etag (the rows would be the same as the ones the asker holds).
   */
  async read(
    hub: ShapeReader,
    query: { table: string; offset: string; handle?: string | undefined; live?: boolean | undefined },
    signal?: AbortSignal,
    ifNoneMatch?: string,
  ): Promise<ShapeResponse> {
    return withCaching(await this.answer(hub, query, signal), query, ifNoneMatch);
  }

  private async answer(
    hub: ShapeReader,
    query: { table: string; offset: string; handle?: string | undefined; live?: boolean | undefined },
    signal?: AbortSignal,
  ): Promise<ShapeResponse> {
    if (!isShapeTable(query.table))
      return { status: 409, headers: {}, body: [{ headers: { control: 'must-refetch' } }] };
    const table = query.table;
    const scopeId = ShapeFeed.scopeId(table, hub);
    const scopeColumn = shapes[table].scope === 'hub' ? 'hub_id' : 'partner_id';
    const handle = this.handleFor(table, hub);
    if (query.handle !== undefined && query.handle !== handle) {
      return { status: 409, headers: { 'electric-handle': handle }, body: [{ headers: { control: 'must-refetch' } }] };
    }
    const base = {
      'electric-handle': handle,
      'electric-schema': JSON.stringify(shapes[table].columns),
    };
    // The snapshot comes in pages: offset -1 is the first, and "P_r" (r ≥ 1) is the page after
    // row r of the snapshot taken at log position P (changes are always "P_0"). These rows
    // are never deleted (products are deactivated, reservations change state, issued invoices
    // stay) and new ones get higher row numbers, so keyset paging skips none; anything written
    // after P comes again from the log.
    const snapshotPage = /^(\d+)_([1-9]\d*)$/.exec(query.offset);
    await this.placeCommitted();
    if (query.offset === '-1' || snapshotPage !== null) {
      const position =
        snapshotPage === null ? await this.position(table, scopeColumn, scopeId) : Number(snapshotPage[1]);
      const afterRow = snapshotPage === null ? 0 : Number(snapshotPage[2]);
      const { rows } = await this.db.pool.query<Record<string, unknown> & { id: string; row_seq: string }>(
        snapshotQuery(shapes[table]),
        [scopeId, afterRow, snapshotPageMax + 1],
      );
      const page = rows.slice(0, snapshotPageMax);
      const messages = page.map(({ row_seq: _row, ...r }): ShapeMessage => ({
        key: keyOf(table, r.id),
        value: asText(r),
        headers: { operation: 'insert' },
      }));
      return rows.length <= snapshotPageMax
        ? {
            status: 200,
            headers: { ...base, 'electric-offset': `${String(position)}_0`, 'electric-up-to-date': '' },
            body: [...messages, upToDate],
          }
        : {
            status: 200,
            headers: { ...base, 'electric-offset': `${String(position)}_${page.at(-1)?.row_seq ?? '0'}` },
            body: messages,
          };
    }
    const after = Number(/^(\d+)_0$/.exec(query.offset)?.[1] ?? Number.NaN);
    if (!Number.isSafeInteger(after))
      return { status: 409, headers: { 'electric-handle': handle }, body: [{ headers: { control: 'must-refetch' } }] };
    const deadline = Date.now() + (query.live === true ? liveWaitMs : 0);
    const wake = query.live === true ? this.wake : undefined;
    // Whether the log may hold changes without a position this request has not placed: always
    // when polling; when woken, the waker placed them before waking.
    let mustPlace = false;
    for (;;) {
      if (mustPlace) await this.placeCommitted();
      // Registered before the read: a change placed between the read and the wait still wakes it.
      const waiting = wake?.wait(wakeKey(table, scopeId));
      const { rows } = await this.db.pool
        .query<{ seq: string; row_key: string; op: 'insert' | 'update' | 'delete'; value: Record<string, unknown> }>(
          `SELECT log_position AS seq, row_key, op, value FROM shape_changes WHERE ${scopeColumn} = $1 AND tbl = $4 AND log_position > $2 ORDER BY log_position LIMIT $3`,
          [scopeId, after, chunkMax, table],
        )
        .catch((error: unknown) => {
          waiting?.cancel();
          throw error;
        });
      const last = rows.at(-1);
      if (last !== undefined || Date.now() >= deadline || signal?.aborted === true) {
        waiting?.cancel();
        const offset = last === undefined ? after : Number(last.seq);
        const messages = rows.map((r): ShapeMessage => ({
          key: keyOf(table, r.row_key),
          value: asText(r.value),
          headers: { operation: r.op },
        }));
        const complete = rows.length < chunkMax;
        const headers: Record<string, string> = {
          ...base,
          'electric-offset': `${String(offset)}_0`,
          ...(complete ? { 'electric-up-to-date': '' } : {}),
        };
        // Live responses carry a cursor that changes with time, as Electric's cache buster does.
        if (query.live === true) headers['electric-cursor'] = String(Math.floor(Date.now() / liveWaitMs));
        return { status: 200, headers, body: complete ? [...messages, upToDate] : messages };
      }
      if (waiting === undefined) {
        await new Promise((resolve) => setTimeout(resolve, livePollMs));
        mustPlace = true;
      } else {
        mustPlace = !(await wokenBefore(waiting.woken, deadline, signal));
        waiting.cancel();
      }
    }
  }

  /**
   * Gives committed changes their log positions (one placer at a time; if another is at work
   * this does nothing, and what that one places is read next time). Its own statements
   * (autocommit), never inside a caller's transaction: the positions must be committed before
   * the next placer counts from them.
   */
  private async placeCommitted(): Promise<void> {
    for (let round = 0; round < placeRoundsMax; round++) {
      const { rows } = await this.db.pool.query<{ placed: number }>('SELECT place_shape_changes($1) AS placed', [
        placeBatchMax,
      ]);
      if ((rows[0]?.placed ?? 0) < placeBatchMax) return;
    }
  }

  private async position(table: ShapeTable, scopeColumn: 'partner_id' | 'hub_id', scopeId: string): Promise<number> {
    const { rows } = await this.db.pool.query<{ seq: string | null }>(
      `SELECT max(log_position) AS seq FROM shape_changes WHERE ${scopeColumn} = $1 AND tbl = $2`,
      [scopeId, table],
    );
    return Number(rows[0]?.seq ?? 0);
  }
}
