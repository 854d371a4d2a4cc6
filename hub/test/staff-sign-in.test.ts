// Staff at the counter with real processes (SPEC 3.4, 3.8): the demo cashier and the owner
// sign in at the hub through the real cloud; each role reaches only its routes (deny by
// default, anonymous refused); sign-out ends the session. The owner then adds a cashier in
// the cloud and removes them: at the hub's next policy pull that cashier's open session ends
// and, with the cloud gone, they cannot sign in from the cached password either.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../tools/test-support/demo-cloud.js';
import { builtEntry, exited, freePort, startProcess, until, waitForHttp } from '../../tools/test-support/processes.js';
import { cloudDatabases } from '../../tools/test-support/test-databases.js';

const demoPassword = 'demo-ismail-2026';

describe.each(cloudDatabases)('staff sign-in at the hub (real cloud and hub processes) on $name', (database) => {
  it(
    'gives each role its routes, ends sessions on sign-out, and shuts out a cashier removed in the cloud, offline too',
    { timeout: 120_000 },
    async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'ismail-staff-'));
      const hubPort = await freePort();
      const hubUrl = `http://127.0.0.1:${String(hubPort)}`;
      const demo = await startDemoCloud(root, database);
      const cloud = demo.process;
      const cloudUrl = demo.url;
      let hub: ChildProcess | undefined;
      try {
        hub = startProcess(builtEntry('hub'), {
          HUB_RESPONSE_CHECK: 'throw',
          HUB_PORT: String(hubPort),
          ISMAIL_DATA_DIR: path.join(root, 'hub'),
          CLOUD_URL: cloudUrl,
          HUB_CARD_TRUST_PULL_S: '1',
          LOG_LEVEL: 'silent',
        });
        await waitForHttp(`${hubUrl}/health`, 15_000);
        const partnerId = demo.idOf('partenaire@demo.ismail.ci');
        const registered = await demo.registerHub('Caisse Plateau');
        const admin = {
          authorization: `Bearer ${readFileSync(path.join(root, 'hub', 'hub', 'admin-token'), 'utf8').trim()}`,
        };
        const call = (method: string, route: string, headers: Record<string, string>, body?: unknown) =>
          fetch(
            `${hubUrl}${route}`,
            body === undefined
              ? { method, headers }
              : { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) },
          );
        expect(
          (
            await call('POST', '/api/v1/pairing', admin, {
              hubId: registered.hub.id,
              pairingCode: registered.pairingCode,
            })
          ).status,
        ).toBe(200);
        await until(
          async () => (await (await fetch(`${hubUrl}/api/v1/sync/status`)).json()) as { policy: { valid: boolean } },
          (s) => s.policy.valid,
          30_000,
        );
        const signIn = (email: string, password = demoPassword) =>
          call('POST', '/api/v1/staff/sign-in', {}, { email, password });
        const tokenOf = async (email: string, password = demoPassword): Promise<Record<string, string>> => {
          const response = await signIn(email, password);
          expect(response.status, await response.clone().text()).toBe(200);
          return { authorization: `Bearer ${((await response.json()) as { token: string }).token}` };
        };

        // Who is who: the demo cashier sells, the owner manages; a client and a wrong password are refused.
        const cashier = await tokenOf('caisse@demo.ismail.ci');
        const manager = await tokenOf('partenaire@demo.ismail.ci');
        expect(
          (await (await call('GET', '/api/v1/staff/me', cashier)).json()) as { role: string; mode: string },
        ).toMatchObject({ role: 'cashier', mode: 'online' });
        expect((await signIn('client@demo.ismail.ci')).status).toBe(401);
        expect((await signIn('caisse@demo.ismail.ci', 'wrong-password')).status).toBe(401);

        // Deny by default: nobody anonymous; a cashier neither manages nor administers; the owner manages but does not
        // administer the machine.
        const forbidden: [string, string, unknown?][] = [
          ['GET', '/api/v1/sync/rejected'],
          ['GET', '/api/v1/audit'],
          ['POST', '/api/v1/sales/V-1/credit-notes', { creditId: randomUUID(), lines: 'all' }],
          [
            'POST',
            '/api/v1/printers',
            {
              id: randomUUID(),
              name: 'x',
              transport: { kind: 'tcp', host: '127.0.0.1', port: 9100 },
              commandSet: 'epson',
              paperWidthMm: 80,
            },
          ],
          ['POST', '/api/v1/pairing', { hubId: registered.hub.id, pairingCode: 'AAAAAAAAAA' }],
        ];
        for (const [method, route, body] of forbidden)
          expect((await call(method, route, cashier, body)).status, `${method} ${route} as cashier`).toBe(403);
        for (const [method, route, body] of forbidden.slice(3))
          expect((await call(method, route, manager, body)).status, `${method} ${route} as manager`).toBe(403);
        for (const [method, route, body] of [
          ...forbidden,
          ['POST', '/api/v1/cash-sessions', { floatXof: 0 }] as [string, string, unknown],
          ['POST', '/api/v1/cards/verify', { token: 'x' }] as [string, string, unknown],
        ]) {
          expect((await call(method, route, {}, body)).status, `${method} ${route} anonymous`).toBe(401);
          expect(
            (await call(method, route, { authorization: 'Bearer forged-token-forged-token-forged-token' }, body))
              .status,
            `${method} ${route} forged`,
          ).toBe(401);
        }
        expect((await call('GET', '/api/v1/sync/rejected', manager)).status).toBe(200);
        const trail = (await (await call('GET', '/api/v1/audit', manager)).json()) as { entries: { action: string }[] };
        expect(trail.entries.map((e) => e.action)).toEqual(
          expect.arrayContaining(['staff.signed_in', 'staff.sign_in_refused']),
        );

        // Sign-out ends the session at once.
        expect((await call('POST', '/api/v1/staff/sign-out', cashier)).status).toBe(200);
        expect((await call('GET', '/api/v1/staff/me', cashier)).status).toBe(401);

        // The owner adds a cashier in the cloud; she signs in at the hub; then the owner removes her.
        const ownerSession = (await (
          await fetch(`${cloudUrl}/v1/auth/sign-in`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: 'partenaire@demo.ismail.ci', password: demoPassword }),
          })
        ).json()) as { accessToken: string };
        const owner = { authorization: `Bearer ${ownerSession.accessToken}`, 'content-type': 'application/json' };
        const added = await fetch(`${cloudUrl}/v1/accounts/${partnerId}/staff`, {
          method: 'POST',
          headers: owner,
          body: JSON.stringify({
            email: 'awa@demo.ismail.ci',
            firstName: 'Awa',
            lastName: 'Yao',
            password: 'awa-password-2026',
            delegatedActions: ['read', 'write'],
          }),
        });
        expect(added.status).toBe(201);
        const awaId = ((await added.json()) as { id: string }).id;
        const awa = await tokenOf('awa@demo.ismail.ci', 'awa-password-2026');
        expect((await call('GET', '/api/v1/staff/me', awa)).status).toBe(200);
        expect(
          (
            await fetch(`${cloudUrl}/v1/accounts/${partnerId}/staff/${awaId}`, {
              method: 'DELETE',
              headers: { authorization: owner.authorization },
            })
          ).status,
        ).toBe(200);
        // At the next policy pull (every second here) her session ends.
        await until(
          async () => (await call('GET', '/api/v1/staff/me', awa)).status,
          (code) => code === 401,
          15_000,
        );
        // The wrong password above made the hub forget the demo cashier's cached one; she signs in right once more
        // online.
        await tokenOf('caisse@demo.ismail.ci');
        cloud.kill('SIGTERM');
        await exited(cloud);
        const offline = await signIn('awa@demo.ismail.ci', 'awa-password-2026');
        expect(offline.status).toBe(503);
        // The demo cashier, still listed, signs in offline with her cached password.
        const again = (await (await signIn('caisse@demo.ismail.ci')).json()) as { staff: { mode: string } };
        expect(again.staff.mode).toBe('offline');
      } finally {
        hub?.kill('SIGKILL');
        cloud.kill('SIGKILL');
        await Promise.all([hub === undefined ? Promise.resolve() : exited(hub), exited(cloud)]);
      }
    },
  );
});
