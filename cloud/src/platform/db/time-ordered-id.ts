/**
 * Time-ordered ids (UUIDv7, RFC 9562): rows inserted together land at the right edge of a
 * uuid index, PostgreSQL's fast path, instead of on random pages.
 *
 * Not the `uuid` package's v7: it builds each id's text one hex pair at a time, about 900 bytes
 * of garbage per id, and the ledger draws two ids per transfer (bench/ledger-transfers.mjs:
 * ~1.8 KB of its ~14.7 KB per transfer, collected while a thousand callers wait). Here the 62
 * random bits and the variant come from Node's `crypto.randomUUID()` (native, from a cached
 * random pool), the 48-bit millisecond prefix is formatted once per millisecond, and the 12
 * bits between are a counter within the millisecond (RFC 9562 §6.2, method 1), so the ids one
 * process draws are strictly increasing, as the `uuid` package's are.
 */
import { randomUUID } from 'node:crypto';

const maxCounter = 0xfff;
const counterHex = Array.from({ length: maxCounter + 1 }, (_, i) => i.toString(16).padStart(3, '0'));

let lastMs = -1;
let prefix = '';
let counter = 0;

function setMillisecond(ms: number): void {
  lastMs = ms;
  const hex = ms.toString(16).padStart(12, '0');
  prefix = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7`;
  counter = 0;
}

/** A new UUIDv7: ordered by the millisecond it was drawn in, then by draw order in this process. */
export function timeOrderedId(now: number = Date.now()): string {
  if (now > lastMs) setMillisecond(now);
  else if (counter === maxCounter)
    setMillisecond(lastMs + 1); // 4,096 ids in one millisecond: borrow the next
  else counter++;
  // randomUUID(): xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx; from V on: the variant and 62 random bits.
  return `${prefix}${counterHex[counter] ?? '000'}${randomUUID().slice(18)}`;
}
