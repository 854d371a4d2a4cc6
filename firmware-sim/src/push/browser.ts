/**
 * The browser's side of a web push subscription, for tests: the P-256 key pair and 16-byte
 * auth secret a browser makes when it subscribes (what `PushSubscription.toJSON()` gives the
 * application server), and the decryption a browser applies to a received message
 * (RFC 8291 keys, RFC 8188 aes128gcm records), with Node's crypto only.
 */
import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';

export interface BrowserSubscription {
  /** As `PushSubscription.toJSON()`: what the page sends to the application server. */
  readonly json: { endpoint: string; keys: { p256dh: string; auth: string } };
  /** The plaintext of a message the push service received for this subscription. */
  decrypt(body: Buffer): string;
}

const tagBytes = 16;

/** Derives the content key and nonce base of an aes128gcm message (RFC 8291 §3.4, RFC 8188 §2.2). */
function messageKeys(
  ecdhSecret: Buffer,
  authSecret: Buffer,
  userAgentPublic: Buffer,
  serverPublic: Buffer,
  salt: Buffer,
): { key: Buffer; nonce: Buffer } {
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), userAgentPublic, serverPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, authSecret, keyInfo, 32));
  return {
    key: Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16)),
    nonce: Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12)),
  };
}

/** The nonce of record `sequence`: the nonce base XOR the sequence number (RFC 8188 §2.3). */
function recordNonce(base: Buffer, sequence: number): Buffer {
  const nonce = Buffer.from(base);
  // Records of one message are far fewer than 2^32: the sequence only reaches the last four bytes.
  nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ sequence) >>> 0, 8);
  return nonce;
}

/** RFC 8291 decryption of one aes128gcm body with the subscription's private key and auth secret. */
export function decryptAes128gcm(
  body: Buffer,
  keys: { ecdh: ReturnType<typeof createECDH>; authSecret: Buffer },
): string {
  if (body.length < 21) throw new Error('not an aes128gcm body: shorter than its header');
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const keyIdLength = body.readUInt8(20);
  const serverPublic = body.subarray(21, 21 + keyIdLength);
  if (keyIdLength !== 65 || recordSize <= tagBytes + 1)
    throw new Error('not an RFC 8291 message (key id, record size)');
  const derived = messageKeys(
    keys.ecdh.computeSecret(serverPublic),
    keys.authSecret,
    keys.ecdh.getPublicKey(),
    serverPublic,
    salt,
  );
  const records = body.subarray(21 + keyIdLength);
  const plain: Buffer[] = [];
  for (let offset = 0, sequence = 0; offset < records.length; offset += recordSize, sequence++) {
    const record = records.subarray(offset, offset + recordSize);
    const decipher = createDecipheriv('aes-128-gcm', derived.key, recordNonce(derived.nonce, sequence));
    decipher.setAuthTag(record.subarray(record.length - tagBytes));
    const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - tagBytes)), decipher.final()]);
    // Padding: a delimiter (2 on the last record, 1 before) then zeros.
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    const last = offset + recordSize >= records.length;
    if (padded[end] !== (last ? 2 : 1)) throw new Error('bad record padding delimiter');
    plain.push(padded.subarray(0, end));
  }
  return Buffer.concat(plain).toString('utf8');
}

/** What a browser makes when the page subscribes at `endpoint`: its keys stay here, the JSON goes to the server. */
export function browserSubscription(endpoint: string): BrowserSubscription {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const authSecret = randomBytes(16);
  return {
    json: {
      endpoint,
      keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') },
    },
    decrypt: (body) => decryptAes128gcm(body, { ecdh, authSecret }),
  };
}
