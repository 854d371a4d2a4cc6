/**
 * Scans at the counter (SPEC 3.9): every configured serial scanner is kept open (reopened
 * after an unplug), and each code, from a serial scanner or posted by the counter app's
 * keyboard-wedge detector, is classified once here: an ISMAIL card QR goes to card
 * verification, a barcode to product lookup. The counter app receives them as a stream.
 * The last scans are kept in memory (bounded) for a screen that reconnects.
 */
import { EventEmitter } from 'node:events';
import { AppError, classifyScan, scannersPerHubMax, type ScanEvent, type ScannerConfig } from '@ismail/shared';
import { openSerialScanner, type ScannerState, type SerialPortFactory, type SerialScanner } from '@ismail/drivers';
import type { HubDatabase } from '../store/open.js';

export const recentScansMax = 50;

export class ScannerService extends EventEmitter<{ scan: [ScanEvent]; state: [{ scannerId: string } & ScannerState] }> {
  private readonly open = new Map<string, SerialScanner>();
  private readonly recentScans: ScanEvent[] = [];
  private seq = 0;

  constructor(
    private readonly db: HubDatabase,
    private readonly openPort?: SerialPortFactory,
  ) {
    super();
  }

  list(): ScannerConfig[] {
    return this.db
      .prepare<[], { id: string; name: string; path: string; baud_rate: ScannerConfig['baudRate'] }>(
        'SELECT id, name, path, baud_rate FROM scanners ORDER BY created_at, id',
      )
      .all()
      .map((r) => ({ id: r.id, name: r.name, path: r.path, baudRate: r.baud_rate }));
  }

  add(scanner: ScannerConfig): { scanner: ScannerConfig; created: boolean } {
    const result = this.db
      .transaction(() => {
        const existing = this.list().find((s) => s.id === scanner.id);
        if (existing !== undefined) {
          if (
            existing.name !== scanner.name ||
            existing.path !== scanner.path ||
            existing.baudRate !== scanner.baudRate
          )
            throw new AppError('IDEMPOTENCY_KEY_REUSED', 'A different scanner was already added with this id.');
          return { scanner: existing, created: false };
        }
        const all = this.list();
        if (all.some((s) => s.name === scanner.name))
          throw new AppError('CONFLICT', `A scanner named "${scanner.name}" already exists.`);
        if (all.length >= scannersPerHubMax)
          throw new AppError('CONFLICT', `A hub holds at most ${String(scannersPerHubMax)} scanners.`);
        this.db
          .prepare('INSERT INTO scanners (id, name, path, baud_rate) VALUES (?, ?, ?, ?)')
          .run(scanner.id, scanner.name, scanner.path, scanner.baudRate);
        return { scanner, created: true };
      })
      .immediate();
    if (result.created) this.connect(scanner);
    return result;
  }

  start(): void {
    for (const scanner of this.list()) this.connect(scanner);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.open.values()].map((s) => s.close()));
    this.open.clear();
  }

  /** A code from any source: classified, kept among the recent ones, streamed. */
  received(source: string, raw: string): ScanEvent {
    const classified = classifyScan(raw);
    const base = { seq: ++this.seq, source, at: new Date().toISOString() };
    const event: ScanEvent = classified.ok
      ? {
          ...base,
          kind: classified.kind,
          code: classified.code,
          ...(classified.symbology === undefined ? {} : { symbology: classified.symbology }),
        }
      : // A refused scan is shown (so staff rescan) but never routed; its content is not echoed.
        { ...base, kind: 'refused', code: '', reason: classified.reason };
    this.recentScans.push(event);
    if (this.recentScans.length > recentScansMax) this.recentScans.shift();
    this.emit('scan', event);
    return event;
  }

  recent(): ScanEvent[] {
    return [...this.recentScans];
  }

  private connect(scanner: ScannerConfig): void {
    if (this.open.has(scanner.id)) return;
    this.open.set(
      scanner.id,
      openSerialScanner(
        {
          path: scanner.path,
          baudRate: scanner.baudRate,
          ...(this.openPort === undefined ? {} : { openPort: this.openPort }),
        },
        (code) => this.received(`serial:${scanner.name}`, code),
        (state) => this.emit('state', { scannerId: scanner.id, ...state }),
      ),
    );
  }
}
