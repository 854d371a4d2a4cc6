/**
 * The hub's identity towards the cloud: its own Ed25519 key pair (made on first pairing) and
 * the sync token the cloud gave it, in 0600 files of the data folder, never in the SQLite
 * file (a copy of the store cannot sync as this hub) and never logged. The key signs every
 * request to the cloud (cloud-client.ts); the token goes with it as a second factor.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CloudClient } from './cloud-client.js';

export interface HubCredentials {
  readonly hubId: string;
  readonly partnerId: string;
  readonly token: string;
  readonly cloudUrl: string;
}

export class CredentialStore {
  /** Every call to the cloud goes through this client: it signs with this store's key. */
  readonly cloud: CloudClient;
  private key: { x: string; key: KeyObject } | null = null;
  /** The credentials last read, with the file's identity then: each sale asks, and a stat is cheaper than a parse. */
  private loaded: { stamp: string; credentials: HubCredentials } | null = null;

  constructor(private readonly dir: string) {
    this.cloud = new CloudClient(this);
  }

  private file(name: string): string {
    return path.join(this.dir, name);
  }

  /** The public half of this hub's key pair, made once and kept. */
  publicKey(): { kty: 'OKP'; crv: 'Ed25519'; x: string } {
    const keyFile = this.file('hub-key.json');
    if (!existsSync(keyFile)) {
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(
        keyFile,
        JSON.stringify({ public: publicKey.export({ format: 'jwk' }), private: privateKey.export({ format: 'jwk' }) }),
        { mode: 0o600, flag: 'wx' },
      );
    }
    const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as { public: { x: string } };
    return { kty: 'OKP', crv: 'Ed25519', x: stored.public.x };
  }

  /** The private half of this hub's key pair (what signs its requests); null before pairing made one. */
  signingKey(): KeyObject | null {
    const keyFile = this.file('hub-key.json');
    if (!existsSync(keyFile)) {
      this.key = null;
      return null;
    }
    const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as { private: { x: string; d: string } };
    // Parsed once per key: a re-pairing writes a new file with another public half.
    if (this.key?.x !== stored.private.x)
      this.key = {
        x: stored.private.x,
        key: createPrivateKey({
          key: { kty: 'OKP', crv: 'Ed25519', x: stored.private.x, d: stored.private.d },
          format: 'jwk',
        }),
      };
    return this.key.key;
  }

  load(): HubCredentials | null {
    const file = this.file('cloud-credentials.json');
    const stat = statSync(file, { throwIfNoEntry: false, bigint: true });
    if (stat === undefined) return null;
    // Saving renames a new file over the old one (a new inode), and another process may do it (maintenance): the
    // file's identity, not this object's own saves, says when to read again.
    const stamp = `${String(stat.ino)}:${String(stat.mtimeNs)}:${String(stat.size)}`;
    if (this.loaded?.stamp !== stamp)
      this.loaded = { stamp, credentials: JSON.parse(readFileSync(file, 'utf8')) as HubCredentials };
    return this.loaded.credentials;
  }

  /** Unpairing: this machine can no longer sync as the hub; the key pair goes too (a new pairing makes a new one). */
  forget(): void {
    for (const name of ['cloud-credentials.json', 'hub-key.json']) rmSync(this.file(name), { force: true });
  }

  /** Written beside and renamed: a power cut leaves the old credentials or the new, whole. */
  save(credentials: HubCredentials): void {
    const file = this.file('cloud-credentials.json');
    writeFileSync(`${file}.tmp`, JSON.stringify(credentials), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }
}
