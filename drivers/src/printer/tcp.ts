/**
 * Raw TCP transport for network printers (port 9100, "JetDirect"/AppSocket).
 * Every connect, write and read has a timeout: a printer that vanished mid-job must not
 * hang the print queue.
 */
import net from 'node:net';
import { connectTimeoutMs } from '@ismail/shared';
import type { PrinterTransport, TransportResult } from './transport.js';

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

function connect(options: TcpTransportOptions): Promise<TransportResult<net.Socket>> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: options.host, port: options.port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, code: 'PRINTER_TIMEOUT', detail: `no connection within ${String(options.connectTimeoutMs ?? connectTimeoutMs)} ms` });
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

export function tcpTransport(options: TcpTransportOptions): PrinterTransport {
  const ioTimeoutMs = options.ioTimeoutMs ?? defaultIoTimeoutMs;
  return {
    address: `tcp://${options.host}:${String(options.port)}`,

    async send(job) {
      const connected = await connect(options);
      if (!connected.ok) return connected;
      const socket = connected.value;
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
          resolve({ ok: true, value: { bytesWritten: job.byteLength } });
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
        const timer = setTimeout(() => finish({ ok: false, code: 'PRINTER_TIMEOUT', detail: `no status within ${String(ioTimeoutMs)} ms` }), ioTimeoutMs);
        socket.once('data', (data: Buffer) => {
          const status = data[0];
          finish(status === undefined ? { ok: false, code: 'PRINTER_CONNECTION_LOST', detail: 'empty status' } : { ok: true, value: status });
        });
        socket.once('error', (error) => finish({ ok: false, code: 'PRINTER_CONNECTION_LOST', detail: error.message }));
        socket.write(Uint8Array.of(DLE, EOT, request));
      });
    },
  };
}
