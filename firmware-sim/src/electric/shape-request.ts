/**
 * The Electric stand-in's shapes by definition: a request's table, where, columns and replica, checked against the
 * database's own catalog as Electric checks them (400 with the field at fault), then the one shape of that
 * definition, made on first use and kept (at most `shapesMax`).
 *
 * Must never build SQL from a request's text: the table and columns are quoted only once found in the catalog, and
 * the where's literals are parameters.
 */
import { randomBytes } from 'node:crypto';
import { parseColumns, parseWhere, type WhereEquality } from './where.js';
import { ShapeLog, type RowValues, type ShapeDefinition } from './shape-log.js';

/** How the stand-in reads PostgreSQL; values must be PostgreSQL's text output (electric-stand-in.ts says how). */
export interface ElectricStandInSql {
  query(sql: string, params: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** A request Electric would refuse with 400, naming the parameter. */
export class RequestError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Shapes kept at once; the oldest is forgotten (its clients get 409 must-refetch, as after Electric's cleanup). */
const shapesMax = 1_000;
const tableNamePattern = /^[a-z_][a-z0-9_]{0,62}$/;

interface TableColumn {
  readonly type: string;
  readonly notNull: boolean;
  readonly pkIndex: number | undefined;
}

/** A value as text; the stand-in's pool already gives text, this only guards against a parsing one. */
export function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export class StandInShapes {
  private readonly shapes = new Map<string, ShapeLog>();

  constructor(private readonly sql: ElectricStandInSql) {}

  /** The shape a request names, with Electric's schema header for its columns. */
  async forRequest(params: URLSearchParams): Promise<{ shape: ShapeLog; schema: string }> {
    const table = params.get('table') ?? '';
    if (!tableNamePattern.test(table)) throw new RequestError('table', 'must be a plain table name of schema public');
    const described = await this.describe(table);
    if (described.size === 0) throw new RequestError('table', `table not found: ${table}`);
    const equalities = this.whereOf(params.get('where'), described);
    const columnsText = params.get('columns');
    const columns = columnsText === null ? [...described.keys()] : parseColumns(columnsText);
    if (columns === undefined) throw new RequestError('columns', 'must be plain column names separated by commas');
    for (const column of columns)
      if (!described.has(column)) throw new RequestError('columns', `unknown column ${column}`);
    const primaryKey = [...described.entries()]
      .filter(([, c]) => c.pkIndex !== undefined)
      .sort(([, a], [, b]) => (a.pkIndex ?? 0) - (b.pkIndex ?? 0))
      .map(([name]) => name);
    const missing = primaryKey.filter((c) => !columns.includes(c));
    if (missing.length > 0)
      throw new RequestError('columns', `Must include all primary key columns, missing: ${missing.join(', ')}`);
    const replica = params.get('replica') ?? 'default';
    if (replica !== 'full' && replica !== 'default') throw new RequestError('replica', 'must be full or default');
    const definition: ShapeDefinition = {
      table,
      columns,
      primaryKey,
      where: equalities,
      replicaFull: replica === 'full',
    };
    const schema = JSON.stringify(
      Object.fromEntries(
        columns.map((name) => {
          const c = described.get(name);
          const header = {
            type: c?.type ?? 'text',
            ...(c?.notNull === true ? { not_null: true } : {}),
            ...(c?.pkIndex === undefined ? {} : { pk_index: c.pkIndex }),
          };
          return [name, header];
        }),
      ),
    );
    return { shape: await this.shapeOf(definition), schema };
  }

  private whereOf(text: string | null, described: Map<string, TableColumn>): readonly WhereEquality[] {
    if (text === null) return [];
    const where = parseWhere(text);
    if (!where.ok) throw new RequestError('where', where.error);
    for (const { column } of where.equalities)
      if (!described.has(column)) throw new RequestError('where', `unknown column ${column}`);
    return where.equalities;
  }

  private async shapeOf(definition: ShapeDefinition): Promise<ShapeLog> {
    const key = JSON.stringify(definition);
    const known = this.shapes.get(key);
    if (known !== undefined) return known;
    const { table, columns, primaryKey, where } = definition;
    // Names were found in the table's catalog above; values are parameters.
    const filter = where.map((e, i) => `"${e.column}" = $${String(i + 1)}`).join(' AND ');
    const select = `SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "public"."${table}"${
      filter === '' ? '' : ` WHERE ${filter}`
    } ORDER BY ${primaryKey.map((c) => `"${c}"`).join(', ')}`;
    const values = where.map((e) => e.value);
    const handle = `${String(randomBytes(4).readUInt32BE())}-${String(Date.now())}`;
    const shape = new ShapeLog(handle, definition, async () => {
      const { rows } = await this.sql.query(select, values);
      return rows.map((r): RowValues => Object.fromEntries(columns.map((c) => [c, asText(r[c])])));
    });
    // Kept before its first read, so requests arriving together share one handle.
    this.shapes.set(key, shape);
    if (this.shapes.size > shapesMax) this.shapes.delete(this.shapes.keys().next().value ?? '');
    await shape.refresh();
    return shape;
  }

  private async describe(table: string): Promise<Map<string, TableColumn>> {
    const { rows } = await this.sql.query(
      `SELECT c.column_name AS name, c.udt_name AS type, c.is_nullable AS nullable,
              (SELECT k.ordinal_position FROM information_schema.table_constraints t
                 JOIN information_schema.key_column_usage k
                   ON k.constraint_schema = t.constraint_schema AND k.constraint_name = t.constraint_name
                WHERE t.table_schema = 'public' AND t.table_name = c.table_name AND t.constraint_type = 'PRIMARY KEY'
                  AND k.column_name = c.column_name) AS pk_position
         FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.table_name = $1 ORDER BY c.ordinal_position`,
      [table],
    );
    return new Map(
      rows.map((r) => {
        const pk = asText(r.pk_position);
        const column = {
          type: asText(r.type) ?? '',
          notNull: asText(r.nullable) === 'NO',
          pkIndex: pk === null ? undefined : Number(pk) - 1,
        };
        return [asText(r.name) ?? '', column];
      }),
    );
  }
}
