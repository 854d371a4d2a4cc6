/**
 * The hub's own small certificate authority for the shop LAN (SPEC 3.10): it signs the
 * broker's TLS certificate and each enrolled device's client certificate, so nothing on the
 * LAN can pass for a device without the key the device generated itself. Built on
 * @peculiar/x509 (a maintained X.509 library over WebCrypto), ECDSA P-256 with SHA-256.
 *
 * The CA's private key never leaves this machine: a 0600 PKCS#8 file in the hub's data folder,
 * made once. A device certificate names the device in its CN and in a URI SAN
 * (urn:ismail:device:<deviceId>), is a client certificate only (extended key usage), and
 * expires (a year by default); the CSR's own subject is ignored.
 */
import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
// tsyringe (inside @peculiar/x509) needs the Reflect metadata API before it loads.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

// The hub compiles without DOM types: WebCrypto's types come from node:crypto.
type CryptoKey = webcrypto.CryptoKey;
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const caValidityDays = 3650;
const serverValidityDays = 825;
export const deviceValidityDaysDefault = 365;
/** A CRL's life: the hub signs a new one on each revocation, and at least this often. */
export const crlValidityDays = 7;

/** A non-negative integer as DER (the CRL number extension's value). */
function derInteger(n: number): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  // A leading byte ≥ 0x80 would read as negative: DER prefixes a zero byte.
  if (/^[89a-f]/.test(hex)) hex = `00${hex}`;
  const body = Buffer.from(hex, 'hex');
  return new Uint8Array([0x02, body.length, ...body]);
}

export interface IssuedDeviceCertificate {
  readonly certificatePem: string;
  readonly serial: string;
  readonly notAfter: Date;
}

function writeOnce(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

const days = (n: number): Date => new Date(Date.now() + n * 86_400_000);

export class DeviceCa {
  private constructor(
    private readonly caKey: CryptoKey,
    readonly caCertificate: x509.X509Certificate,
    readonly serverKeyPem: string,
    readonly serverCertificatePem: string,
  ) {}

  get caCertificatePem(): string {
    return this.caCertificate.toString('pem');
  }

  /** Loads the CA and the broker's certificate from `dir`, making them the first time. */
  static async open(dir: string, hubName: string): Promise<DeviceCa> {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = (name: string): string => path.join(dir, name);
    if (!existsSync(file('ca-cert.pem'))) {
      const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
      const ca = await x509.X509CertificateGenerator.createSelfSigned({
        name: `CN=ISMAIL hub device CA ${hubName.replace(/[,=+<>#;"\\]/g, ' ').slice(0, 40)}`,
        keys,
        notBefore: new Date(Date.now() - 60_000),
        notAfter: days(caValidityDays),
        signingAlgorithm: algorithm,
        extensions: [
          new x509.BasicConstraintsExtension(true, 0, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        ],
      });
      const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
      writeOnce(
        file('ca-key.pem'),
        `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`,
      );
      writeOnce(file('ca-cert.pem'), ca.toString('pem'));
    }
    const caKey = await webcrypto.subtle.importKey(
      'pkcs8',
      x509.PemConverter.decodeFirst(readFileSync(file('ca-key.pem'), 'utf8')),
      algorithm,
      false,
      ['sign'],
    );
    const caCertificate = new x509.X509Certificate(readFileSync(file('ca-cert.pem'), 'utf8'));
    if (!existsSync(file('broker-cert.pem'))) {
      const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
      const server = await x509.X509CertificateGenerator.create({
        subject: 'CN=ISMAIL hub broker',
        issuer: caCertificate.subject,
        publicKey: keys.publicKey,
        signingKey: caKey,
        notBefore: new Date(Date.now() - 60_000),
        notAfter: days(serverValidityDays),
        signingAlgorithm: algorithm,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], true),
          new x509.SubjectAlternativeNameExtension([
            { type: 'dns', value: 'localhost' },
            { type: 'dns', value: 'ismail-hub.local' },
            { type: 'ip', value: '127.0.0.1' },
          ]),
        ],
      });
      const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
      writeOnce(
        file('broker-key.pem'),
        `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`,
      );
      writeOnce(file('broker-cert.pem'), server.toString('pem'));
    }
    return new DeviceCa(
      caKey,
      caCertificate,
      readFileSync(file('broker-key.pem'), 'utf8'),
      readFileSync(file('broker-cert.pem'), 'utf8'),
    );
  }

  /** Signs a device's CSR (its own key, proven by the CSR's signature) as that device's client certificate. */
  async issue(
    csrPem: string,
    deviceId: string,
    validityDays = deviceValidityDaysDefault,
  ): Promise<IssuedDeviceCertificate> {
    let csr: x509.Pkcs10CertificateRequest;
    try {
      csr = new x509.Pkcs10CertificateRequest(csrPem);
    } catch {
      throw new RangeError('not a PEM certificate signing request');
    }
    if (!(await csr.verify())) throw new RangeError('the request is not signed by the key it carries');
    // 127 random bits, first byte 0x40–0x7f: positive (no DER sign byte) and without a leading
    // zero byte, so the hex stored here is the hex Node reads from the peer certificate.
    const bytes = webcrypto.getRandomValues(new Uint8Array(16));
    bytes[0] = ((bytes[0] ?? 0) & 0x3f) | 0x40;
    const serial = Buffer.from(bytes).toString('hex');
    const notAfter = days(validityDays);
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: serial,
      subject: `CN=${deviceId}`,
      issuer: this.caCertificate.subject,
      publicKey: csr.publicKey,
      signingKey: this.caKey,
      notBefore: new Date(Date.now() - 60_000),
      notAfter,
      signingAlgorithm: algorithm,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], true),
        new x509.SubjectAlternativeNameExtension([{ type: 'url', value: `urn:ismail:device:${deviceId}` }]),
      ],
    });
    return { certificatePem: certificate.toString('pem'), serial, notAfter };
  }

  /**
   * An X.509 CRL (RFC 5280) signed by this CA listing the revoked device certificates' serials,
   * numbered `crlNumber` (it must grow with each list). Valid `nextUpdateDays`: a reader holding
   * an older list knows it is stale. DER bytes.
   */
  async signCrl(
    revoked: readonly { serial: string; revokedAt: Date }[],
    crlNumber: number,
    nextUpdateDays = crlValidityDays,
  ): Promise<Uint8Array> {
    const crl = await x509.X509CrlGenerator.create({
      issuer: this.caCertificate.subject,
      thisUpdate: new Date(Date.now() - 60_000),
      nextUpdate: days(nextUpdateDays),
      signingAlgorithm: algorithm,
      signingKey: this.caKey,
      entries: revoked.map((r) => ({ serialNumber: r.serial, revocationDate: r.revokedAt })),
      extensions: [
        await x509.AuthorityKeyIdentifierExtension.create(this.caCertificate.publicKey, false),
        new x509.Extension('2.5.29.20', false, derInteger(crlNumber)),
      ],
    });
    return new Uint8Array(crl.rawData);
  }
}

/**
 * Whether two certificate serials (hex) are the same number. Node reads a peer's serial as
 * OpenSSL prints it: upper case, without leading zero bytes; the hub stores the hex it chose.
 */
export function sameSerial(a: string, b: string): boolean {
  const plain = (hex: string): string => hex.toLowerCase().replace(/^0+/, '');
  return /^[0-9a-f]+$/i.test(a) && /^[0-9a-f]+$/i.test(b) && plain(a) === plain(b) && plain(a) !== '';
}
