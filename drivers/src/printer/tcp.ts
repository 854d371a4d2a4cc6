/**
 * Raw TCP transport for network printers (port 9100, "JetDirect"/AppSocket).
 * Every connect, write and read has a timeout: a printer that vanished mid-job must not
 * hang the print queue.
 */
import net from 'node:net';
import { connectTimeoutMs } from '@ismail/shared';
import type { PrinterTransport, SendResult, TransportResult } from './transport.js';

export interface TcpTransportOptions {
  readonly host: string;
  readonly port: number;
  readonly connectTimeoutMs?: number;
  /** How long a job's bytes may take to leave, or a status byte to come back. */
  readonly ioTimeoutMs?: number;
}

const defaultIoTimeoutMs = 10_000;
const DLE = 0x10;
const EOT = 0x04;
const GS = 0x1d;

function connect(options: TcpTransportOptions): Promise<TransportResult<net.Socket>> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: options.host, port: options.port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({
        ok: false,
        code: 'PRINTER_TIMEOUT',
        detail: `no connection within ${String(options.connectTimeoutMs ?? connectTimeoutMs)} ms`,
      });
    }, options.connectTimeoutMs ?? connectTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ ok: true, value: socket });
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, code: 'PRINTER_UNREACHABLE', detail: error.message });
    });
  });
}

/**
 * The job, then GS r 1. The socket stays open until the printer answers: the answer comes
 * when the printer has processed the whole job, so a connection that dies first means the
 * ticket may be cut short (PRINTER_CONNECTION_LOST), even though the kernel took every byte.
 * No answer in time means this printer does not answer GS r: sent, but unconfirmed.
 */
function confirmedSend(
  socket: net.Socket,
  job: Uint8Array,
  confirmWithinMs: number,
): Promise<TransportResult<SendResult>> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: TransportResult<SendResult>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.end();
      socket.destroySoon();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ ok: true, value: { bytesWritten: job.byteLength, confirmed: false } }),
      confirmWithinMs,
    );
    socket.once('data', () => finish({ ok: true, value: { bytesWritten: job.byteLength, confirmed: true } }));
    socket.once('error', (error) =>
      finish({ ok: false, code: 'PRINTER_CONNECTION_LOST', detail: `before the printer confirmed: ${error.message}` }),
    );
    socket.once('close', () =>
      finish({ ok: false, code: 'PRINTER_CONNECTION_LOST', detail: 'closed before the printer confirmed the job' }),
    );
    socket.write(Buffer.concat([job, Uint8Array.of(GS, 0x72, 1)]));
  });
}

export function tcpTransport(options: TcpTransportOptions): PrinterTransport {
  const ioTimeoutMs = options.ioTimeoutMs ?? defaultIoTimeoutMs;
  return {
    address: `tcp://${options.host}:${String(options.port)}`,

    async send(job, sendOptions = {}) {
      const connected = await connect(options);
      if (!connected.ok) return connected;
      const socket = connected.value;
      if (sendOptions.confirmWithinMs !== undefined) return confirmedSend(socket, job, sendOptions.confirmWithinMs);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          socket.destroy();
          resolve({ ok: false, code: 'PRINTER_TIMEOUT', detail: `job not accepted within ${String(ioTimeoutMs)} ms` });
        }, ioTimeoutMs);
        socket.once('error', (error) => {
          clearTimeout(timer);
          resolve({ ok: false, code: 'PRINTER_CONNECTION_LOST', detail: error.message });
        });
        // end() resolves only once the bytes are flushed to the kernel and the FIN is sent.
        socket.end(job, () => {
          clearTimeout(timer);
          resolve({ ok: true, value: { bytesWritten: job.byteLength, confirmed: false } });
        });
      });
    },

    async queryStatus(request) {
      const connected = await connect(options);
      if (!connected.ok) return connected;
      const socket = connected.value;
      return new Promise((resolve) => {
        const finish = (result: TransportResult<number>): void => {
          clearTimeout(timer);
          socket.destroy();
          resolve(result);
        };
        const timer = setTimeout(
          () => finish({ ok: false, code: 'PRINTER_TIMEOUT', detail: `no status within ${String(ioTimeoutMs)} ms` }),
          ioTimeoutMs,
        );
        socket.once('data', (data: Buffer) => {
          const status = data[0];
          finish(
            status === undefined
              ? { ok: false, code: 'PRINTER_CONNECTION_LOST', detail: 'empty status' }
              : { ok: true, value: status },
          );
        });
        socket.once('error', (error) => finish({ ok: false, code: 'PRINTER_CONNECTION_LOST', detail: error.message }));
        socket.write(Uint8Array.of(DLE, EOT, request));
      });
    },
  };
}
