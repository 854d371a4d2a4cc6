// Proves the hub's side of alerts (issue 28.5) with a real in-process hub (its SQLite outbox, its print queue on the
// simulated network printer) and a listener in the cloud's place that checks each report's Ed25519 request signature
// against the hub's public key and refuses the hub's sync pushes (so its outbox stays pending, as with a cloud that
// cannot apply them). A report carries the outbox's oldest pending age past the threshold, the dead letters, a
// printer out of paper for 10 minutes (learnt from the print queue's status events) and the hub's own wall clock;
// an unpaired hub sends nothing. The cloud's decisions on these reports: cloud/test/hub-alerts.test.ts.
import { createHash, createPublicKey, generateKeyPairSync, randomUUID, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetworkPrinter, type NetworkPrinter } from '@ismail/firmware-sim';
import {
  formatContentDigest,
  hubSignatureBase,
  hubSignatureHeaders,
  parseHubSignature,
  parseHubSignatureInput,
  type HubHealthReport,
} from '@ismail/shared';
import { CredentialStore } from '../src/sync/credentials.js';
import type { HubDatabase } from '../src/store/open.js';
import { addTcpPrinter, inProcessHub, until } from './support/in-process-hub.js';

const adminToken = 'health-report-admin-token-0123456789';
const auth = { authorization: `Bearer ${adminToken}` };
const printerId = randomUUID();

/** The listener in the cloud's place: keeps the reports whose signature verifies, counts the others. */
interface FakeCloud {
  readonly url: string;
  readonly reports: HubHealthReport[];
  readonly refused: string[];
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function fakeCloud(publicKeyX: () => string | null): Promise<FakeCloud> {
  const reports: HubHealthReport[] = [];
  const refused: string[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      const bytes = await body(request);
      if (request.method !== 'POST' || request.url !== '/v1/hubs/health-reports') {
        // Pushes, keys, policy: unavailable, so the outbox stays pending.
        response
          .writeHead(503, { 'content-type': 'application/json' })
          .end('{"error":{"code":"UNAVAILABLE","message":"down"}}');
        return;
      }
      const header = (name: string) => request.headers[name.toLowerCase()] as string | undefined;
      const input = parseHubSignatureInput(header(hubSignatureHeaders.input));
      const signature = parseHubSignature(header(hubSignatureHeaders.signature));
      const digest = formatContentDigest(createHash('sha256').update(bytes).digest('base64'));
      const x = publicKeyX();
      const ok =
        input !== null &&
        signature !== null &&
        x !== null &&
        header(hubSignatureHeaders.digest) === digest &&
        verify(
          null,
          Buffer.from(
            hubSignatureBase({
              method: 'POST',
              pathWithQuery: request.url,
              contentDigest: digest,
              params: input.params,
            }),
          ),
          createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }),
          Buffer.from(signature, 'base64'),
        );
      if (!ok) {
        refused.push(request.url);
        response
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"error":{"code":"HUB_SIGNATURE_INVALID","message":"no"}}');
        return;
      }
      reports.push(JSON.parse(bytes.toString('utf8')) as HubHealthReport);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"open":[]}');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    reports,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('health reports (hub side)', () => {
  let app: FastifyInstance;
  let db: HubDatabase;
  let dir: string;
  let cloud: FakeCloud;
  let printer: NetworkPrinter;
  let credentials: CredentialStore | null = null;
  let offsetMs = 0;
  const hubId = randomUUID();

  beforeAll(async () => {
    cloud = await fakeCloud(() => credentials?.publicKey().x ?? null);
    printer = await startNetworkPrinter({ host: '127.0.0.1', port: 0 });
    ({ app, db, dir } = await inProcessHub('ismail-hub-health-', {
      adminToken,
      cloudUrl: cloud.url,
      printRetryBaseMs: 100,
      syncRetryBaseMs: 200,
      trustPullMs: 60_000,
      healthReportMs: 100,
      healthClock: () => Date.now() + offsetMs,
    }));
    expect(await addTcpPrinter(app, auth, { id: printerId, port: printer.port })).toBe(201);
  });
  afterAll(async () => {
    await app.close();
    await printer.stop();
    await cloud.close();
    db.close();
  });

  const latest = () => Promise.resolve(cloud.reports.at(-1));

  it('sends nothing while the hub is not paired', async () => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(cloud.reports).toHaveLength(0);
    expect(app.healthReports.state.lastSentAt).toBeNull();
  });

  it('reports, signed, a pending operation older than the threshold, a dead letter and a printer out of paper for 10 minutes', async () => {
    credentials = new CredentialStore(dir);
    credentials.publicKey();
    credentials.save({ hubId, partnerId: randomUUID(), token: 't'.repeat(43), cloudUrl: cloud.url });
    const healthy = await until(latest, (r) => r !== undefined);
    expect(healthy).toMatchObject({
      v: 1,
      hubId,
      outbox: { depth: 0, oldestPendingAgeS: null, rejected: 0 },
      printersOutOfPaper: [],
    });
    // The hub's own wall clock, for the cloud to judge.
    expect(Math.abs(Date.parse(healthy?.at ?? '') - Date.now())).toBeLessThan(5_000);

    // A sale the cloud cannot take (its pushes answer 503), and an earlier one it refused.
    app.sync.outbox.append('wallet.cash_top_up', { accountId: randomUUID(), amountXof: 500 });
    const refusedId = randomUUID();
    app.sync.outbox.append('wallet.cash_top_up', { accountId: randomUUID(), amountXof: 700 }, refusedId);
    db.prepare("UPDATE outbox SET status = 'rejected', reason = 'compte inconnu' WHERE id = ?").run(refusedId);
    // The printer runs out of paper with a ticket waiting.
    await printer.setFaults({ paper: 'out' });
    const queued = await app.inject({
      method: 'POST',
      url: '/api/v1/print-jobs',
      headers: auth,
      payload: { printerId, documentKey: 'ticket:health', blocks: [{ type: 'text', text: 'Garba' }] },
    });
    expect(queued.statusCode, queued.body).toBeLessThan(300);
    const paperOut = await until(latest, (r) => (r?.printersOutOfPaper.length ?? 0) > 0);
    expect(paperOut?.printersOutOfPaper[0]).toMatchObject({ printerId, name: 'Caisse 1' });
    expect(paperOut?.printersOutOfPaper[0]?.forS).toBeLessThan(60);

    // Sixteen minutes on: the cloud is told the ages as they are.
    offsetMs = 16 * 60_000;
    const late = await until(latest, (r) => (r?.outbox.oldestPendingAgeS ?? 0) >= 16 * 60);
    expect(late?.outbox).toMatchObject({ depth: 1, rejected: 1 });
    expect(late?.outbox.oldestPendingAgeS).toBeGreaterThanOrEqual(16 * 60);
    expect(late?.outbox.oldestPendingAgeS).toBeLessThan(17 * 60);
    expect(late?.printersOutOfPaper[0]?.forS).toBeGreaterThanOrEqual(10 * 60);
    // Durations moved with the measuring clock, the wall clock sent did not.
    expect(Math.abs(Date.parse(late?.at ?? '') - Date.now())).toBeLessThan(5_000);
    expect(cloud.refused).toEqual([]);
  });

  it('reports the paper back and the outbox drained', async () => {
    await printer.setFaults({ paper: 'ok' });
    const back = await until(latest, (r) => r?.printersOutOfPaper.length === 0, 15_000);
    expect(back?.printersOutOfPaper).toEqual([]);
    db.prepare("UPDATE outbox SET status = 'applied' WHERE status = 'pending'").run();
    db.prepare("UPDATE outbox SET status = 'applied' WHERE status = 'rejected'").run();
    const drained = await until(latest, (r) => r?.outbox.depth === 0 && r.outbox.rejected === 0);
    expect(drained?.outbox).toEqual({ depth: 0, oldestPendingAgeS: null, rejected: 0 });
    expect(app.healthReports.state.lastError).toBeNull();
  });

  it('keeps the last error when the cloud refuses the report, and carries on', async () => {
    // Another key on file: the listener no longer verifies the hub's signature.
    const real = credentials;
    const other = (generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as { x: string }).x;
    credentials = { publicKey: () => ({ kty: 'OKP', crv: 'Ed25519', x: other }) } as unknown as CredentialStore;
    await until(
      () => Promise.resolve(app.healthReports.state.lastError),
      (e) => e !== null,
    );
    expect(app.healthReports.state.lastError).toContain('HTTP 401');
    credentials = real;
    await until(
      () => Promise.resolve(app.healthReports.state.lastError),
      (e) => e === null,
    );
    expect(app.healthReports.state.lastError).toBeNull();
  });
});
