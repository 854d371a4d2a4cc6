/**
 * Signing keys (ES256) for card credentials and access tokens, with rotation.
 *
 * Owns: creating a key when a purpose has none, sealing private halves with the master
 * key, rotating (the old key stops signing at once but stays published until every token
 * it signed has expired), and the public key set. The active key and the public set are
 * cached briefly so a rotation done by another cloud process is picked up within
 * `activeKeyCacheMs`; a token naming a key id missing from the cached set reloads the set
 * first (once, bounded by refresh-gate.ts), so a key another process just created verifies
 * at once rather than after the cache expires.
 */
import { randomBytes } from 'node:crypto';
import {
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import type pg from 'pg';
import { open, seal, type MasterKey } from '../crypto/sealed.js';
import { createRefreshGate, type RefreshGate } from './refresh-gate.js';

export type KeyPurpose = 'card' | 'access';

/** How long a retired key stays published: the longest a token it signed can live. */
export const retiredKeyPublishS: Readonly<Record<KeyPurpose, number>> = {
  card: 13 * 31 * 86400, // cards are renewed every 12 months; a month of grace
  access: 2 * 3600,
};
const activeKeyCacheMs = 30_000;
/** Our kids are ~30 characters; a longer one cannot be ours and is not worth a reload. */
const kidMaxChars = 128;

export interface ActiveKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
}

export interface Keyring {
  /** Inside a transaction pass its client: the embedded database has one connection, and
   * asking the pool for a second while the transaction holds it would wait forever. */
  active(purpose: KeyPurpose, queryable?: pg.Pool | pg.PoolClient): Promise<ActiveKey>;
  /**
   * The keys a token of `purpose` may be verified with. Given the token (a compact JWS), a key
   * id in its header that the cached set lacks reloads the set first, at most once per
   * `unknownKidRefreshIntervalMs` (refresh-gate.ts); the set may still lack it (forged), and the
   * caller's verification then refuses the token as before.
   */
  publicKeys(purpose: KeyPurpose, forToken?: string): Promise<JSONWebKeySet>;
  rotate(client: pg.PoolClient, purpose: KeyPurpose): Promise<{ retiredKid: string | undefined; activeKid: string }>;
}

/** The kid a compact JWS names, when it could be one of ours; never throws (the verifier judges the token). */
function kidOf(token: string): string | undefined {
  try {
    const { kid } = decodeProtectedHeader(token);
    return typeof kid === 'string' && kid.length > 0 && kid.length <= kidMaxChars ? kid : undefined;
  } catch {
    return undefined;
  }
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

interface PublishedSet {
  readonly keys: JSONWebKeySet;
  readonly kids: ReadonlySet<string>;
  readonly loadedAt: number;
}

export function createKeyring(pool: pg.Pool, masterKey: MasterKey): Keyring {
  const cache = new Map<KeyPurpose, { key: ActiveKey; loadedAt: number }>();
  // The same set object is handed out until it is refreshed, so verifiers can cache the
  // imported keys per set (see shared/cards/credential resolverFor).
  const published = new Map<KeyPurpose, PublishedSet>();
  // One read of a purpose's set at a time: requests that find it stale (or force it) share it.
  const loading = new Map<KeyPurpose, Promise<PublishedSet>>();
  const gates = new Map<KeyPurpose, RefreshGate>();

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

  function loadPublished(purpose: KeyPurpose): Promise<PublishedSet> {
    const inFlight = loading.get(purpose);
    if (inFlight !== undefined) return inFlight;
    const load = (async (): Promise<PublishedSet> => {
      const { rows } = await pool.query<{ public_jwk: JWK }>(
        `SELECT public_jwk FROM signing_keys
         WHERE purpose = $1 AND (retired_at IS NULL OR publish_until > now())
         ORDER BY created_at DESC, kid`,
        [purpose],
      );
      const keys = { keys: rows.map((r) => r.public_jwk) };
      const set = {
        keys,
        kids: new Set(rows.flatMap((r) => (r.public_jwk.kid === undefined ? [] : [r.public_jwk.kid]))),
        loadedAt: Date.now(),
      };
      published.set(purpose, set);
      return set;
    })().finally(() => loading.delete(purpose));
    loading.set(purpose, load);
    return load;
  }

  async function currentSet(purpose: KeyPurpose): Promise<PublishedSet> {
    const cachedSet = published.get(purpose);
    if (cachedSet !== undefined && Date.now() - cachedSet.loadedAt < activeKeyCacheMs) return cachedSet;
    return loadPublished(purpose);
  }

  function gateOf(purpose: KeyPurpose): RefreshGate {
    let gate = gates.get(purpose);
    if (gate === undefined) {
      gate = createRefreshGate();
      gates.set(purpose, gate);
    }
    return gate;
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

    async publicKeys(purpose, forToken) {
      const set = await currentSet(purpose);
      const kid = forToken === undefined ? undefined : kidOf(forToken);
      if (kid === undefined || set.kids.has(kid)) return set.keys;
      // Another process may have rotated since our last read: reload once (or share the reload
      // in flight, or take the last one's outcome within the interval) before the verifier judges.
      await gateOf(purpose).force(async () => {
        await loadPublished(purpose);
      });
      return (published.get(purpose) ?? set).keys;
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
