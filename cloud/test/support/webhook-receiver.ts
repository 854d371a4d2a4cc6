/**
 * A partner's webhook endpoint on loopback for tests: records every POST it gets (delivery id, event, the event id in
 * the body, the body and its signature header as received) and answers 204, so a test can count how many times each
 * event arrived and check each signature with the secret the subscription returned.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A body larger than this is cut off and answered 413: a receiver must stay bounded. */
const maxBodyBytes = 64 * 1024;

export interface ReceivedHook {
  readonly deliveryId: string;
  readonly event: string;
  readonly eventId: string;
  readonly body: string;
  readonly signature: string;
}

export interface WebhookReceiver {
  /** `127.0.0.1:<port>`, as ISMAIL_WEBHOOKS_ALLOW_PRIVATE_HOSTS names it. */
  readonly hostPort: string;
  readonly url: string;
  readonly received: readonly ReceivedHook[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > maxBodyBytes) {
        response.writeHead(413).end();
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      let eventId = '';
      try {
        const id = (JSON.parse(body) as { id?: unknown }).id;
        eventId = typeof id === 'string' ? id : '';
      } catch {
        eventId = '';
      }
      received.push({
        deliveryId: String(request.headers['x-ismail-delivery'] ?? ''),
        event: String(request.headers['x-ismail-event'] ?? ''),
        eventId,
        body,
        signature: String(request.headers['x-ismail-signature'] ?? ''),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hostPort = `127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  return {
    hostPort,
    url: `http://${hostPort}/ismail-hook`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
