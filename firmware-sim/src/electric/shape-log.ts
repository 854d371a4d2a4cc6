/**
 * One shape of the Electric stand-in: its definition (table, where, columns, replica), the rows it holds, and the
 * log of changes it has seen, with Electric's offsets.
 *
 * How changes are found (a stand-in's way, not Electric's): Electric reads PostgreSQL's logical replication; the
 * stand-in polls the table itself, reading the shape's rows with its where and columns and comparing them with the
 * rows it holds. So it depends on nothing of the cloud's own feed (not its change log), and a row entering or leaving
 * the where (an invoice becoming issued) is an insert or a delete, as with Electric. What polling cannot see: two
 * changes of a row between two reads arrive as one update, and the order of changes to different rows within one
 * read is the key order, not the commit order.
 */

/** Values as PostgreSQL's text output, null for NULL: Electric's wire form. */
export type RowValues = Readonly<Record<string, string | null>>;

export interface ChangeMessage {
  readonly key: string;
  readonly value: RowValues;
  readonly old_value?: RowValues;
  readonly headers: { readonly operation: 'insert' | 'update' | 'delete'; readonly relation: readonly string[] };
}

/** Changes kept per shape; an offset older than the oldest kept gets 409 must-refetch, as after Electric's cleanup. */
export const shapeLogEntriesMax = 10_000;
/** Rows a shape may hold in the stand-in's memory (its tests hold a few). */
export const shapeRowsMax = 100_000;

export interface ShapeDefinition {
  readonly table: string;
  readonly columns: readonly string[];
  readonly primaryKey: readonly string[];
  readonly where: readonly { readonly column: string; readonly value: string }[];
  readonly replicaFull: boolean;
}

export class ShapeLog {
  /** Rows by key, as last read. */
  private rows = new Map<string, RowValues>();
  /** Log entries: position n holds the changes read by the n-th read that found any. */
  private readonly entries: { readonly position: number; readonly changes: readonly ChangeMessage[] }[] = [];
  private position = 0;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    readonly handle: string,
    readonly definition: ShapeDefinition,
    private readonly readRows: () => Promise<RowValues[]>,
  ) {}

  /** The offset of everything read so far: Electric's `<position>_0`. */
  get offset(): string {
    return `${String(this.position)}_0`;
  }

  /** Reads the table and logs what changed; reads of one shape run one at a time. */
  refresh(): Promise<void> {
    const next = this.reading.then(() => this.read());
    this.reading = next.catch(() => undefined);
    return next;
  }

  /** The rows held now, as insert messages (a snapshot). */
  snapshot(): ChangeMessage[] {
    return [...this.rows.entries()].map(([key, value]) => this.message(key, 'insert', value));
  }

  /** Changes after `offset` (`<position>_0`), up to `entriesMax` entries; undefined when no longer kept or unknown. */
  changesAfter(
    offset: string,
    entriesMax: number,
  ): { changes: ChangeMessage[]; offset: string; complete: boolean } | undefined {
    const match = /^(\d{1,15})_0$/.exec(offset);
    const after = Number(match?.[1] ?? Number.NaN);
    if (!Number.isSafeInteger(after) || after > this.position) return undefined;
    // Every change after it must still be kept.
    const oldest = this.entries[0]?.position;
    if (oldest !== undefined && after < oldest - 1) return undefined;
    const pending = this.entries.filter((e) => e.position > after);
    const taken = pending.slice(0, entriesMax);
    const last = taken.at(-1);
    return {
      changes: taken.flatMap((e) => e.changes),
      offset: last === undefined ? offset : `${String(last.position)}_0`,
      complete: taken.length === pending.length,
    };
  }

  private keyOf(row: RowValues): string {
    const pk = this.definition.primaryKey.map((c) => `"${(row[c] ?? '').replaceAll('"', '""')}"`).join('/');
    return `"public"."${this.definition.table}"/${pk}`;
  }

  private message(
    key: string,
    operation: 'insert' | 'update' | 'delete',
    value: RowValues,
    old?: RowValues,
  ): ChangeMessage {
    return {
      key,
      value,
      ...(old === undefined ? {} : { old_value: old }),
      headers: { operation, relation: ['public', this.definition.table] },
    };
  }

  private onlyKey(row: RowValues): RowValues {
    return Object.fromEntries(this.definition.primaryKey.map((c) => [c, row[c] ?? null]));
  }

  private async read(): Promise<void> {
    const read = await this.readRows();
    if (read.length > shapeRowsMax) throw new Error(`the shape holds over ${String(shapeRowsMax)} rows`);
    const next = new Map(read.map((row) => [this.keyOf(row), row]));
    const changes: ChangeMessage[] = [];
    for (const [key, row] of next) {
      const before = this.rows.get(key);
      if (before === undefined) {
        changes.push(this.message(key, 'insert', row));
        continue;
      }
      const changed = this.definition.columns.filter((c) => before[c] !== row[c]);
      if (changed.length === 0) continue;
      // replica=full: the whole row, and the old values of what changed; default: the key and what changed.
      const old = Object.fromEntries(changed.map((c) => [c, before[c] ?? null]));
      const value = this.definition.replicaFull
        ? row
        : { ...this.onlyKey(row), ...Object.fromEntries(changed.map((c) => [c, row[c] ?? null])) };
      changes.push(this.message(key, 'update', value, this.definition.replicaFull ? old : undefined));
    }
    for (const [key, row] of this.rows) {
      if (!next.has(key))
        changes.push(this.message(key, 'delete', this.definition.replicaFull ? row : this.onlyKey(row)));
    }
    this.rows = next;
    if (changes.length === 0) return;
    this.position += 1;
    this.entries.push({ position: this.position, changes });
    if (this.entries.length > shapeLogEntriesMax) this.entries.shift();
  }
}
