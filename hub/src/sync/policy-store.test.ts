// Proves the hub learns its clock's offset from the cloud's signed policy (its iat, whole seconds) over
// real HTTP, that a policy signed by another key teaches it nothing, and that an edited stored policy never
// passes on the strength of an earlier check.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signHubPolicy, type CardSigningKey, type HubPolicy } from '@ismail/shared';
import { CardTrust } from '../cards/card-trust.js';
import { HubClock } from '../platform/hub-clock.js';
import { migrateHubDatabase } from '../store/migrate.js';
import { openHubDatabase, type HubDatabase } from '../store/open.js';
import { CredentialStore } from './credentials.js';
import { PolicyStore } from './policy-store.js';

/** The stand-in cloud's clock is this far behind the machine's: the hub is an hour ahead. */
const cloudBehindMs = 3_600_000;

describe('the policy store and the hub clock', () => {
  let dir: string;
  let db: HubDatabase;
  let server: Server;
  let key: CardSigningKey;
  let signer: CardSigningKey;
  let store: PolicyStore;
  let clock: HubClock;
  const hubId = randomUUID();

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ismail-policy-'));
    db = openHubDatabase(path.join(dir, 'hub.sqlite'));
    migrateHubDatabase(db);
    const pair = await generateKeyPair('ES256', { extractable: true });
    key = { kid: 'k1', privateKey: pair.privateKey };
    signer = key;
    const jwks: JSONWebKeySet = {
      keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }],
    };
    db.prepare("INSERT INTO card_trust (name, body, issued_at_s, fetched_at) VALUES ('jwks', ?, NULL, ?)").run(
      JSON.stringify(jwks),
      new Date().toISOString(),
    );
    server = createServer((_request, response) => {
      const iat = Math.floor((Date.now() - cloudBehindMs) / 1000);
      const policy: HubPolicy = {
        v: 1,
        hub: hubId,
        partner: randomUUID(),
        iat,
        exp: iat + 86_400,
        register: 'HTEST0001',
        seller: {
          legalName: 'Boutique Chez Adjoua',
          taxId: '2600042A',
          taxRegime: 'RSI',
          address: 'Cocody',
          country: 'CI',
        },
        xofPerCredit: 50,
        staff: [],
        offline: {
          perTransactionCentiCredits: 0,
          perWalletPerDayCentiCredits: 0,
          perHubPerDayCentiCredits: 0,
          cashTopUpPerDayXof: 0,
          version: 1,
        },
      };
      void signHubPolicy(policy, signer).then((token) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ policy: token }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const cloudUrl = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
    const credentials = new CredentialStore(dir);
    credentials.publicKey();
    credentials.save({ hubId, partnerId: randomUUID(), token: 't'.repeat(43), cloudUrl });
    clock = new HubClock(db);
    store = new PolicyStore(db, credentials, new CardTrust(db, cloudUrl), 60_000, clock);
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('learns hub minus cloud from a genuine policy, to the second', async () => {
    expect(clock.offsetMs()).toBeNull();
    await store.pull();
    expect(Math.abs((clock.offsetMs() ?? 0) - cloudBehindMs)).toBeLessThanOrEqual(1_500);
  });

  it('learns nothing from a policy signed by another key', async () => {
    const other = await generateKeyPair('ES256', { extractable: true });
    signer = { kid: 'k1', privateKey: other.privateKey };
    await expect(store.pull()).rejects.toThrow();
    expect(clock.offsetMs()).toBeNull();
  });
  it('checks the signature again when the stored policy is edited, and not at every sale', async () => {
    await store.pull();
    const genuine = await store.current();
    expect(genuine?.hub).toBe(hubId);
    expect(await store.current()).toBe(genuine);
    const { token } = db.prepare<[], { token: string }>('SELECT token FROM hub_policy WHERE id = 1').get() ?? {
      token: '',
    };
    const [header, payload, signature] = token.split('.');
    const raised = Buffer.from(
      JSON.stringify({
        ...genuine,
        offline: { ...genuine?.offline, perTransactionCentiCredits: 9_999_999 },
      }),
    ).toString('base64url');
    db.prepare('UPDATE hub_policy SET token = ? WHERE id = 1').run(`${header ?? ''}.${raised}.${signature ?? ''}`);
    expect(await store.current()).toBeNull();
    db.prepare('UPDATE hub_policy SET token = ? WHERE id = 1').run(
      `${header ?? ''}.${payload ?? ''}.${signature ?? ''}`,
    );
    expect((await store.current())?.offline.perTransactionCentiCredits).toBe(0);
  });
});
