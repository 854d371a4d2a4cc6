/**
 * The printers table: add (idempotent on the client's id) and list.
 */
import { AppError, printersPerHubMax, type PrinterConfig } from '@ismail/shared';
import type { HubDatabase } from './open.js';

interface PrinterRow {
  id: string;
  name: string;
  transport: 'tcp';
  host: string;
  port: number;
  width_mm: 58 | 80;
}

function toConfig(row: PrinterRow): PrinterConfig {
  return { id: row.id, name: row.name, transport: row.transport, host: row.host, port: row.port, widthMm: row.width_mm };
}

function sameConfig(a: PrinterConfig, b: PrinterConfig): boolean {
  return a.name === b.name && a.transport === b.transport && a.host === b.host && a.port === b.port && a.widthMm === b.widthMm;
}

export interface PrinterStore {
  /** `created` is false when the same request was already applied (a retry). */
  add(printer: PrinterConfig): { printer: PrinterConfig; created: boolean };
  list(): PrinterConfig[];
}

export function printerStore(db: HubDatabase): PrinterStore {
  const byId = db.prepare<[string], PrinterRow>('SELECT id, name, transport, host, port, width_mm FROM printers WHERE id = ?');
  const byName = db.prepare<[string], { id: string }>('SELECT id FROM printers WHERE name = ?');
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM printers');
  const insert = db.prepare('INSERT INTO printers (id, name, transport, host, port, width_mm) VALUES (?, ?, ?, ?, ?, ?)');
  const all = db.prepare<[], PrinterRow>('SELECT id, name, transport, host, port, width_mm FROM printers ORDER BY created_at, id');

  const add = db.transaction((printer: PrinterConfig) => {
    const existing = byId.get(printer.id);
    if (existing !== undefined) {
      const stored = toConfig(existing);
      if (!sameConfig(stored, printer)) throw new AppError('IDEMPOTENCY_KEY_REUSED', 'A different printer was already added with this id.');
      return { printer: stored, created: false };
    }
    if (byName.get(printer.name) !== undefined) throw new AppError('CONFLICT', `A printer named "${printer.name}" already exists.`);
    if ((count.get()?.n ?? 0) >= printersPerHubMax) throw new AppError('CONFLICT', `A hub holds at most ${String(printersPerHubMax)} printers.`);
    insert.run(printer.id, printer.name, printer.transport, printer.host, printer.port, printer.widthMm);
    return { printer, created: true };
  });

  return { add: (printer) => add.immediate(printer), list: () => all.all().map(toConfig) };
}
