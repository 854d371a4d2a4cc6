/**
 * Idempotency keys for money writes: one key per user intent (this top-up, this transfer), made
 * when the person decides and kept with the intent on this device until the cloud has answered
 * for good. A retry after a dropped 3G answer, or after a reload, sends the same key, so the
 * cloud applies the write once and replays its first answer. Keys are never made per request.
 */
const prefix = 'ismail.portal.intent.';

/** What survives a reload: the key and when the intent was made. */
export interface Intent {
  readonly key: string;
  readonly createdAt: string;
}

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * The key of the intent named `intentId` (for example `transfer:<draft id>`), made on first use.
 * The same intent gives the same key until it is settled.
 */
export function intentKey(intentId: string, store: Store = localStorage): string {
  const saved = store.getItem(prefix + intentId);
  if (saved !== null) {
    const parsed = JSON.parse(saved) as Partial<Intent>;
    if (typeof parsed.key === 'string') return parsed.key;
  }
  const intent: Intent = { key: `portal-${crypto.randomUUID()}`, createdAt: new Date().toISOString() };
  store.setItem(prefix + intentId, JSON.stringify(intent));
  return intent.key;
}

/** Forgets an intent once the cloud has answered it for good (done, or refused for a reason a retry won't change). */
export function settleIntent(intentId: string, store: Store = localStorage): void {
  store.removeItem(prefix + intentId);
}

/** The headers of a money write for this intent. */
export function idempotencyHeaders(intentId: string, store: Store = localStorage): { 'idempotency-key': string } {
  return { 'idempotency-key': intentKey(intentId, store) };
}
