/**
 * The hub's HTTPS listener on the shop LAN (issue 28.1): the same Fastify app as the loopback
 * listener (app.routing), behind the LAN gate, with the certificate the hub's CA signed for
 * its LAN names. WebSocket upgrades (the live channel) pass the same gate and go to the app's
 * own upgrade handling. Plain HTTP never listens here.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { toErrorResponse } from '@ismail/shared';
import { decide } from './lan-gate.js';
import { markLanRequest } from './request-terminal.js';
import type { TerminalRegistry } from './terminal-registry.js';

/** Bounds on a LAN connection: slow or idle clients do not hold sockets. */
const headersTimeoutMs = 10_000;
const requestTimeoutMs = 60_000;
const keepAliveTimeoutMs = 5_000;
const connectionsMax = 256;

export interface LanListener {
  readonly port: number;
  close(): Promise<void>;
}

export async function startLanListener(options: {
  readonly app: FastifyInstance;
  readonly registry: Pick<TerminalRegistry, 'check'>;
  readonly host: string;
  readonly port: number;
  readonly keyPem: string;
  readonly certificatePem: string;
}): Promise<LanListener> {
  const { app, registry } = options;
  const server: Server = createServer(
    { key: options.keyPem, cert: options.certificatePem, minVersion: 'TLSv1.2' },
    (req, res) => {
      const decision = decide(req, registry);
      if (decision.kind === 'refuse') {
        const response = toErrorResponse(decision.error, randomUUID());
        res.writeHead(response.httpStatus, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
        });
        res.end(JSON.stringify(response.body));
        return;
      }
      markLanRequest(req, decision.terminal);
      app.routing(req, res);
    },
  );
  server.headersTimeout = headersTimeoutMs;
  server.requestTimeout = requestTimeoutMs;
  server.keepAliveTimeout = keepAliveTimeoutMs;
  server.maxConnections = connectionsMax;
  server.on('upgrade', (req, socket, head) => {
    const decision = decide(req, registry);
    if (decision.kind === 'refuse' || decision.terminal === null) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    markLanRequest(req, decision.terminal);
    app.server.emit('upgrade', req, socket, head);
  });
  server.on('tlsClientError', (error) => app.log.debug({ err: error }, 'LAN TLS handshake refused'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
