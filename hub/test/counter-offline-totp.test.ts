// Counter sign-in while the cloud is out of reach (issue 20.7), on a real SQLite file with a
// stand-in cloud that answers like /v1/hubs/staff/sign-in (offline verifier tables built by
// the same shared code the cloud uses; the real cloud's side is
// cloud/test/attacks/counter-offline-sign-in.test.ts). Proves: offline, a person enrolled in
// TOTP must give a current code, accepted once even when sent in parallel; a manager without
// TOTP is refused offline; parallel wrong passwords each count, so the cached password is
// forgotten after the allowed number of failures however they are sent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, hotpCode, hubStaffOfflineMaxFailures, offlineTotpDigests, totpStepAt } from '@ismail/shared';
import { nodeOfflineTotpCrypto as crypto } from '../src/staff/offline-totp-crypto.js';
import { StaffDesk } from '../src/staff/staff-desk.js';
import { migrateHubDatabase } from '../src/store/migrate.js';
import { openHubDatabase, type HubDatabase } from '../src/store/open.js';

const cashier = {
  id: '00000000-0000-4000-8000-000000000011',
  email: 'caisse-totp@demo.ismail.ci',
  password: 'caisse-totp-2026',
  role: 'cashier',
};
const manager = {
  id: '00000000-0000-4000-8000-000000000012',
  email: 'gerant@demo.ismail.ci',
  password: 'gerant-password-2026',
  role: 'manager',
};
const plain = {
  id: '00000000-0000-4000-8000-000000000013',
  email: 'caisse@demo.ismail.ci',
  password: 'caisse-password-2026',
  role: 'cashier',
};
const secret = randomBytes(20);
const people = [cashier, manager, plain];

describe('counter sign-in offline with an authenticator code', () => {
  let db: HubDatabase;
  let cloud: Server;
  let cloudUp = true;
  let clock = new Date('2026-12-05T08:00:00Z');
  let desk: StaffDesk;
  const codeAt = (at: Date): string => hotpCode(crypto, secret, totpStepAt(at.getTime()));

  beforeEach(async () => {
    db = openHubDatabase(path.join(mkdtempSync(path.join(tmpdir(), 'ismail-totp-')), 'hub.sqlite'));
    migrateHubDatabase(db);
    cloudUp = true;
    clock = new Date('2026-12-05T08:00:00Z');
    cloud = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        if (!cloudUp) {
          response.destroy();
          return;
        }
        void (async () => {
          const sent = JSON.parse(body) as { email: string; password: string; totpCode?: string };
          const person = people.find((p) => p.email === sent.email && p.password === sent.password);
          const reply = (status: number, value: unknown): void => {
            response.writeHead(status, { 'content-type': 'application/json' });
            response.end(JSON.stringify(value));
          };
          if (person === undefined) return reply(401, { error: { code: 'INVALID_CREDENTIALS', message: 'no' } });
          let offlineTotp = null;
          if (person === cashier) {
            if (sent.totpCode === undefined)
              return reply(401, { error: { code: 'SECOND_FACTOR_CODE_REQUIRED', message: 'code' } });
            if (sent.totpCode !== codeAt(clock))
              return reply(401, { error: { code: 'INVALID_CREDENTIALS', message: 'no' } });
            const salt = randomBytes(16);
            const firstStep = totpStepAt(clock.getTime()) + 1;
            const digests = await offlineTotpDigests(crypto, { secret, password: sent.password, salt, firstStep });
            offlineTotp = {
              salt: salt.toString('base64url'),
              firstStep,
              digests: Buffer.from(digests).toString('base64url'),
            };
          }
          return reply(200, {
            accountId: person.id,
            ismailId: null,
            name: person.email,
            role: person.role,
            offlineTotp,
          });
        })();
      });
    });
    await new Promise<void>((resolve) => cloud.listen(0, '127.0.0.1', resolve));
    const cloudUrl = `http://127.0.0.1:${String((cloud.address() as AddressInfo).port)}`;
    desk = new StaffDesk(
      db,
      {
        credentials: {
          load: () => ({ hubId: 'h', partnerId: 'p', token: 't'.repeat(40), cloudUrl }),
          // How the desk reaches the cloud (signed requests in the real hub; plain here, the stand-in checks nothing).
          cloud: {
            request: (pathWithQuery: string, init: { method?: string; body?: string; signal?: AbortSignal } = {}) =>
              fetch(`${cloudUrl}${pathWithQuery}`, { ...init, headers: { 'content-type': 'application/json' } }),
          },
        },
        policies: {
          current: () =>
            Promise.resolve({
              staff: people.map((p) => p.id),
              iat: Math.floor(Date.parse('2026-12-05T07:00:00Z') / 1000),
            }),
        },
      },
      () => clock,
    );
  });
  afterEach(async () => {
    db.close();
    await new Promise((resolve) => cloud.close(resolve));
  });

  const outcome = async (attempt: Promise<unknown>): Promise<string> => {
    try {
      await attempt;
      return 'signed in';
    } catch (error) {
      return error instanceof AppError ? error.code : String(error);
    }
  };
  const tally = (codes: string[]): Record<string, number> =>
    codes.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {});

  it('asks an enrolled person for a current code offline, and accepts each code once', async () => {
    expect(await outcome(desk.signIn({ email: cashier.email, password: cashier.password }))).toBe(
      'SECOND_FACTOR_CODE_REQUIRED',
    );
    const online = clock;
    expect(
      (await desk.signIn({ email: cashier.email, password: cashier.password, totpCode: codeAt(online) })).staff.mode,
    ).toBe('online');
    cloudUp = false;
    clock = new Date(online.getTime() + 2 * 3600 * 1000);
    // One code sent four times at once: one session.
    const code = codeAt(clock);
    const racing = await Promise.all(
      Array.from({ length: 4 }, () =>
        outcome(desk.signIn({ email: cashier.email, password: cashier.password, totpCode: code })),
      ),
    );
    expect(tally(racing)).toEqual({ 'signed in': 1, INVALID_CREDENTIALS: 3 });
    expect(await outcome(desk.signIn({ email: cashier.email, password: cashier.password, totpCode: code }))).toBe(
      'INVALID_CREDENTIALS',
    );
    // The password alone is not enough; a wrong code is refused.
    expect(await outcome(desk.signIn({ email: cashier.email, password: cashier.password }))).toBe(
      'SECOND_FACTOR_CODE_REQUIRED',
    );
    clock = new Date(clock.getTime() + 30_000);
    const wrong = codeAt(clock) === '000000' ? '000001' : '000000';
    expect(await outcome(desk.signIn({ email: cashier.email, password: cashier.password, totpCode: wrong }))).toBe(
      'INVALID_CREDENTIALS',
    );
    // The next step's code works, with the password only: not with another.
    expect(
      await outcome(desk.signIn({ email: cashier.email, password: 'another-password', totpCode: codeAt(clock) })),
    ).toBe('INVALID_CREDENTIALS');
    expect(
      (await desk.signIn({ email: cashier.email, password: cashier.password, totpCode: codeAt(clock) })).staff.mode,
    ).toBe('offline');
    // The code used online is not in the table: it cannot be replayed offline.
    clock = online;
    expect(
      await outcome(desk.signIn({ email: cashier.email, password: cashier.password, totpCode: codeAt(online) })),
    ).toBe('INVALID_CREDENTIALS');
    const stored = JSON.stringify(
      db
        .prepare(
          'SELECT account_id, email, verifier, totp_salt, totp_first_step, hex(totp_digests) AS digests FROM staff_credentials',
        )
        .all(),
    );
    expect(stored).not.toContain(cashier.password);
    expect(stored.toLowerCase()).not.toContain(secret.toString('hex'));
    expect(stored).not.toContain(secret.toString('base64url'));
  });

  it('refuses offline a manager who has no authenticator, with its own code', async () => {
    expect((await desk.signIn({ email: manager.email, password: manager.password })).staff).toMatchObject({
      role: 'manager',
      mode: 'online',
    });
    cloudUp = false;
    expect(await outcome(desk.signIn({ email: manager.email, password: manager.password }))).toBe(
      'OFFLINE_SIGN_IN_NEEDS_AUTHENTICATOR',
    );
    // A wrong password is still just wrong: the rule says nothing to someone without it.
    expect(await outcome(desk.signIn({ email: manager.email, password: 'a-guess' }))).toBe('INVALID_CREDENTIALS');
  });

  it('counts every parallel wrong password, then forgets the cached one', async () => {
    await desk.signIn({ email: plain.email, password: plain.password });
    cloudUp = false;
    const guesses = await Promise.all(
      Array.from({ length: 3 * hubStaffOfflineMaxFailures }, (_, i) =>
        outcome(desk.signIn({ email: plain.email, password: `guess-${String(i)}` })),
      ),
    );
    expect(guesses.every((c) => c === 'INVALID_CREDENTIALS' || c === 'CLOUD_UNREACHABLE')).toBe(true);
    // However many were sent at once, the allowed failures were spent: the right password now needs the network.
    expect(await outcome(desk.signIn({ email: plain.email, password: plain.password }))).toBe('CLOUD_UNREACHABLE');
  });
});
