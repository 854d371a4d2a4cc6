/**
 * The cart, kept on this device (localStorage) so it survives a reload or a dropped 3G page. Bounded: at most
 * `cartLinesMax` lines of at most `quantityMax` each, a corrupt or foreign value reads as an empty cart. The prices
 * here only estimate: the cloud computes what is charged from its own catalogue at checkout.
 */
import { useSyncExternalStore } from 'react';

export const cartLinesMax = 50;
export const quantityMax = 99;
const storageKey = 'ismail.portal.cart';

export interface CartLine {
  readonly productId: string;
  readonly partnerId: string;
  readonly name: string;
  readonly priceXof: number;
  readonly quantity: number;
}

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
const listeners = new Set<() => void>();
let cached: { raw: string | null; lines: readonly CartLine[] } = { raw: null, lines: [] };

const isLine = (v: unknown): v is CartLine => {
  const l = v as Partial<CartLine> | null;
  return (
    typeof l?.productId === 'string' &&
    typeof l.partnerId === 'string' &&
    typeof l.name === 'string' &&
    Number.isSafeInteger(l.priceXof) &&
    Number.isSafeInteger(l.quantity) &&
    (l.quantity ?? 0) >= 1
  );
};

export function readCart(store: Store = localStorage): readonly CartLine[] {
  const raw = store.getItem(storageKey);
  if (raw === cached.raw) return cached.lines;
  let lines: readonly CartLine[] = [];
  try {
    const parsed = JSON.parse(raw ?? '[]') as unknown;
    if (Array.isArray(parsed))
      lines = parsed
        .filter(isLine)
        .slice(0, cartLinesMax)
        .map((l) => ({ ...l, quantity: Math.min(l.quantity, quantityMax) }));
  } catch {
    lines = [];
  }
  cached = { raw, lines };
  return lines;
}

function writeCart(lines: readonly CartLine[], store: Store = localStorage): void {
  if (lines.length === 0) store.removeItem(storageKey);
  else store.setItem(storageKey, JSON.stringify(lines.slice(0, cartLinesMax)));
  for (const listener of listeners) listener();
}

/** Adds to a line (or makes it); false when the cart is full. */
export function addToCart(line: Omit<CartLine, 'quantity'>, quantity: number, store: Store = localStorage): boolean {
  const lines = [...readCart(store)];
  const at = lines.findIndex((l) => l.productId === line.productId);
  if (at < 0 && lines.length >= cartLinesMax) return false;
  const current = at < 0 ? 0 : (lines[at]?.quantity ?? 0);
  const next = { ...line, quantity: Math.max(1, Math.min(quantityMax, current + quantity)) };
  if (at < 0) lines.push(next);
  else lines[at] = next;
  writeCart(lines, store);
  return true;
}

/** Sets a line's quantity; zero removes it. */
export function setQuantity(productId: string, quantity: number, store: Store = localStorage): void {
  const lines = readCart(store)
    .map((l) => (l.productId === productId ? { ...l, quantity: Math.min(quantityMax, Math.max(0, quantity)) } : l))
    .filter((l) => l.quantity > 0);
  writeCart(lines, store);
}

/** Removes the lines an order was placed for (one seller's). */
export function removeLines(productIds: readonly string[], store: Store = localStorage): void {
  writeCart(
    readCart(store).filter((l) => !productIds.includes(l.productId)),
    store,
  );
}

/** The checkout intent of one seller's lines: the same lines give the same intent (a double tap orders once). */
export function checkoutIntentId(lines: readonly CartLine[]): string {
  const content = lines
    .map((l) => `${l.productId}x${String(l.quantity)}`)
    .sort()
    .join(',');
  return `checkout:${content}`;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent): void => {
    if (event.key === storageKey) listener();
  };
  globalThis.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    globalThis.removeEventListener('storage', onStorage);
  };
}

/** The cart, re-read when this tab or another changes it. */
export function useCart(): readonly CartLine[] {
  return useSyncExternalStore(
    subscribe,
    () => readCart(),
    () => [],
  );
}
