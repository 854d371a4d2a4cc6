/**
 * One TCP connection to the simulated printer, which is one job: bytes are received
 * (real-time status answered at once), then processed by the "print head" at the
 * simulated speed, decoded as they go, and the job completes when the sender has closed
 * and everything received has been processed.
 *
 * Owns: pacing, back-pressure and the per-job fault effects (paper out or cover open while
 * the job is processed: not printed; drop after N bytes: interrupted). Must never keep a
 * timer after `abort`, nor hold more than the receive buffer before pausing the socket.
 */
import type net from 'node:net';
import { EscPosDecoder } from './escpos-decoder.js';
import type { EscPosTranscript, PaperWidth } from './escpos-types.js';
import { jobMaxBytes, printTickMs, receiveBufferBytes } from './limits.js';
import { isOffline, realTimeStatus, transmitStatus, type MechanismState } from './printer-status.js';
import { RealTimeScanner } from './real-time-scanner.js';

export type NotPrintedCause = 'paper-out' | 'cover-open';

export interface ReceivedJob {
  readonly receivedAt: string;
  readonly bytes: Buffer;
  readonly transcript: EscPosTranscript;
  readonly statusRequests: number;
  /** The connection was cut before the sender closed it (fault, reset or shutdown). */
  readonly interrupted: boolean;
  readonly notPrintedBecause: NotPrintedCause | null;
}

/** What a connection reads from the printer while it runs; faults may change mid-job. */
export interface PrinterControls {
  mechanism(): MechanismState;
  printBytesPerSecond(): number | null;
  dropAfterBytes(): number | null;
}

export class PrinterConnection {
  readonly #socket: net.Socket;
  readonly #controls: PrinterControls;
  readonly #onDone: (job: ReceivedJob | null) => void;
  readonly #receivedAt = new Date().toISOString();
  readonly #decoder: EscPosDecoder;
  readonly #scanner = new RealTimeScanner();
  readonly #received: Buffer[] = [];
  #receivedBytes = 0;
  readonly #queue: Buffer[] = [];
  #queuedBytes = 0;
  #budgetBytes = 0;
  #timer: NodeJS.Timeout | null = null;
  #statusRequests = 0;
  #notPrintedBecause: NotPrintedCause | null = null;
  #interrupted = false;
  #overflowed = false;
  #closed = false;
  #done = false;

  constructor(
    socket: net.Socket,
    paperWidth: PaperWidth,
    controls: PrinterControls,
    onDone: (job: ReceivedJob | null) => void,
  ) {
    this.#socket = socket;
    this.#controls = controls;
    this.#onDone = onDone;
    this.#decoder = new EscPosDecoder({ paperWidth, maxBytes: jobMaxBytes });
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', () => {
      this.#interrupted = true;
    });
    socket.on('close', () => {
      this.#closed = true;
      this.#pump();
    });
  }

  /** Cuts the connection now (offline, shutdown); what was received is still processed. */
  cut(): void {
    this.#interrupted = true;
    this.#socket.destroy();
  }

  /** Stops everything: no timer left, no job recorded. */
  abort(): void {
    this.#done = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#socket.destroy();
  }

  #receive(chunk: Buffer): void {
    if (this.#overflowed || this.#done) return;
    if (this.#receivedBytes + chunk.length > jobMaxBytes) {
      // A runaway sender: drop the connection and the job.
      this.#overflowed = true;
      this.abort();
      this.#onDone(null);
      return;
    }
    const dropAfter = this.#controls.dropAfterBytes();
    let accepted = chunk;
    if (dropAfter !== null && this.#receivedBytes + chunk.length >= dropAfter) {
      accepted = chunk.subarray(0, Math.max(0, dropAfter - this.#receivedBytes));
      this.#interrupted = true;
      this.#socket.destroy();
    }
    this.#receivedBytes += accepted.length;
    this.#received.push(accepted);
    for (const n of this.#scanner.scan(accepted)) {
      this.#statusRequests++;
      const status = realTimeStatus(n, this.#controls.mechanism());
      if (status !== null) this.#answer(status);
    }
    this.#queue.push(accepted);
    this.#queuedBytes += accepted.length;
    // A full receive buffer stops reading, so TCP pushes back on the sender.
    if (this.#queuedBytes > receiveBufferBytes && !this.#socket.destroyed) this.#socket.pause();
    this.#pump();
  }

  #answer(status: number): void {
    if (!this.#socket.destroyed && this.#socket.writable) this.#socket.write(Uint8Array.of(status));
  }

  /** Processes what the print speed allows now, and schedules the rest. */
  #pump(): void {
    if (this.#done || this.#timer !== null) return;
    const bytesPerSecond = this.#controls.printBytesPerSecond();
    if (bytesPerSecond === null) this.#process(this.#queuedBytes);
    else if (this.#queuedBytes > 0) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#budgetBytes += ((this.#controls.printBytesPerSecond() ?? Infinity) * printTickMs) / 1000;
        const now = Math.min(this.#queuedBytes, Math.floor(this.#budgetBytes));
        this.#budgetBytes -= now;
        this.#process(now);
        this.#pump();
      }, printTickMs);
      return;
    }
    if (this.#queuedBytes === 0 && this.#closed) this.#finish();
  }

  #process(byteCount: number): void {
    let left = byteCount;
    while (left > 0) {
      const head = this.#queue[0];
      if (head === undefined) break;
      const part = head.length <= left ? head : head.subarray(0, left);
      if (part === head) this.#queue.shift();
      else this.#queue[0] = head.subarray(left);
      left -= part.length;
      this.#queuedBytes -= part.length;
      this.#print(part);
    }
    if (this.#queuedBytes <= receiveBufferBytes && this.#socket.isPaused() && !this.#socket.destroyed)
      this.#socket.resume();
  }

  /** The print head reaches these bytes: an offline printer holds them (never prints the job). */
  #print(bytes: Buffer): void {
    const mechanism = this.#controls.mechanism();
    if (this.#notPrintedBecause === null && isOffline(mechanism))
      this.#notPrintedBecause = mechanism.coverOpen ? 'cover-open' : 'paper-out';
    for (const event of this.#decoder.push(bytes)) {
      if (event.type !== 'transmit-status' || this.#notPrintedBecause !== null) continue;
      const status = transmitStatus(event.n, this.#controls.mechanism());
      if (status !== null) this.#answer(status);
    }
  }

  #finish(): void {
    if (this.#done) return;
    this.#done = true;
    const bytes = Buffer.concat(this.#received);
    const transcript = this.#decoder.finish();
    // A connection that only asked for status is not a print job.
    const onlyStatus = transcript.events.every((event) => event.type === 'status-request');
    if (bytes.length === 0 || onlyStatus) {
      this.#onDone(null);
      return;
    }
    this.#onDone({
      receivedAt: this.#receivedAt,
      bytes,
      transcript,
      statusRequests: this.#statusRequests,
      interrupted: this.#interrupted,
      notPrintedBecause: this.#notPrintedBecause,
    });
  }
}
