// Staff sign-in rules at the counter, on a real SQLite file. The cloud here is a small HTTP
// server in the test (a stand-in answering like /v1/hubs/staff/sign-in), so the clock can be
// moved days ahead; the real cloud is exercised in hub/test/staff-sign-in.test.ts.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, hubStaffOfflineMaxFailures } from '@ismail/shared';
import { migrateHubDatabase } from '../store/migrate.js';
import { openHubDatabase, type HubDatabase } from '../store/open.js';
import { StaffDesk } from './staff-desk.js';
import { CloudClient } from '../sync/cloud-client.js';

const hubKey = generateKeyPairSync('ed25519').privateKey;

const cashierId = '00000000-0000-4000-8000-000000000008';
const password = 'caisse-password-2026';

describe('staff sign-in at the counter', () => {
  let db: HubDatabase;
  let cloud: Server;
  let cloudUrl: string;
  let cloudUp = true;
  let listed: string[] = [cashierId];
  let policyIssuedAt = new Date('2026-11-24T07:00:00Z');
  let clock = new Date('2026-11-24T08:00:00Z');
  let desk: StaffDesk;

  beforeEach(async () => {
    db = openHubDatabase(path.join(mkdtempSync(path.join(tmpdir(), 'ismail-staff-')), 'hub.sqlite'));
    migrateHubDatabase(db);
    cloudUp = true;
    listed = [cashierId];
    policyIssuedAt = new Date('2026-11-24T07:00:00Z');
    clock = new Date('2026-11-24T08:00:00Z');
    cloud = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        if (!cloudUp) {
          response.destroy();
          return;
        }
        const sent = JSON.parse(body) as { email: string; password: string };
        const ok = sent.email === 'caisse@demo.ismail.ci' && sent.password === password;
        response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify(
            ok
              ? { accountId: cashierId, ismailId: null, name: 'Mariam Bamba', role: 'cashier' }
              : { error: { code: 'INVALID_CREDENTIALS', message: 'no' } },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => cloud.listen(0, '127.0.0.1', resolve));
    cloudUrl = `http://127.0.0.1:${String((cloud.address() as AddressInfo).port)}`;
    desk = new StaffDesk(
      db,
      {
        credentials: (() => {
          // The stand-in cloud does not check signatures; the desk still sends through the signing client.
          const load = () => ({
            hubId: '00000000-0000-4000-8000-000000000001',
            partnerId: 'p',
            token: 't'.repeat(40),
            cloudUrl,
          });
          return { load, cloud: new CloudClient({ load, signingKey: () => hubKey }) };
        })(),
        policies: {
          current: () => Promise.resolve({ staff: listed, iat: Math.floor(policyIssuedAt.getTime() / 1000) }),
        },
      },
      () => clock,
    );
  });
  afterEach(async () => {
    db.close();
    await new Promise((resolve) => cloud.close(resolve));
  });

  const codeOf = async (attempt: Promise<unknown>): Promise<string> => {
    try {
      await attempt;
      return 'signed in';
    } catch (error) {
      return error instanceof AppError ? error.code : String(error);
    }
  };

  it('signs in online, then offline with the same password, and stores only a verifier and token hashes', async () => {
    const online = await desk.signIn({ email: 'Caisse@Demo.Ismail.ci ', password });
    expect(online.staff).toMatchObject({ accountId: cashierId, role: 'cashier', mode: 'online' });
    expect(await desk.session(online.token)).toMatchObject({ accountId: cashierId });
    cloudUp = false;
    const offline = await desk.signIn({ email: 'caisse@demo.ismail.ci', password });
    expect(offline.staff.mode).toBe('offline');
    // Offline sessions are shorter: 8 h.
    expect(Date.parse(offline.staff.expiresAt) - clock.getTime()).toBe(8 * 3600 * 1000);
    const stored =
      JSON.stringify(db.prepare('SELECT * FROM staff_credentials').all()) +
      JSON.stringify(db.prepare('SELECT * FROM staff_sessions').all());
    expect(stored).not.toContain(password);
    expect(stored).not.toContain(offline.token);
    expect(desk.signOut(offline.token)).toBe(true);
    expect(await desk.session(offline.token)).toBeNull();
    const actions = db
      .prepare<[], { action: string }>('SELECT action FROM hub_audit ORDER BY seq')
      .all()
      .map((r) => r.action);
    expect(actions).toEqual(['staff.signed_in', 'staff.signed_in', 'staff.signed_out']);
  });

  it('refuses offline a person never seen online, a password confirmed more than 7 days ago, and anyone the policy no longer lists', async () => {
    cloudUp = false;
    expect(await codeOf(desk.signIn({ email: 'caisse@demo.ismail.ci', password }))).toBe('CLOUD_UNREACHABLE');
    cloudUp = true;
    await desk.signIn({ email: 'caisse@demo.ismail.ci', password });
    cloudUp = false;
    clock = new Date(clock.getTime() + 7 * 86_400_000 + 1_000);
    expect(await codeOf(desk.signIn({ email: 'caisse@demo.ismail.ci', password }))).toBe('CLOUD_UNREACHABLE');
    clock = new Date('2026-11-24T08:00:00Z');
    cloudUp = true;
    const session = await desk.signIn({ email: 'caisse@demo.ismail.ci', password });
    cloudUp = false;
    listed = [];
    // A policy signed before she signed in does not know her yet: she stays.
    expect(await desk.session(session.token)).not.toBeNull();
    policyIssuedAt = new Date(clock.getTime() + 60_000);
    // The cloud dropped the cashier (a newer policy): the open session ends and the cached password is forgotten.
    expect(await desk.session(session.token)).toBeNull();
    expect(await codeOf(desk.signIn({ email: 'caisse@demo.ismail.ci', password }))).toBe('CLOUD_UNREACHABLE');
  });

  it(`forgets the cached password after ${String(hubStaffOfflineMaxFailures)} wrong tries offline, and at once when the cloud refuses it`, async () => {
    await desk.signIn({ email: 'caisse@demo.ismail.ci', password });
    cloudUp = false;
    for (let i = 0; i < hubStaffOfflineMaxFailures; i++)
      expect(await codeOf(desk.signIn({ email: 'caisse@demo.ismail.ci', password: `guess-${String(i)}` }))).toBe(
        'INVALID_CREDENTIALS',
      );
    expect(await codeOf(desk.signIn({ email: 'caisse@demo.ismail.ci', password }))).toBe('CLOUD_UNREACHABLE');
    cloudUp = true;
    await desk.signIn({ email: 'caisse@demo.ismail.ci', password });
    // A password the cloud refuses (changed since): the cached one goes too.
    expect(await codeOf(desk.signIn({ email: 'caisse@demo.ismail.ci', password: 'old-password' }))).toBe(
      'INVALID_CREDENTIALS',
    );
    cloudUp = false;
    expect(await codeOf(desk.signIn({ email: 'caisse@demo.ismail.ci', password }))).toBe('CLOUD_UNREACHABLE');
    expect(db.prepare('SELECT count(*) AS n FROM staff_credentials').get()).toEqual({ n: 0 });
  });
});
