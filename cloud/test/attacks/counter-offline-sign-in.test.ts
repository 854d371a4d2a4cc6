// Attack: sign in at a counter as someone enrolled in TOTP with their password alone, by
// cutting the hub's network (offline sign-in used to ask only the password); or guess a
// person's password through a hub in parallel. Proves, at the cloud's end: an enrolled
// person's online sign-in at a hub hands that hub an offline verifier table (never the
// secret) that accepts the next code only with the right password and refuses the code just
// used; a person not enrolled gets none (the hub then refuses a manager offline); parallel
// guesses through a hub each count against one budget. No money moves.
// The hub's side (asking the code offline, the manager rule, its own atomic counter):
// hub/test/counter-offline-totp.test.ts.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchOfflineTotp, offlineTotpSteps, totpStepAt, type OfflineTotpTable } from '@ismail/shared';
import { nodeOfflineTotpCrypto as crypto } from '../../src/modules/identity/offline-totp-crypto.js';
import { currentTotpCode } from '../../src/modules/identity/totp.js';
import { seal } from '../../src/platform/crypto/sealed.js';
import type { Database } from '../../src/platform/db/database.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { testBackends } from '../support/databases.js';
import { moneyState } from '../support/money-state.js';
import { password, type Person, type Signed } from '../support/people.js';
import { openTestCloud, type TestCloud } from '../support/test-cloud.js';
import { pairTestHub, type TestHub } from '../support/test-hub.js';

const secretBase32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe.each(testBackends)('counter offline sign-in (cloud side) on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let hub: TestHub;

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app, people } = cloud);
    await db.pool.query(
      'UPDATE accounts SET totp_secret_sealed = $2, totp_enabled_at = now(), totp_last_step = NULL WHERE id = $1',
      [people.partnerA.id, seal(cloud.secrets.masterKey, `totp:${people.partnerA.id}`, Buffer.from(secretBase32))],
    );
    hub = await pairTestHub(app, people.admin, people.partnerA.id, 'Caisse hors ligne');
  });
  afterAll(async () => {
    await cloud.close();
  });

  const signIn = (payload: { email: string; password: string; totpCode?: string }) =>
    hub.inject(app, { method: 'POST', url: '/v1/hubs/staff/sign-in', payload });

  it('gives the hub a verifier for the next codes, usable only with the password, never the secret', async () => {
    const before = await moneyState(db);
    const now = Date.now();
    const usedCode = currentTotpCode(secretBase32, now);
    const response = await signIn({ email: people.partnerA.email, password, totpCode: usedCode });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).not.toContain(secretBase32);
    const identity = response.json<{ role: string; offlineTotp: OfflineTotpTable | null }>();
    expect(identity.role).toBe('manager');
    const table = identity.offlineTotp;
    expect(table, 'an enrolled person’s hub sign-in carries an offline verifier').not.toBeNull();
    if (table === null) return;
    const digests = Buffer.from(table.digests, 'base64url');
    expect(digests.length).toBe(offlineTotpSteps * 3);
    // The window starts after the step just used: that code cannot be replayed offline.
    expect(table.firstStep).toBeGreaterThan(totpStepAt(now) - 2);
    const key = await crypto.scrypt(password, Buffer.from(table.salt, 'base64url'));
    const later = now + 3 * 3600 * 1000;
    expect(
      matchOfflineTotp(
        crypto,
        key,
        { firstStep: table.firstStep, digests },
        currentTotpCode(secretBase32, later),
        later,
      ),
    ).toBe(totpStepAt(later));
    expect(matchOfflineTotp(crypto, key, { firstStep: table.firstStep, digests }, usedCode, now)).toBeUndefined();
    const wrongKey = await crypto.scrypt('not the password', Buffer.from(table.salt, 'base64url'));
    expect(
      matchOfflineTotp(
        crypto,
        wrongKey,
        { firstStep: table.firstStep, digests },
        currentTotpCode(secretBase32, later),
        later,
      ),
    ).toBeUndefined();
    // Past the offline window (7 days), no code matches.
    const tooLate = now + 8 * 86_400_000;
    expect(
      matchOfflineTotp(
        crypto,
        key,
        { firstStep: table.firstStep, digests },
        currentTotpCode(secretBase32, tooLate),
        tooLate,
      ),
    ).toBeUndefined();
    expect(await moneyState(db)).toEqual(before);
  });

  it('gives no verifier to a person without TOTP', async () => {
    const added = await app.inject({
      method: 'POST',
      url: `/v1/accounts/${people.partnerA.id}/staff`,
      headers: { authorization: `Bearer ${people.partnerA.token}` },
      payload: {
        email: 'caisse-offline@test.ismail.ci',
        firstName: 'Awa',
        lastName: 'Caisse',
        password: 'caisse-password-2026',
        delegatedActions: ['read', 'write'],
      },
    });
    expect(added.statusCode, added.body).toBe(201);
    const cashier = await signIn({ email: 'caisse-offline@test.ismail.ci', password: 'caisse-password-2026' });
    expect(cashier.statusCode, cashier.body).toBe(200);
    expect(cashier.json()).toMatchObject({ role: 'cashier', offlineTotp: null });
  });

  it('counts every parallel password guess made through a hub', async () => {
    const before = await moneyState(db);
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        signIn({ email: 'caisse-offline@test.ismail.ci', password: `guess-${String(i)}` }),
      ),
    );
    const codes = guesses.map((r) => r.json<{ error: { code: string } }>().error.code);
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS').length).toBeLessThanOrEqual(10);
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(20);
    expect(await moneyState(db)).toEqual(before);
    expect((await checkLedger(db)).problems).toEqual([]);
  });
});
