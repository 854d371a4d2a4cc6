/**
 * Signing keys (ES256) for card credentials and access tokens, with rotation.
 *
 * Owns: creating a key when a purpose has none, sealing private halves with the master
 * key, rotating (the old key stops signing at once but stays published until every token
 * it signed has expired), and the public key set. The active key is cached briefly so a
 * rotation done by another cloud process is picked up within `activeKeyCacheMs`.
 */
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';
import type pg from 'pg';
import { open, seal, type MasterKey } from '../crypto/sealed.js';

export type KeyPurpose = 'card' | 'access';

/** How long a retired key stays published: the longest a token it signed can live. */
export const retiredKeyPublishS: Readonly<Record<KeyPurpose, number>> = {
  card: 13 * 31 * 86400, // cards are renewed every 12 months; a month of grace
  access: 2 * 3600,
};
const activeKeyCacheMs = 30_000;

export interface ActiveKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
}

export interface Keyring {
  /** Inside a transaction pass its client: the embedded database has one connection, and
   * asking the pool for a second while the transaction holds it would wait forever. */
  active(purpose: KeyPurpose, queryable?: pg.Pool | pg.PoolClient): Promise<ActiveKey>;
  publicKeys(purpose: KeyPurpose): Promise<JSONWebKeySet>;
  rotate(client: pg.PoolClient, purpose: KeyPurpose): Promise<{ retiredKid: string | undefined; activeKid: string }>;
}

function newKid(purpose: KeyPurpose): string {
  return `${purpose}-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`;
}

async function createKey(queryable: pg.Pool | pg.PoolClient, masterKey: MasterKey, purpose: KeyPurpose): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = newKid(purpose);
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const sealedPrivate = seal(masterKey, `signing-key:${kid}`, Buffer.from(JSON.stringify(await exportJWK(privateKey))));
  // Two processes starting together may both try: the partial unique index lets one win.
  await queryable.query(
    `INSERT INTO signing_keys (kid, purpose, algorithm, public_jwk, private_jwk_sealed) VALUES ($1, $2, 'ES256', $3, $4)
     ON CONFLICT DO NOTHING`,
    [kid, purpose, JSON.stringify(publicJwk), sealedPrivate],
  );
}

export function createKeyring(pool: pg.Pool, masterKey: MasterKey): Keyring {
  const cache = new Map<KeyPurpose, { key: ActiveKey; loadedAt: number }>();
  // The same set object is handed out until it is refreshed, so verifiers can cache the
  // imported keys per set (see shared/cards/credential resolverFor).
  const published = new Map<KeyPurpose, { keys: JSONWebKeySet; loadedAt: number }>();

  async function loadActive(purpose: KeyPurpose, queryable: pg.Pool | pg.PoolClient): Promise<ActiveKey | undefined> {
    const { rows } = await queryable.query<{ kid: string; private_jwk_sealed: string }>(
      'SELECT kid, private_jwk_sealed FROM signing_keys WHERE purpose = $1 AND retired_at IS NULL',
      [purpose],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    const jwk = JSON.parse(open(masterKey, `signing-key:${row.kid}`, row.private_jwk_sealed).toString('utf8')) as JWK;
    return { kid: row.kid, privateKey: (await importJWK(jwk, 'ES256')) as CryptoKey };
  }

  return {
    async active(purpose, queryable = pool) {
      const cached = cache.get(purpose);
      if (cached !== undefined && Date.now() - cached.loadedAt < activeKeyCacheMs) return cached.key;
      let key = await loadActive(purpose, queryable);
      if (key === undefined) {
        await createKey(queryable, masterKey, purpose);
        key = await loadActive(purpose, queryable);
      }
      if (key === undefined) throw new Error(`no active ${purpose} signing key after creating one`);
      cache.set(purpose, { key, loadedAt: Date.now() });
      return key;
    },

    async publicKeys(purpose) {
      const cachedSet = published.get(purpose);
      if (cachedSet !== undefined && Date.now() - cachedSet.loadedAt < activeKeyCacheMs) return cachedSet.keys;
      const { rows } = await pool.query<{ public_jwk: JWK }>(
        `SELECT public_jwk FROM signing_keys
         WHERE purpose = $1 AND (retired_at IS NULL OR publish_until > now())
         ORDER BY created_at DESC, kid`,
        [purpose],
      );
      const keys = { keys: rows.map((r) => r.public_jwk) };
      published.set(purpose, { keys, loadedAt: Date.now() });
      return keys;
    },

    async rotate(client, purpose) {
      const retired = await client.query<{ kid: string }>(
        `UPDATE signing_keys SET retired_at = now(), publish_until = now() + make_interval(secs => $2)
         WHERE purpose = $1 AND retired_at IS NULL RETURNING kid`,
        [purpose, retiredKeyPublishS[purpose]],
      );
      await createKey(client, masterKey, purpose);
      const active = await client.query<{ kid: string }>(
        'SELECT kid FROM signing_keys WHERE purpose = $1 AND retired_at IS NULL',
        [purpose],
      );
      cache.delete(purpose);
      published.delete(purpose);
      const activeKid = active.rows[0]?.kid;
      if (activeKid === undefined) throw new Error(`rotation left no active ${purpose} key`);
      return { retiredKid: retired.rows[0]?.kid, activeKid };
    },
  };
}
