// Customer lookup at the counter with real processes (issue 28.4): a real cloud (demo data, on the
// PostgreSQL server so the test can give the demo client a phone number: no route sets one) and a
// real hub. A signed-in cashier finds the client by a typed ISMAIL ID (look-alikes, lower case,
// spaces) or a phone number in several spellings, an unknown number is a plain "not found", nobody
// without a session gets anything; the answer cannot be turned into a wallet payment; cash for
// credits by the found ISMAIL ID reaches the cloud. With the cloud stopped, a phone lookup says the
// cloud is needed, a typed ISMAIL ID is taken unchecked and its top-up waits in the outbox, and is
// applied by the cloud once it is back (nothing refused).
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { HubCustomerLookupResponse } from '@ismail/shared';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { builtEntry, exited, freePort, startProcess, until, waitForHttp } from '../../tools/test-support/processes.js';
import { adminHeaders, pairHub } from '../../tools/test-support/hub-admin.js';
import { cloudDatabases, serverName } from '../../tools/test-support/test-databases.js';

const demoPassword = 'demo-ismail-2026';
const server = cloudDatabases.find((d) => d.name === serverName);

describe('customer lookup at the counter (real cloud and hub processes) on the PostgreSQL server', () => {
  it(
    'finds a client by typed ID or phone for a cashier only, never pays with it, and tops up offline by ID',
    { timeout: 240_000 },
    async () => {
      expect(server, 'needs the PostgreSQL server (ISMAIL_TEST_DATABASE_URL; npm test starts one)').toBeDefined();
      if (server === undefined) return;
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-lookup-'));
      const hubPort = await freePort();
      const hubUrl = `http://127.0.0.1:${String(hubPort)}`;
      const demo = await startDemoCloud(root, server);
      let cloud = demo.process;
      let hub: ChildProcess | undefined;
      const sql = new pg.Client({ connectionString: demo.env.DATABASE_URL });
      try {
        await sql.connect();
        const clientId = demo.idOf('client@demo.ismail.ci');
        await sql.query("UPDATE accounts SET phone_e164 = '+2250707070707' WHERE id = $1", [clientId]);
        const ismailId =
          (await sql.query<{ ismail_id: string }>('SELECT ismail_id FROM accounts WHERE id = $1', [clientId])).rows[0]
            ?.ismail_id ?? '';
        expect(ismailId).toMatch(/-CL$/);
        hub = startProcess(builtEntry('hub'), {
          HUB_RESPONSE_CHECK: 'throw',
          HUB_PORT: String(hubPort),
          ISMAIL_DATA_DIR: path.join(root, 'hub'),
          CLOUD_URL: demo.url,
          LOG_LEVEL: 'silent',
        });
        await waitForHttp(`${hubUrl}/health`, 15_000);
        expect(await pairHub(hubUrl, adminHeaders(path.join(root, 'hub')), await demo.registerHub('Caisse'))).toBe(200);
        await until(
          async () =>
            (await (await fetch(`${hubUrl}/api/v1/sync/status`)).json()) as {
              policy: { valid: boolean };
              catalog: { products: number };
            },
          (s) => s.policy.valid && s.catalog.products >= 6,
          30_000,
        );
        const call = (route: string, headers: Record<string, string>, body: unknown) =>
          fetch(`${hubUrl}${route}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify(body),
          });
        const signedIn = (await (
          await call('/api/v1/staff/sign-in', {}, { email: 'caisse@demo.ismail.ci', password: demoPassword })
        ).json()) as { token: string };
        const cashier = { authorization: `Bearer ${signedIn.token}` };
        const lookup = async (query: string) => {
          const response = await call('/api/v1/customers/lookup', cashier, { query });
          return { status: response.status, body: (await response.json()) as Record<string, unknown> };
        };

        // Nobody without a session: no lookup, no top-up.
        const topUp = { id: randomUUID(), ismailId, amountXof: 5000 };
        for (const headers of [{}, { authorization: 'Bearer forged-token-forged-token-forged-token' }]) {
          expect((await call('/api/v1/customers/lookup', headers, { query: ismailId })).status).toBe(401);
          expect((await call('/api/v1/customers/cash-top-ups', headers, topUp)).status).toBe(401);
        }

        // Typed as a cashier would: lower case, spaces, O for 0; the phone in three spellings.
        const typedId = ismailId.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
        for (const query of [typedId, '07 07 07 07 07', '+225 0707070707', '00225 07 07 07 07 07']) {
          const found = await lookup(query);
          expect(found.status, query).toBe(200);
          expect(found.body).toEqual({
            status: 'found',
            customer: {
              ismailId,
              displayName: 'Ibrahim Ouattara',
              maskedPhone: '+225 07 •• •• •• 07',
              cardStatus: 'active',
              photoOnFile: true,
            },
          } satisfies HubCustomerLookupResponse);
        }
        const unknown = await lookup('01 02 03 04 05');
        expect(unknown.status).toBe(404);
        expect(unknown.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
        expect((await lookup('bonjour')).status).toBe(400);

        // The answer cannot pay: it holds no credential, and nothing in it opens a wallet payment.
        const product = (
          (await (await fetch(`${hubUrl}/api/v1/catalog/products?barcode=6111234567895`)).json()) as {
            products: { id: string }[];
          }
        ).products[0];
        expect(product).toBeDefined();
        const sale = (payment: unknown) =>
          call('/api/v1/sales', cashier, {
            saleId: `S-${randomUUID()}`,
            items: [{ productId: product?.id ?? '', quantity: 1 }],
            payment,
          });
        expect((await call('/api/v1/cash-sessions', cashier, { floatXof: 0 })).status).toBe(201);
        for (const payment of [
          { method: 'wallet', token: ismailId },
          { method: 'wallet', token: JSON.stringify((await lookup(ismailId)).body) },
          { method: 'wallet', presentationId: randomUUID() },
          { method: 'wallet', ismailId },
        ]) {
          const refused = await sale(payment);
          expect(refused.status, JSON.stringify(payment)).toBeGreaterThanOrEqual(400);
          expect(refused.status).toBeLessThan(500);
        }
        const walletLookup = await call('/api/v1/wallets/lookup', cashier, { token: ismailId });
        expect(walletLookup.status).toBeGreaterThanOrEqual(400);

        // Cash for credits for the client found, online: queued, then applied by the cloud.
        expect((await call('/api/v1/customers/cash-top-ups', cashier, topUp)).status).toBe(201);
        expect((await call('/api/v1/customers/cash-top-ups', cashier, topUp)).status).toBe(200);
        expect(
          (await call('/api/v1/customers/cash-top-ups', cashier, { ...topUp, id: randomUUID(), ismailId: 'x1' }))
            .status,
        ).toBe(400);
        const status = async () =>
          (await (await fetch(`${hubUrl}/api/v1/sync/status`)).json()) as { outboxDepth: number; rejected: number };
        expect(await until(status, (s) => s.outboxDepth === 0, 20_000)).toMatchObject({ outboxDepth: 0, rejected: 0 });

        // The cloud goes away: a phone needs it; a typed ID is taken unchecked, its top-up waits.
        cloud.kill('SIGTERM');
        await exited(cloud);
        const byPhone = await lookup('07 07 07 07 07');
        expect(byPhone.status).toBe(503);
        expect(byPhone.body).toMatchObject({ error: { code: 'CLOUD_UNREACHABLE' } });
        expect(await lookup(typedId)).toEqual({ status: 200, body: { status: 'unchecked', ismailId } });
        expect(
          (
            await call('/api/v1/customers/cash-top-ups', cashier, {
              id: randomUUID(),
              ismailId: typedId,
              amountXof: 2000,
            })
          ).status,
        ).toBe(201);
        expect((await status()).outboxDepth).toBe(1);

        // Back: the cloud resolves the ID when the outbox drains, and refuses nothing.
        cloud = startProcess(builtEntry('cloud'), demo.env);
        await waitForHttp(`${demo.url}/health`, 120_000);
        expect(await until(status, (s) => s.outboxDepth === 0, 90_000)).toMatchObject({ outboxDepth: 0, rejected: 0 });
        const audited = await sql.query<{ n: string }>(
          "SELECT count(*) AS n FROM audit_log WHERE action = 'hub.customer_lookup' AND detail->>'staffAccountId' = $1",
          [demo.idOf('caisse@demo.ismail.ci')],
        );
        expect(Number(audited.rows[0]?.n)).toBeGreaterThanOrEqual(6);
      } finally {
        await sql.end().catch(() => undefined);
        hub?.kill('SIGTERM');
        cloud.kill('SIGTERM');
        await Promise.all([hub === undefined ? Promise.resolve() : exited(hub), exited(cloud)]);
      }
    },
  );
});
