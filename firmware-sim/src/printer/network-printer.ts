/**
 * A simulated network ESC/POS printer on raw TCP (port 9100), for running ISMAIL without
 * hardware. Like a real one it treats each connection as a job, answers real-time status
 * requests (DLE EOT n) at once and GS r when it reaches them, decodes the job honestly
 * (see escpos-decoder.ts), and keeps going when a client misbehaves.
 *
 * Faults can be set at runtime (`setFaults`): paper near end or out, cover open, offline
 * (connections refused, or accepted and reset), slow printing, and the connection cut after
 * N bytes. With no paper or the cover open the printer is offline: it still answers status
 * requests, but a job sent anyway is not printed. (A real printer holds the data and prints
 * it once the paper is replaced; drivers must not count on that, so the simulator drops it.)
 *
 * Owns: the listening socket, the faults and the job record (in memory and, when given a
 * folder, as files). Must never let a stuck client block `stop()`.
 */
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import type { EscPosTranscript, PaperWidth } from './escpos-types.js';
import { writeJobFiles } from './job-files.js';
import { connectionsMax, jobsKeptInMemory } from './limits.js';
import { PrinterConnection, type NotPrintedCause, type ReceivedJob } from './printer-connection.js';
import type { MechanismState, PaperState } from './printer-status.js';
import { renderTicketPng } from './ticket-png.js';

export { jobMaxBytes, jobsKeptInMemory } from './limits.js';

/** 'refuse': not listening, a connect fails at once (ECONNREFUSED); 'drop': connections
 * are accepted and reset straight away, as by a printer stuck in a reboot loop. */
export type OfflineMode = 'refuse' | 'drop';

export interface PrinterFaults {
  /** 'near-end' still prints (and says so in DLE EOT 4); 'out' stops printing. */
  readonly paper: PaperState;
  readonly coverOpen: boolean;
  readonly offline: OfflineMode | null;
  /** Print speed; null prints as fast as the bytes arrive. */
  readonly printBytesPerSecond: number | null;
  /** Each connection is cut after this many bytes; null never. */
  readonly dropAfterBytes: number | null;
  /** The drawer is open (drawer kick connector pin 3 high in DLE EOT 1 and GS r 2). */
  readonly drawerOpen: boolean;
}

export const noPrinterFaults: PrinterFaults = {
  paper: 'ok',
  coverOpen: false,
  offline: null,
  printBytesPerSecond: null,
  dropAfterBytes: null,
  drawerOpen: false,
};

/** printed: all of it; interrupted: what arrived before the connection was cut; not-printed:
 * the printer was offline (no paper, cover open) while the job came in. */
export type JobOutcome = 'printed' | 'interrupted' | 'not-printed';

export interface PrintJob {
  readonly id: number;
  readonly receivedAt: string;
  readonly completedAt: string;
  readonly bytes: Buffer;
  readonly outcome: JobOutcome;
  readonly printed: boolean;
  readonly notPrintedBecause: NotPrintedCause | null;
  /** What the printer was told, decoded (also for a job it did not print). */
  readonly transcript: EscPosTranscript;
  /** What the paper shows as plain text; empty when nothing was printed. */
  readonly text: string;
  /** What the paper shows as a picture; null when nothing was printed. */
  readonly png: Buffer | null;
  readonly statusRequests: number;
}

export interface NetworkPrinterOptions {
  readonly host: string;
  readonly port: number;
  /** 80 mm (576 dots, 48 columns) unless told otherwise. */
  readonly paperWidth?: PaperWidth;
  /** When set, each job is written as `<id>.bin`, `<id>.txt`, `<id>.png` and indexed in `jobs.jsonl`. */
  readonly jobsDir?: string;
  readonly faults?: Partial<PrinterFaults>;
}

export interface NetworkPrinter {
  readonly host: string;
  readonly port: number;
  readonly jobs: readonly PrintJob[];
  readonly faults: PrinterFaults;
  /** Changes some faults; resolves once the listening socket matches (offline modes). */
  setFaults(change: Partial<PrinterFaults>): Promise<void>;
  /** Resolves with the next job that completes (connection closed after data). */
  nextJob(timeoutMs: number): Promise<PrintJob>;
  stop(): Promise<void>;
}

function checkedFaults(faults: PrinterFaults): PrinterFaults {
  const positive = (value: number | null, name: string): void => {
    if (value !== null && (!Number.isSafeInteger(value) || value < 1))
      throw new RangeError(`${name} must be a whole number ≥ 1 or null`);
  };
  positive(faults.printBytesPerSecond, 'printBytesPerSecond');
  positive(faults.dropAfterBytes, 'dropAfterBytes');
  return faults;
}

function toJob(id: number, received: ReceivedJob): PrintJob {
  const printed = received.notPrintedBecause === null;
  return {
    id,
    receivedAt: received.receivedAt,
    completedAt: new Date().toISOString(),
    bytes: received.bytes,
    outcome: !printed ? 'not-printed' : received.interrupted ? 'interrupted' : 'printed',
    printed,
    notPrintedBecause: received.notPrintedBecause,
    transcript: received.transcript,
    text: printed ? received.transcript.text : '',
    png: printed ? renderTicketPng(received.transcript) : null,
    statusRequests: received.statusRequests,
  };
}

export async function startNetworkPrinter(options: NetworkPrinterOptions): Promise<NetworkPrinter> {
  const paperWidth = options.paperWidth ?? '80mm';
  let faults = checkedFaults({ ...noPrinterFaults, ...options.faults });
  const jobs: PrintJob[] = [];
  const waiters: ((job: PrintJob) => void)[] = [];
  let nextId = 1;
  if (options.jobsDir !== undefined) mkdirSync(options.jobsDir, { recursive: true });

  const record = (received: ReceivedJob): void => {
    const job = toJob(nextId++, received);
    jobs.push(job);
    if (jobs.length > jobsKeptInMemory) jobs.shift();
    if (options.jobsDir !== undefined) writeJobFiles(options.jobsDir, job);
    for (const waiter of waiters.splice(0)) waiter(job);
  };

  const controls = {
    mechanism: (): MechanismState => ({
      paper: faults.paper,
      coverOpen: faults.coverOpen,
      drawerPin3High: faults.drawerOpen,
    }),
    printBytesPerSecond: () => faults.printBytesPerSecond,
    dropAfterBytes: () => faults.dropAfterBytes,
  };

  const connections = new Set<PrinterConnection>();
  const onConnection = (socket: net.Socket): void => {
    if (faults.offline === 'drop') {
      socket.on('error', () => undefined);
      socket.resetAndDestroy();
      return;
    }
    socket.setNoDelay(true);
    const connection = new PrinterConnection(socket, paperWidth, controls, (received) => {
      connections.delete(connection);
      if (received !== null) record(received);
    });
    connections.add(connection);
  };

  let server: net.Server | null = null;
  let port = options.port;
  const listen = async (): Promise<void> => {
    const listening = net.createServer(onConnection);
    listening.maxConnections = connectionsMax;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(port, options.host, () => resolve());
    });
    const address = listening.address();
    if (typeof address === 'object' && address !== null) port = address.port;
    server = listening;
  };
  const close = (): Promise<void> => {
    const closing = server;
    server = null;
    if (closing === null) return Promise.resolve();
    return new Promise((resolve) => closing.close(() => resolve()));
  };

  await listen();

  return {
    host: options.host,
    port,
    jobs,
    get faults() {
      return faults;
    },
    async setFaults(change) {
      faults = checkedFaults({ ...faults, ...change });
      if (faults.offline !== null) for (const connection of connections) connection.cut();
      if (faults.offline === 'refuse') await close();
      else if (server === null) await listen();
    },
    nextJob: (timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no print job within ${String(timeoutMs)} ms`)), timeoutMs);
        waiters.push((job) => {
          clearTimeout(timer);
          resolve(job);
        });
      }),
    stop: async () => {
      // close() waits for open connections; a stuck client must not block shutdown.
      const closed = close();
      for (const connection of connections) connection.abort();
      connections.clear();
      await closed;
    },
  };
}
