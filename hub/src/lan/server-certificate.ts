/**
 * The hub's HTTPS certificate for the shop LAN (issue 28.1), signed by the hub's own CA (the
 * one that signs device certificates, iot/device-ca.ts): a terminal that trusts that CA once
 * trusts the hub on every address it has. The names (SANs) are the machine's host name,
 * `ismail-hub.local`, `localhost` and its LAN addresses; the certificate is made again when
 * they change (a new DHCP lease) or it nears its end. The key is a 0600 file beside the CA's.
 */
import { webcrypto, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import path from 'node:path';
import { isIP } from 'node:net';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { DeviceCa } from '../iot/device-ca.js';

type CryptoKey = webcrypto.CryptoKey;
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const validityDays = 397;
/** Made again when less than this is left. */
const renewBeforeDays = 30;

export interface LanServerCertificate {
  readonly keyPem: string;
  readonly certificatePem: string;
  readonly caCertificatePem: string;
  readonly names: readonly string[];
}

/** The machine's addresses other machines can reach (not loopback, not link-local IPv6). */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && !(a.family === 'IPv6' && a.address.startsWith('fe80')))
    .map((a) => (a as { address: string }).address);
}

/** What the certificate names: the host names, then the addresses (sorted, so a restart finds the same list). */
export function certificateNames(extra: readonly string[] = []): string[] {
  const host = hostname().toLowerCase();
  const dns = [...new Set(['localhost', 'ismail-hub.local', ...(/^[a-z0-9.-]{1,63}$/.test(host) ? [host] : [])])];
  const ips = [
    ...new Set([
      '127.0.0.1',
      ...lanAddresses(),
      ...extra.filter((a) => isIP(a) !== 0 && a !== '0.0.0.0' && a !== '::'),
    ]),
  ];
  return [...dns.sort(), ...ips.sort()];
}

const pem = (label: string, der: ArrayBuffer): string =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString('base64')
    .replace(/.{64}/g, '$&\n')
    .replace(/\n$/, '')}\n-----END ${label}-----\n`;

function writeSecret(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** The LAN certificate from `dir` (the device CA's folder), made when missing, stale or naming other addresses. */
export async function lanServerCertificate(dir: string, names: readonly string[]): Promise<LanServerCertificate> {
  const ca = await DeviceCa.open(dir, 'hub');
  const keyFile = path.join(dir, 'lan-key.pem');
  const certFile = path.join(dir, 'lan-cert.pem');
  const namesFile = path.join(dir, 'lan-names.json');
  const wanted = JSON.stringify(names);
  if (existsSync(certFile) && existsSync(keyFile) && existsSync(namesFile)) {
    const current = new X509Certificate(readFileSync(certFile));
    const fresh = Date.parse(current.validTo) - Date.now() > renewBeforeDays * 86_400_000;
    if (
      fresh &&
      readFileSync(namesFile, 'utf8') === wanted &&
      current.checkIssued(new X509Certificate(ca.caCertificatePem))
    )
      return {
        keyPem: readFileSync(keyFile, 'utf8'),
        certificatePem: readFileSync(certFile, 'utf8'),
        caCertificatePem: ca.caCertificatePem,
        names,
      };
  }
  const caKey: CryptoKey = await webcrypto.subtle.importKey(
    'pkcs8',
    x509.PemConverter.decodeFirst(readFileSync(path.join(dir, 'ca-key.pem'), 'utf8')),
    algorithm,
    false,
    ['sign'],
  );
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const serial = webcrypto.getRandomValues(new Uint8Array(16));
  serial[0] = ((serial[0] ?? 0) & 0x3f) | 0x40;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: Buffer.from(serial).toString('hex'),
    subject: 'CN=ISMAIL hub (shop LAN)',
    issuer: ca.caCertificate.subject,
    publicKey: keys.publicKey,
    signingKey: caKey,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + validityDays * 86_400_000),
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], true),
      new x509.SubjectAlternativeNameExtension(
        names.map((name) =>
          isIP(name) === 0 ? { type: 'dns' as const, value: name } : { type: 'ip' as const, value: name },
        ),
      ),
    ],
  });
  const keyPem = pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  writeSecret(keyFile, keyPem);
  writeSecret(certFile, certificate.toString('pem'));
  writeSecret(namesFile, wanted);
  return { keyPem, certificatePem: certificate.toString('pem'), caCertificatePem: ca.caCertificatePem, names };
}
