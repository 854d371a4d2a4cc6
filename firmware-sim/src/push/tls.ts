/**
 * The push service simulator's TLS identity: a self-signed P-256 certificate for its host, made at start. Push
 * services are HTTPS only (RFC 8030 §8), and the cloud's web-push client speaks HTTPS only, so the simulator does
 * too; whoever talks to it trusts this one certificate explicitly (its PEM), never every certificate.
 */
import 'reflect-metadata';
import { isIP } from 'node:net';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const dayMs = 24 * 3600 * 1000;

export interface TlsIdentity {
  readonly keyPem: string;
  readonly certificatePem: string;
}

/** A certificate naming each host (addresses as IP names, others as DNS names), valid from yesterday for a year. */
export async function selfSignedIdentity(hosts: readonly string[]): Promise<TlsIdentity> {
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const names = [...new Set(hosts)].map((host) =>
    isIP(host) === 0 ? { type: 'dns' as const, value: host } : { type: 'ip' as const, value: host },
  );
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8)))
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    name: 'CN=ISMAIL push service simulator',
    notBefore: new Date(now - dayMs),
    notAfter: new Date(now + 365 * dayMs),
    keys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.SubjectAlternativeNameExtension(names),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return {
    keyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`,
    certificatePem: certificate.toString('pem'),
  };
}
