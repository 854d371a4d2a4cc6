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

export interface PrinterTransport {
  /** For logs and the counter app, e.g. "tcp://192.168.1.50:9100". */
  readonly address: string;
  /** Sends one whole job: a connection per job, so a half-sent job is never appended to. */
  send(job: Uint8Array): Promise<TransportResult<{ bytesWritten: number }>>;
  /** Sends a real-time status request (DLE EOT n) and returns the status byte. */
  queryStatus(request: 1 | 2 | 3 | 4): Promise<TransportResult<number>>;
}
