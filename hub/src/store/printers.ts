/**
 * The printers table: add (idempotent on the client's id) and list. Transport settings are
 * one JSON column, validated by the API schema before they reach here.
 */
import { isDeepStrictEqual } from 'node:util';
import { AppError, printersPerHubMax, type PrinterConfig } from '@ismail/shared';
import type { HubDatabase } from './open.js';

interface PrinterRow {
  id: string;
  name: string;
  transport: PrinterConfig['transport'];
  connection: string;
  command_set: 'epson' | 'star';
  width_mm: 58 | 80;
}

function toConfig(row: PrinterRow): PrinterConfig {
  return {
    ...(JSON.parse(row.connection) as object),
    id: row.id,
    name: row.name,
    transport: row.transport,
    commandSet: row.command_set,
    widthMm: row.width_mm,
  } as PrinterConfig;
}

/** The transport-specific part of a config: what is not common to every printer. */
// codePage rides in the JSON column with the link settings (no column of its own).
const commonKeys = new Set(['id', 'name', 'transport', 'commandSet', 'widthMm']);
function connectionOf(printer: PrinterConfig): Record<string, unknown> {
  return Object.fromEntries(Object.entries(printer).filter(([key]) => !commonKeys.has(key)));
}

export interface PrinterStore {
  /** `created` is false when the same request was already applied (a retry). */
  add(printer: PrinterConfig): { printer: PrinterConfig; created: boolean };
  list(): PrinterConfig[];
  get(id: string): PrinterConfig | undefined;
}

export function printerStore(db: HubDatabase): PrinterStore {
  const columns = 'id, name, transport, connection, command_set, width_mm';
  const byId = db.prepare<[string], PrinterRow>(`SELECT ${columns} FROM printers WHERE id = ?`);
  const byName = db.prepare<[string], { id: string }>('SELECT id FROM printers WHERE name = ?');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM printers');
  const insert = db.prepare(
    `INSERT INTO printers (${columns}, created_at) VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
  );
  const all = db.prepare<[], PrinterRow>(`SELECT ${columns} FROM printers ORDER BY created_at, id`);

  const add = db.transaction((input: PrinterConfig) => {
    const printer = { ...input, commandSet: input.commandSet ?? 'epson' } as PrinterConfig;
    const existing = byId.get(printer.id);
    if (existing !== undefined) {
      const stored = toConfig(existing);
      if (
        !isDeepStrictEqual(
          stored,
          toConfig({
            ...existing,
            name: printer.name,
            transport: printer.transport,
            connection: JSON.stringify(connectionOf(printer)),
            command_set: printer.commandSet ?? 'epson',
            width_mm: printer.widthMm,
          }),
        )
      ) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'A different printer was already added with this id.');
      }
      return { printer: stored, created: false };
    }
    if (byName.get(printer.name) !== undefined)
      throw new AppError('CONFLICT', `A printer named "${printer.name}" already exists.`);
    if ((count.get()?.n ?? 0) >= printersPerHubMax)
      throw new AppError('CONFLICT', `A hub holds at most ${String(printersPerHubMax)} printers.`);
    insert.run(
      printer.id,
      printer.name,
      printer.transport,
      JSON.stringify(connectionOf(printer)),
      printer.commandSet ?? 'epson',
      printer.widthMm,
    );
    return { printer, created: true };
  });

  return {
    add: (printer) => add.immediate(printer),
    list: () => all.all().map(toConfig),
    get: (id) => {
      const row = byId.get(id);
      return row === undefined ? undefined : toConfig(row);
    },
  };
}
