/**
 * The people, hub and product of the multi-process acceptance test, set up against running cloud processes (in
 * production mode): accounts are inserted in the database the way createPeople does (an admin with a second factor,
 * a partner with the seller identity its hub's invoices name, two clients), and everything else goes through the
 * cloud's own HTTP routes: every sign-in, the clients' ISMAIL IDs and cards (operator routes), the hub's registration
 * (operator) and pairing (the hub's route), the partner's product.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { hashPassword } from '../../src/modules/identity/password.js';
import { currentTotpCode } from '../../src/modules/identity/totp.js';
import { seal, type MasterKey } from '../../src/platform/crypto/sealed.js';
import { garbaXof, type Holder } from './hub-sales.js';
import { bearerOf, send, type Answer } from './plain-http.js';
import { hubKeyPair, testHub, type TestHub } from './test-hub.js';

const password = 'correct horse battery';
const totpBase32 = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export interface SignedIn {
  readonly id: string;
  readonly token: string;
}

export interface ProcessFixture {
  readonly admin: SignedIn;
  readonly partner: SignedIn;
  /** Gets top-ups and pays at the counter from its wallet. */
  readonly payer: SignedIn & { readonly holder: Holder };
  /** Never topped up: its wallet payments are refused. */
  readonly broke: SignedIn & { readonly holder: Holder };
  readonly hub: TestHub;
  readonly register: string;
  readonly productId: string;
}

function expectStatus(answer: Answer, status: number, what: string): Answer {
  if (answer.status !== status)
    throw new Error(`${what}: HTTP ${String(answer.status)} instead of ${String(status)}: ${answer.body}`);
  return answer;
}

async function insertAccount(
  pool: pg.Pool,
  masterKey: MasterKey,
  profile: string,
  extra: { mfa?: boolean } = {},
): Promise<{ id: string; email: string }> {
  const id = randomUUID();
  const email = `${profile}-${id.slice(0, 8)}@test.ismail.ci`;
  await pool.query(
    `INSERT INTO accounts (id, profile, display_name, first_name, last_name, email, password_hash, status, totp_secret_sealed, totp_enabled_at)
     VALUES ($1, $2, $3, $3, 'Test', $4, $5, 'active', $6, $7)`,
    [
      id,
      profile,
      profile,
      email,
      await hashPassword(password),
      extra.mfa === true ? seal(masterKey, `totp:${id}`, Buffer.from(totpBase32)) : null,
      extra.mfa === true ? new Date() : null,
    ],
  );
  return { id, email };
}

async function signIn(base: string, account: { id: string; email: string }, mfa: boolean): Promise<SignedIn> {
  const answer = await send(base, '/v1/auth/sign-in', {
    method: 'POST',
    body: { email: account.email, password, ...(mfa ? { totpCode: currentTotpCode(totpBase32) } : {}) },
  });
  expectStatus(answer, 200, `sign-in of ${account.email}`);
  return { id: account.id, token: answer.json<{ accessToken: string }>().accessToken };
}

/** Sets up the fixture through `base` (the proxy) with the operator token every process shares. */
export async function seedProcessFixture(
  pool: pg.Pool,
  masterKey: MasterKey,
  base: string,
  operatorToken: string,
): Promise<ProcessFixture> {
  const operator = bearerOf(operatorToken);
  const adminRow = await insertAccount(pool, masterKey, 'admin', { mfa: true });
  const partnerRow = await insertAccount(pool, masterKey, 'partner');
  // The partner's identity is the seller its hub's invoices name (the cloud refuses any other, issue 20.5).
  await pool.query(
    "UPDATE accounts SET tax_id = '1234567A', tax_regime = 'RNI', display_name = 'Maquis Chez Tantie' WHERE id = $1",
    [partnerRow.id],
  );
  const admin = await signIn(base, adminRow, true);
  const partner = await signIn(base, partnerRow, false);

  const client = async (): Promise<SignedIn & { holder: Holder }> => {
    const row = await insertAccount(pool, masterKey, 'client');
    const signed = await signIn(base, row, false);
    const activated = expectStatus(
      await send(base, `/v1/operator/accounts/${row.id}/activate`, { method: 'POST', headers: operator }),
      200,
      'activation',
    ).json<{ ismailId: string }>();
    const card = expectStatus(
      await send(base, `/v1/operator/accounts/${row.id}/cards`, { method: 'POST', headers: operator }),
      201,
      'card issue',
    ).json<{ cardId: string; token: string }>();
    return {
      ...signed,
      holder: { accountId: row.id, ismailId: activated.ismailId, cardId: card.cardId, token: card.token },
    };
  };
  const payer = await client();
  const broke = await client();

  const registered = expectStatus(
    await send(base, '/v1/operator/hubs', {
      method: 'POST',
      headers: operator,
      body: { partnerId: partner.id, name: 'Caisse derrière le répartiteur' },
    }),
    201,
    'hub registration',
  ).json<{ hub: { id: string }; pairingCode: string }>();
  const keys = hubKeyPair();
  const paired = expectStatus(
    await send(base, '/v1/hubs/pair', {
      method: 'POST',
      body: { hubId: registered.hub.id, pairingCode: registered.pairingCode, publicKey: keys.publicKey },
    }),
    200,
    'hub pairing',
  ).json<{ token: string }>();
  const hub = testHub(registered.hub.id, paired.token, keys);
  const register =
    (await pool.query<{ register: string }>('SELECT register FROM hubs WHERE id = $1', [hub.id])).rows[0]?.register ??
    '';

  const product = expectStatus(
    await send(base, '/v1/shop/products', {
      method: 'POST',
      headers: bearerOf(partner.token),
      body: { name: 'Garba', category: 'plats', kind: 'physical', priceXof: garbaXof, taxGroup: 'CI-TVA-9' },
    }),
    201,
    'product creation',
  ).json<{ id: string }>();
  return { admin, partner, payer, broke, hub, register, productId: product.id };
}
