/**
 * The downstream feed (SPEC 3.8), following Electric's HTTP shape protocol closely enough
 * that `@electric-sql/client` consumes it (tested), so the Electric sync service can take
 * over when hubs are many. Four shapes. Three are filtered to the hub's own partner (a hub
 * never sees another partner's rows): its catalog (`table=shop_products`), its bookable units
 * (`booking_units`) and their reservations (`booking_reservations`: dates, state and the
 * guest's ISMAIL ID, no amounts). One is filtered to the hub itself (not even its partner's
 * other counters): the tax authority's answer on the invoices it issued
 * (`hub_invoice_clearances`: number, clearance status, authority reference, no amounts).
 *
 * - `offset=-1`: a snapshot of the rows as inserts, then "up-to-date"; the offset returned
 *   is the change log position taken before the snapshot, so nothing committed during it is
 *   missed (it may come again as an update, which a replica applies harmlessly).
 * - `offset=<seq>_0`: the changes after that position, at most 1000 per response.
 * - `live=true`: held open until a change arrives or 20 s pass (long polling), with a cursor.
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
import type { Database } from '../../platform/db/database.js';

export const shapeTables = [
  'shop_products',
  'booking_units',
  'booking_reservations',
  'hub_invoice_clearances',
] as const;
export type ShapeTable = (typeof shapeTables)[number];

/** Rows or changes per response: bounds memory and response size. */
const chunkMax = 1000;
/** Rows per snapshot page (about 3 MB of JSON): a new hub's first pull is many bounded responses. */
const snapshotPageMax = 10_000;
const liveWaitMs = 20_000;
const livePollMs = 250;
/** Changes given a log position per placing statement (rounds per read below): bounds its lock time. */
const placeBatchMax = 5_000;
const placeRoundsMax = 10;

const uuid = { type: 'uuid', not_null: true };
const text = { type: 'text', not_null: true };
const int4 = { type: 'int4', not_null: true };

/** Whose rows a shape holds: the hub's partner's, or the hub's own (its log rows carry the hub). */
type Scope = 'partner' | 'hub';

/**
 * Per shape: whose rows, the columns a hub holds (Electric's schema header) and its snapshot
 * query ($1 the partner or hub id, $2 the row after which the page starts, $3 the page size;
 * row_seq last, for paging).
 */
const shapes: Record<ShapeTable, { scope: Scope; schema: Record<string, unknown>; snapshot: string }> = {
  shop_products: {
    scope: 'partner',
    schema: {
      id: { ...uuid, pk_index: 0 },
      name: text,
      category: text,
      kind: text,
      barcode: { type: 'text' },
      price_xof: int4,
      tax_group: text,
      active: { type: 'bool', not_null: true },
    },
    snapshot:
      'SELECT id, name, category, kind, barcode, price_xof, tax_group, active, row_seq FROM shop_products WHERE partner_id = $1 AND row_seq > $2 ORDER BY row_seq LIMIT $3',
  },
  booking_units: {
    scope: 'partner',
    schema: {
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
    snapshot:
      'SELECT id, kind, type_name, name, place, capacity, base_price_xof, tax_group, active, row_seq FROM booking_units WHERE partner_id = $1 AND row_seq > $2 ORDER BY row_seq LIMIT $3',
  },
  booking_reservations: {
    scope: 'partner',
    schema: {
      id: { ...uuid, pk_index: 0 },
      unit_id: uuid,
      guest_ismail_id: { type: 'text' },
      check_in: { type: 'date', not_null: true },
      check_out: { type: 'date', not_null: true },
      guests: int4,
      status: text,
    },
    snapshot: `SELECT r.id, r.unit_id, a.ismail_id AS guest_ismail_id, to_char(r.check_in, 'YYYY-MM-DD') AS check_in, to_char(r.check_out, 'YYYY-MM-DD') AS check_out, r.guests, r.status, r.row_seq
               FROM booking_reservations r JOIN accounts a ON a.id = r.client_id WHERE r.partner_id = $1 AND r.row_seq > $2 ORDER BY r.row_seq LIMIT $3`,
  },
  // The same rows and columns the trigger of migrations 0023 and 0032 logs: issued by this hub, in its partner's name
  // and register.
  hub_invoice_clearances: {
    scope: 'hub',
    schema: {
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
    snapshot: `SELECT i.id, i.number, i.kind, i.clearance_status, i.authority, i.authority_reference,
                      to_char(i.certified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS certified_at, i.qr_data, i.row_seq
               FROM hubs h JOIN invoices i ON i.issuer_account_id = h.partner_id AND i.register = h.register AND i.status = 'issued' AND i.created_by = 'hub:' || h.id::text
               WHERE h.id = $1 AND i.row_seq > $2 ORDER BY i.row_seq LIMIT $3`,
  },
};

export function isShapeTable(table: string): table is ShapeTable {
  return (shapeTables as readonly string[]).includes(table);
}

export interface ShapeResponse {
  readonly status: 200 | 409;
  readonly headers: Record<string, string>;
  readonly body: unknown[];
}

type Value = Record<string, string | null>;

/** The authenticated hub asking: its own id and its partner's. */
export interface ShapeReader {
  readonly hubId: string;
  readonly partnerId: string;
}

/** Electric sends values as text, typed by the schema header (the client parses them). */
function asText(value: Record<string, unknown>): Value {
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
  constructor(private readonly db: Database) {}

  /** The id a shape is filtered on for this hub: its partner's, or its own. */
  private static scopeId(table: ShapeTable, hub: ShapeReader): string {
    return shapes[table].scope === 'hub' ? hub.hubId : hub.partnerId;
  }

  handleFor(table: ShapeTable, hub: ShapeReader): string {
    return `${table}-${ShapeFeed.scopeId(table, hub)}`;
  }

  async read(
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
      'electric-schema': JSON.stringify(shapes[table].schema),
      'cache-control': 'no-store',
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
        shapes[table].snapshot,
        [scopeId, afterRow, snapshotPageMax + 1],
      );
      const page = rows.slice(0, snapshotPageMax);
      const messages = page.map(({ row_seq: _row, ...r }) => ({
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
    for (let first = true; ; first = false) {
      if (!first) await this.placeCommitted();
      const { rows } = await this.db.pool.query<{
        seq: string;
        row_key: string;
        op: 'insert' | 'update' | 'delete';
        value: Record<string, unknown>;
      }>(
        `SELECT log_position AS seq, row_key, op, value FROM shape_changes WHERE ${scopeColumn} = $1 AND tbl = $4 AND log_position > $2 ORDER BY log_position LIMIT $3`,
        [scopeId, after, chunkMax, table],
      );
      const last = rows.at(-1);
      if (last !== undefined || Date.now() >= deadline || signal?.aborted === true) {
        const offset = last === undefined ? after : Number(last.seq);
        const messages = rows.map((r) => ({
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
      await new Promise((resolve) => setTimeout(resolve, livePollMs));
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
