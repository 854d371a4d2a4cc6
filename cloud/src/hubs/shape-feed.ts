/**
 * The downstream feed (SPEC 3.8), following Electric's HTTP shape protocol closely enough
 * that `@electric-sql/client` consumes it (tested), so the Electric sync service can take
 * over when hubs are many. One shape for now: the catalog of the hub's own partner
 * (`table=shop_products`); a hub never sees another partner's rows.
 *
 * - `offset=-1`: a snapshot of the rows as inserts, then "up-to-date"; the offset returned
 *   is the change log position taken before the snapshot, so nothing committed during it is
 *   missed (it may come again as an update, which a replica applies harmlessly).
 * - `offset=<seq>_0`: the changes after that position, at most 1000 per response.
 * - `live=true`: held open until a change arrives or 20 s pass (long polling), with a cursor.
 * - A handle the cloud does not know answers 409 "must-refetch", as Electric does.
 *
 * Differences from Electric: offsets are our change-log sequence ("<seq>_0"), not a WAL
 * position; values are typed by the schema header like Electric's, but only the columns a
 * hub needs are sent; no `where`, `columns` or subset parameters.
 */
import type { Database } from '../db/database.js';

export const shapeTables = ['shop_products'] as const;
export type ShapeTable = (typeof shapeTables)[number];

/** Rows or changes per response: bounds memory and response size. */
const chunkMax = 1000;
/** Rows per snapshot page (about 3 MB of JSON): a new hub's first pull is many bounded responses. */
const snapshotPageMax = 10_000;
const liveWaitMs = 20_000;
const livePollMs = 250;

const schema = {
  id: { type: 'uuid', pk_index: 0, not_null: true },
  name: { type: 'text', not_null: true },
  category: { type: 'text', not_null: true },
  kind: { type: 'text', not_null: true },
  barcode: { type: 'text' },
  price_xof: { type: 'int4', not_null: true },
  tax_group: { type: 'text', not_null: true },
  active: { type: 'bool', not_null: true },
};

export interface ShapeResponse {
  readonly status: 200 | 409;
  readonly headers: Record<string, string>;
  readonly body: unknown[];
}

type Value = Record<string, string | null>;

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

const keyOf = (id: string): string => `"public"."shop_products"/"${id}"`;
const upToDate = { headers: { control: 'up-to-date' } };

export class ShapeFeed {
  constructor(private readonly db: Database) {}

  handleFor(partnerId: string): string {
    return `shop_products-${partnerId}`;
  }

  async read(partnerId: string, query: { table: string; offset: string; handle?: string | undefined; live?: boolean | undefined }, signal?: AbortSignal): Promise<ShapeResponse> {
    const handle = this.handleFor(partnerId);
    if (query.handle !== undefined && query.handle !== handle) {
      return { status: 409, headers: { 'electric-handle': handle }, body: [{ headers: { control: 'must-refetch' } }] };
    }
    const base = { 'electric-handle': handle, 'electric-schema': JSON.stringify(schema), 'cache-control': 'no-store' };
    // The snapshot comes in pages: offset -1 is the first, and "P_r" (r ≥ 1) is the page after
    // product row r of the snapshot taken at log position P (changes are always "P_0").
    // Products are never deleted and new ones get higher row numbers, so keyset paging skips
    // none; anything written after P comes again from the log.
    const snapshotPage = /^(\d+)_([1-9]\d*)$/.exec(query.offset);
    if (query.offset === '-1' || snapshotPage !== null) {
      const position = snapshotPage === null ? await this.position(partnerId) : Number(snapshotPage[1]);
      const afterRow = snapshotPage === null ? 0 : Number(snapshotPage[2]);
      const { rows } = await this.db.pool.query<Record<string, unknown> & { id: string; row_seq: string }>(
        'SELECT id, name, category, kind, barcode, price_xof, tax_group, active, row_seq FROM shop_products WHERE partner_id = $1 AND row_seq > $2 ORDER BY row_seq LIMIT $3',
        [partnerId, afterRow, snapshotPageMax + 1],
      );
      const page = rows.slice(0, snapshotPageMax);
      const messages = page.map(({ row_seq: _row, ...r }) => ({ key: keyOf(r.id), value: asText(r), headers: { operation: 'insert' } }));
      return rows.length <= snapshotPageMax
        ? { status: 200, headers: { ...base, 'electric-offset': `${String(position)}_0`, 'electric-up-to-date': '' }, body: [...messages, upToDate] }
        : { status: 200, headers: { ...base, 'electric-offset': `${String(position)}_${page.at(-1)?.row_seq ?? '0'}` }, body: messages };
    }
    const after = Number(/^(\d+)_0$/.exec(query.offset)?.[1] ?? Number.NaN);
    if (!Number.isSafeInteger(after)) return { status: 409, headers: { 'electric-handle': handle }, body: [{ headers: { control: 'must-refetch' } }] };
    const deadline = Date.now() + (query.live === true ? liveWaitMs : 0);
    for (;;) {
      const { rows } = await this.db.pool.query<{ seq: string; row_key: string; op: 'insert' | 'update' | 'delete'; value: Record<string, unknown> }>(
        "SELECT seq, row_key, op, value FROM shape_changes WHERE partner_id = $1 AND tbl = 'shop_products' AND seq > $2 ORDER BY seq LIMIT $3",
        [partnerId, after, chunkMax],
      );
      const last = rows.at(-1);
      if (last !== undefined || Date.now() >= deadline || signal?.aborted === true) {
        const offset = last === undefined ? after : Number(last.seq);
        const messages = rows.map((r) => ({ key: keyOf(r.row_key), value: asText(r.value), headers: { operation: r.op } }));
        const complete = rows.length < chunkMax;
        const headers: Record<string, string> = { ...base, 'electric-offset': `${String(offset)}_0`, ...(complete ? { 'electric-up-to-date': '' } : {}) };
        // Live responses carry a cursor that changes with time, as Electric's cache buster does.
        if (query.live === true) headers['electric-cursor'] = String(Math.floor(Date.now() / liveWaitMs));
        return { status: 200, headers, body: complete ? [...messages, upToDate] : messages };
      }
      await new Promise((resolve) => setTimeout(resolve, livePollMs));
    }
  }

  private async position(partnerId: string): Promise<number> {
    const { rows } = await this.db.pool.query<{ seq: string | null }>("SELECT max(seq) AS seq FROM shape_changes WHERE partner_id = $1 AND tbl = 'shop_products'", [partnerId]);
    return Number(rows[0]?.seq ?? 0);
  }
}
