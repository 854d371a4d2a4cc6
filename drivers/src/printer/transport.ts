/**
 * One interface for every way a thermal printer is plugged in: raw TCP, USB, serial,
 * Bluetooth SPP (a serial device) and BLE. Transports move bytes; they never build ESC/POS.
 * Failures are values with stable codes, because an offline printer is normal at a counter.
 */

export type TransportFailureCode =
  | 'PRINTER_UNREACHABLE'
  | 'PRINTER_TIMEOUT'
  | 'PRINTER_CONNECTION_LOST'
  /** The printer cannot answer status requests on this link (no IN endpoint, BLE). */
  | 'STATUS_UNSUPPORTED'
  /** This machine cannot use the transport at all: no USB library, no Bluetooth adapter. */
  | 'TRANSPORT_UNAVAILABLE';

export type TransportResult<T> = { ok: true; value: T } | { ok: false; code: TransportFailureCode; detail: string };

export interface SendOptions {
  /**
   * Ask the printer to confirm it printed the whole job, where the link can answer: a
   * "transmit status" (GS r 1) goes after the job, and a printer answers it only once it
   * has processed everything before it. Waits this long for the answer.
   */
  readonly confirmWithinMs?: number;
}

export interface SendResult {
  readonly bytesWritten: number;
  /** True when the printer answered after the job; false when the link or printer cannot say. */
  readonly confirmed: boolean;
}

export interface PrinterTransport {
  /** For logs and the counter app, e.g. "tcp://192.168.1.50:9100". */
  readonly address: string;
  /** Sends one whole job: a connection per job, so a half-sent job is never appended to. */
  send(job: Uint8Array, options?: SendOptions): Promise<TransportResult<SendResult>>;
  /** Sends a real-time status request (DLE EOT n) and returns the status byte. */
  queryStatus(request: 1 | 2 | 3 | 4): Promise<TransportResult<number>>;
}
