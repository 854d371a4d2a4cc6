/**
 * A simulated network ESC/POS printer on raw TCP (port 9100), for running ISMAIL without
 * hardware. Like a real one it treats each connection as a job, answers real-time status
 * requests (DLE EOT n) at once, and keeps going when a client misbehaves.
 *
 * Owns: receiving and recording jobs (in memory and, when given a folder, as files).
 * The full ESC/POS decoder (text, code pages, QR, PNG rendering) grows here with the
 * printing issue; for now a job's printable text is extracted naively.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface PrintJob {
  readonly id: number;
  readonly receivedAt: string;
  readonly bytes: Buffer;
  /** Printable characters of the job, ESC/GS command bytes skipped. */
  readonly text: string;
  readonly statusRequests: number;
}

export interface NetworkPrinterOptions {
  readonly host: string;
  readonly port: number;
  /** When set, each job is written as `<id>.bin` and indexed in `jobs.jsonl`. */
  readonly jobsDir?: string;
}

export interface NetworkPrinter {
  readonly host: string;
  readonly port: number;
  readonly jobs: readonly PrintJob[];
  /** Resolves with the next job that completes (connection closed after data). */
  nextJob(timeoutMs: number): Promise<PrintJob>;
  stop(): Promise<void>;
}

/** A 80 mm ticket with a logo is tens of KiB; 4 MiB means a runaway sender. */
export const jobMaxBytes = 4 * 1024 * 1024;
/** Kept in memory for tests and the status page; older ones live only in jobsDir. */
export const jobsKeptInMemory = 200;
/** Real printers serve one or two connections; a few more covers status polling. */
const connectionsMax = 8;

const DLE = 0x10;
const EOT = 0x04;
const ESC = 0x1b;
const GS = 0x1d;
/** Status byte of an online printer with paper and cover closed (bits 1 and 4 always set). */
const statusOnline = 0x12;

/** Parameter bytes after ESC x / GS x for the commands tickets use; others are assumed
 * to take one. The full decoder (QR, raster, code pages) arrives with the printing issue. */
const escParameterCount: Readonly<Record<number, number>> = { 0x40: 0, 0x64: 1, 0x61: 1, 0x45: 1, 0x21: 1, 0x74: 1, 0x2d: 1, 0x4d: 1, 0x47: 1, 0x70: 3, 0x4a: 1 };
const gsParameterCount: Readonly<Record<number, number>> = { 0x21: 1, 0x42: 1, 0x48: 1, 0x68: 1, 0x77: 1, 0x66: 1 };

/** Printable text of a job, ESC/GS commands and their parameters skipped. */
export function extractText(bytes: Buffer): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    const command = bytes[i + 1] ?? 0;
    if (byte === ESC) {
      i += 1 + (escParameterCount[command] ?? 1);
      continue;
    }
    if (byte === GS) {
      // GS V m cuts; m = 65/66 carries one more byte (feed before cut).
      const cutExtra = command === 0x56 ? ((bytes[i + 2] ?? 0) >= 65 ? 2 : 1) : undefined;
      i += 1 + (cutExtra ?? gsParameterCount[command] ?? 1);
      continue;
    }
    if (byte === DLE && command === EOT) {
      i += 2;
      continue;
    }
    if (byte === 0x0a || (byte >= 0x20 && byte !== 0x7f)) text += String.fromCharCode(byte);
  }
  return text;
}

export async function startNetworkPrinter(options: NetworkPrinterOptions): Promise<NetworkPrinter> {
  const jobs: PrintJob[] = [];
  const waiters: ((job: PrintJob) => void)[] = [];
  let nextId = 1;
  if (options.jobsDir !== undefined) mkdirSync(options.jobsDir, { recursive: true });

  const record = (bytes: Buffer, statusRequests: number): void => {
    const job: PrintJob = { id: nextId++, receivedAt: new Date().toISOString(), bytes, text: extractText(bytes), statusRequests };
    jobs.push(job);
    if (jobs.length > jobsKeptInMemory) jobs.shift();
    if (options.jobsDir !== undefined) {
      writeFileSync(path.join(options.jobsDir, `${String(job.id)}.bin`), bytes);
      appendFileSync(path.join(options.jobsDir, 'jobs.jsonl'), `${JSON.stringify({ id: job.id, receivedAt: job.receivedAt, byteLength: bytes.length, text: job.text })}\n`);
    }
    for (const waiter of waiters.splice(0)) waiter(job);
  };

  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const chunks: Buffer[] = [];
    let received = 0;
    let statusRequests = 0;
    let overflowed = false;
    socket.on('data', (chunk: Buffer) => {
      if (overflowed) return;
      received += chunk.length;
      if (received > jobMaxBytes) {
        overflowed = true;
        socket.destroy();
        return;
      }
      // Answer DLE EOT n immediately, as real printers do, even in the middle of a job.
      for (let i = 0; i + 2 < chunk.length; i++) {
        if (chunk[i] === DLE && chunk[i + 1] === EOT) {
          statusRequests++;
          socket.write(Uint8Array.of(statusOnline));
        }
      }
      chunks.push(chunk);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      if (overflowed) return;
      const bytes = Buffer.concat(chunks);
      // A connection that only asked for status is not a print job.
      const onlyStatus = statusRequests * 3 === bytes.length;
      if (bytes.length > 0 && !onlyStatus) record(bytes, statusRequests);
    });
  });
  server.maxConnections = connectionsMax;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;

  return {
    host: options.host,
    port,
    jobs,
    nextJob: (timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no print job within ${String(timeoutMs)} ms`)), timeoutMs);
        waiters.push((job) => {
          clearTimeout(timer);
          resolve(job);
        });
      }),
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // close() waits for open connections; a stuck client must not block shutdown.
        for (const socket of sockets) socket.destroy();
      }),
  };
}
