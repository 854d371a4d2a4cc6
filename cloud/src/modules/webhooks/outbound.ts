/**
 * Where the cloud may send a request that a user chose the address of (webhooks, web push):
 * the public internet only (issue 20.6, SSRF). A destination is resolved, EVERY address it
 * resolves to is checked, and the connection then goes to the checked address itself (the
 * socket's `lookup` answers with it; TLS SNI and Host stay the name), so a DNS answer that
 * changes between the check and the connection (rebinding) cannot slip through. The check
 * runs when the address is registered and again at every send.
 *
 * Address classes come from ipaddr.js (whitequark; already in our tree through Fastify's
 * proxy-addr): its IANA special-purpose tables cover IPv4 and IPv6, and it parses every
 * spelling (mapped, hex, zone ids), rather than our own prefix tables. Only `unicast` is
 * public; IPv4-mapped and -translated IPv6 are refused outright; NAT64 (64:ff9b::/96) is
 * judged by the IPv4 address it carries; known cloud metadata addresses are named too.
 *
 * The one exception is the operator's: an explicit list of `address:port` (an on-site
 * integration, the test and demo simulators), never a default. It matches the resolved
 * address and port, not a name, and it alone lets plain HTTP through.
 *
 * Must never: connect to an address it did not check; echo a remote body or an internal
 * address back to a user (failures are told in our own words).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOneOptions, LookupAllOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** What DNS answers for a name now (injectable: tests stand a resolver of their own). */
export type Resolver = (hostname: string) => Promise<readonly { address: string; family: 4 | 6 }[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** How long a name may take to resolve before the destination is refused. */
export const resolveTimeoutMs = 5_000;

/** Cloud metadata services that are not already link-local or unique-local (Azure's wire server, Alibaba's). */
export const metadataAddresses: readonly string[] = [
  '169.254.169.254',
  'fd00:ec2::254',
  '168.63.129.16',
  '100.100.100.200',
];

/** Why an address is not public, or null when it is. */
export function refusedAddressClass(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return 'not an IP address';
  const parsed = ipaddr.parse(bare);
  if (metadataAddresses.some((m) => ipaddr.parse(m).toNormalizedString() === parsed.toNormalizedString()))
    return 'metadata service';
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    const range = v6.range();
    if (range === 'rfc6052') {
      // NAT64: the IPv4 address it reaches is what counts.
      const bytes = v6.toByteArray().slice(12);
      const inner = refusedAddressClass(bytes.join('.'));
      return inner === null ? null : `NAT64 of ${inner}`;
    }
    return range === 'unicast' ? null : range;
  }
  const range = (parsed as ipaddr.IPv4).range();
  return range === 'unicast' ? null : range;
}

const allowanceEntry = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d{1,5})$/;

/** `address:port` or `[v6]:port` as a comparable key, or undefined when it is neither. */
function allowanceKeyOf(entry: string): string | undefined {
  const match = allowanceEntry.exec(entry.trim());
  const address = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (address === undefined || !ipaddr.isValid(address) || !(port >= 1 && port <= 65535)) return undefined;
  return allowanceKey(address, port);
}

const allowanceKey = (address: string, port: number): string =>
  `${ipaddr.parse(address.replace(/^\[|\]$/g, '')).toNormalizedString()}|${String(port)}`;

/**
 * The operator's allowance, parsed from `ISMAIL_WEBHOOKS_ALLOW_PRIVATE_HOSTS`: `address:port` or `[v6]:port`,
 * comma-separated.
 */
export function parseAllowance(raw: string): { ok: true; value: string[] } | { ok: false; expected: string } {
  const value = raw
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  if (value.some((entry) => allowanceKeyOf(entry) === undefined))
    return { ok: false, expected: 'a comma-separated list of address:port (127.0.0.1:4010,[::1]:4010)' };
  return { ok: true, value };
}

export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

export interface OutboundPolicy {
  /** `address:port` pairs the operator allows although they are not public (never a default). */
  readonly allowPrivateHosts?: readonly string[];
  readonly resolve?: Resolver;
}

export interface CheckedDestination {
  readonly url: URL;
  readonly hostname: string;
  readonly port: number;
  readonly address: string;
  readonly family: 4 | 6;
  /** The destination is one the operator allowed (HTTP may then be used). */
  readonly allowed: boolean;
}

/**
 * Resolves the URL's host and checks every address; the first checked address is the one to
 * connect to. Throws OutboundRefused (in our words) for a URL that is not HTTPS (unless
 * allowed), carries credentials, does not resolve, or resolves to any non-public address.
 */
export async function checkDestination(raw: string | URL, policy: OutboundPolicy): Promise<CheckedDestination> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefused('not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboundRefused('only HTTPS');
  if (url.username !== '' || url.password !== '') throw new OutboundRefused('no credentials in the address');
  const hostname = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (hostname.length === 0) throw new OutboundRefused('no host');
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const allowance = new Set((policy.allowPrivateHosts ?? []).map(allowanceKeyOf).filter((k) => k !== undefined));
  // Plain HTTP only ever reaches an allowed address: without any, no need to ask DNS.
  if (url.protocol !== 'https:' && allowance.size === 0) throw new OutboundRefused('only HTTPS');
  let answers: readonly { address: string; family: 4 | 6 }[];
  if (isIP(hostname) !== 0) answers = [{ address: hostname, family: isIP(hostname) === 6 ? 6 : 4 }];
  else {
    let timer: NodeJS.Timeout | undefined;
    try {
      // The system resolver has no deadline of its own: a name that never answers must not hold a worker.
      const late = new Promise<never>(
        (_resolve, reject) => (timer = setTimeout(() => reject(new Error('resolution timed out')), resolveTimeoutMs)),
      );
      answers = await Promise.race([(policy.resolve ?? systemResolver)(hostname), late]);
    } catch {
      throw new OutboundRefused('the name does not resolve');
    } finally {
      clearTimeout(timer);
    }
  }
  if (answers.length === 0) throw new OutboundRefused('the name does not resolve');
  let allowedCount = 0;
  for (const answer of answers) {
    const refused = refusedAddressClass(answer.address);
    if (refused === null) continue;
    if (ipaddr.isValid(answer.address) && allowance.has(allowanceKey(answer.address, port))) {
      allowedCount++;
      continue;
    }
    throw new OutboundRefused(`the address is not public (${refused})`);
  }
  const allowed = allowedCount === answers.length;
  if (url.protocol !== 'https:' && !allowed) throw new OutboundRefused('only HTTPS');
  const first = answers[0] as { address: string; family: 4 | 6 };
  return { url, hostname, port, address: first.address, family: first.family, allowed };
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A socket `lookup` that answers with an address already checked, whatever name it is asked:
 * the connection goes there and nowhere else.
 */
export function pinnedLookup(destination: Pick<CheckedDestination, 'address' | 'family'>) {
  return (
    _hostname: string,
    options: LookupOneOptions | LookupAllOptions | number | undefined,
    callback: LookupCallback,
  ): void => {
    if (typeof options === 'object' && options.all === true)
      callback(null, [{ address: destination.address, family: destination.family }]);
    else callback(null, destination.address, destination.family);
  };
}

/**
 * A socket `lookup` that resolves, checks every address, and answers with a checked one
 * (for clients that connect by name themselves, such as web-push through an https.Agent).
 */
export function checkingLookup(policy: OutboundPolicy, onRefused?: (error: OutboundRefused) => void) {
  return (
    hostname: string,
    options: LookupOneOptions | LookupAllOptions | number | undefined,
    callback: LookupCallback,
  ): void => {
    const bare = hostname.replace(/^\[|\]$/g, '');
    checkDestination(`https://${isIP(bare) === 6 ? `[${bare}]` : bare}/`, policy).then(
      (checked) => pinnedLookup(checked)(hostname, options, callback),
      (error: unknown) => {
        const refused = error instanceof OutboundRefused ? error : new OutboundRefused('the name does not resolve');
        onRefused?.(refused);
        callback(Object.assign(refused, { code: 'EOUTBOUNDREFUSED' }), '', 4);
      },
    );
  };
}

/** A failure told in our own words: never a remote body, an internal address or a stack. */
export function ourWords(error: unknown): string {
  if (error instanceof OutboundRefused) return `refused: ${error.message}`;
  const e = error as { name?: string; code?: string; cause?: { code?: string } } | undefined;
  const code = e?.code ?? e?.cause?.code ?? '';
  if (
    e?.name === 'TimeoutError' ||
    e?.name === 'AbortError' ||
    code === 'ETIMEDOUT' ||
    code === 'ECONNRESET' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  )
    return 'no answer in time';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the name does not resolve';
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'EPROTO') return 'TLS handshake failed';
  return 'connection failed';
}

/**
 * POSTs `body` to a checked destination, connecting to the checked address (Host and TLS SNI
 * stay the name; no redirect followed; no pooled socket reused). Resolves with the status
 * code only: the remote body is never read.
 */
export function postPinned(
  destination: CheckedDestination,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<number> {
  const { url } = destination;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(destination),
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
        ...(isIP(destination.hostname) === 0 && url.protocol === 'https:' ? { servername: destination.hostname } : {}),
      },
      (response) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
