// Proves the counter app's printer status stream (server-sent events over real HTTP): it
// starts with every printer's state and then tells each change, here the simulated
// printer running out of paper and getting it back, with the number of waiting jobs.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetworkPrinter, type NetworkPrinter } from '@ismail/firmware-sim';
import type { HubDatabase } from '../src/store/open.js';
import { inProcessHub } from './support/in-process-hub.js';

const token = 'status-stream-test-token-0123456789abcd';
const auth = { authorization: `Bearer ${token}` };
const printerId = '3a1b5c7d-9e2f-4a6b-8c0d-1e3f5a7b9c2d';

describe('printer status stream', () => {
  let db: HubDatabase;
  let app: FastifyInstance;
  let printer: NetworkPrinter;
  let url: string;

  beforeAll(async () => {
    printer = await startNetworkPrinter({ host: '127.0.0.1', port: 0 });
    ({ app, db } = await inProcessHub('ismail-hub-sse-', { adminToken: token, printRetryBaseMs: 100 }));
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    await app.inject({
      method: 'POST',
      url: '/api/v1/printers',
      headers: auth,
      payload: { id: printerId, name: 'Caisse', transport: 'tcp', host: '127.0.0.1', port: printer.port, widthMm: 58 },
    });
  });
  afterAll(async () => {
    await app.close();
    await printer.stop();
    db.close();
  });

  it('refuses a stream without the token', async () => {
    expect((await fetch(`${url}/api/v1/printers/status/stream`)).status).toBe(401);
  });

  it('streams the current state, then paper out with a waiting job, then ready when paper is back', async () => {
    const controller = new AbortController();
    const response = await fetch(`${url}/api/v1/printers/status/stream`, { headers: auth, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body?.getReader();
    if (reader === undefined) throw new Error('no body');
    const events: { state: string; waitingJobs: number }[] = [];
    let buffered = '';
    const readUntil = async (done: () => boolean): Promise<void> => {
      const deadline = Date.now() + 10_000;
      while (!done() && Date.now() < deadline) {
        const { value, done: ended } = await reader.read();
        if (ended) return;
        buffered += new TextDecoder().decode(value as Uint8Array);
        const parts = buffered.split('\n\n');
        buffered = parts.pop() ?? '';
        for (const part of parts) {
          const data = part.split('\n').find((l) => l.startsWith('data: '));
          if (data !== undefined) events.push(JSON.parse(data.slice(6)) as { state: string; waitingJobs: number });
        }
      }
    };
    await readUntil(() => events.length >= 1);
    expect(events[0]).toMatchObject({ printerId, waitingJobs: 0 });
    await printer.setFaults({ paper: 'out' });
    await app.inject({
      method: 'POST',
      url: '/api/v1/print-jobs',
      headers: auth,
      payload: { printerId, documentKey: 'ticket:sse', blocks: [{ type: 'text', text: 'Garba' }] },
    });
    await readUntil(() => events.some((e) => e.state === 'paper_out' && e.waitingJobs === 1));
    expect(events.some((e) => e.state === 'paper_out' && e.waitingJobs === 1)).toBe(true);
    await printer.setFaults({ paper: 'ok' });
    await readUntil(() => events.some((e) => e.state === 'ready' && e.waitingJobs === 0));
    expect(events.at(-1)).toMatchObject({ state: 'ready', waitingJobs: 0 });
    controller.abort();
  });
});
