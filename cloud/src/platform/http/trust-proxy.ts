/**
 * `TRUST_PROXY`: which hops in front of the cloud may say who the client is (issue 20.8).
 *
 * Off by default: `request.ip` is the TCP peer and `X-Forwarded-For` is ignored, so a client
 * cannot buy itself a fresh sign-in budget by writing that header. Behind a reverse proxy or
 * load balancer, name it: a hop count (`1`: the last hop is a proxy, the address it saw is the
 * client) or the proxies' addresses (`10.0.0.1,10.0.1.0/24`: only a request arriving from one
 * of them may name its client). Addresses are safer than a count: a count trusts whatever
 * connects directly. Passed to Fastify's `trustProxy` (proxy-addr semantics).
 */
import { isIP } from 'node:net';

export type TrustProxy = false | number | string;

/** Hop counts past this are a misconfiguration, not a deployment. */
const maxHops = 10;
const maxEntries = 20;

function isAddressOrRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  if (address === undefined || rest.length > 0) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

export function trustProxyParser(raw: string): { ok: true; value: TrustProxy } | { ok: false; expected: string } {
  const expected = `off, a hop count from 1 to ${String(maxHops)}, or a comma-separated list of proxy addresses or ranges (10.0.0.1,10.0.1.0/24)`;
  const text = raw.trim().toLowerCase();
  if (['', 'off', 'false', 'no', '0'].includes(text)) return { ok: true, value: false };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops >= 1 && hops <= maxHops ? { ok: true, value: hops } : { ok: false, expected };
  }
  const entries = text.split(',').map((e) => e.trim());
  if (entries.length > maxEntries || !entries.every(isAddressOrRange)) return { ok: false, expected };
  return { ok: true, value: entries.join(',') };
}

/** As Fastify takes it: a hop count becomes "trust the first N hops" (proxy-addr's meaning of a number). */
export function fastifyTrustProxy(value: TrustProxy): boolean | string | ((address: string, hop: number) => boolean) {
  if (value === false) return false;
  if (typeof value === 'number') {
    const hops = value;
    return (_address, hop) => hop < hops;
  }
  return value;
}
