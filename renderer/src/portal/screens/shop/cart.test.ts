// The device cart: bounded, tolerant of corrupt storage, one intent per content (a double tap orders once).
import { describe, expect, it } from 'vitest';
import { addToCart, cartLinesMax, checkoutIntentId, quantityMax, readCart, removeLines, setQuantity } from './cart.js';

function memory(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}
const line = (i: number) => ({ productId: `p${String(i)}`, partnerId: 's', name: `P${String(i)}`, priceXof: 100 });

describe('device cart', () => {
  it('adds, caps quantities, removes at zero and after an order', () => {
    const store = memory();
    addToCart(line(1), 2, store);
    addToCart(line(1), 500, store);
    expect(readCart(store)).toEqual([{ ...line(1), quantity: quantityMax }]);
    addToCart(line(2), 1, store);
    setQuantity('p1', 0, store);
    expect(readCart(store).map((l) => l.productId)).toEqual(['p2']);
    removeLines(['p2'], store);
    expect(readCart(store)).toEqual([]);
  });

  it('holds at most cartLinesMax lines and reads corrupt storage as empty', () => {
    const store = memory();
    for (let i = 0; i < cartLinesMax; i++) expect(addToCart(line(i), 1, store)).toBe(true);
    expect(addToCart(line(999), 1, store)).toBe(false);
    expect(readCart(store)).toHaveLength(cartLinesMax);
    store.setItem('ismail.portal.cart', '{not json');
    expect(readCart(store)).toEqual([]);
    store.setItem('ismail.portal.cart', JSON.stringify([{ productId: 1 }, { ...line(3), quantity: 2 }]));
    expect(readCart(store)).toEqual([{ ...line(3), quantity: 2 }]);
  });

  it('gives the same checkout intent for the same lines, whatever their order, and another for other lines', () => {
    const a = [
      { ...line(1), quantity: 1 },
      { ...line(2), quantity: 3 },
    ];
    expect(checkoutIntentId(a)).toBe(checkoutIntentId([...a].reverse()));
    expect(checkoutIntentId(a)).not.toBe(
      checkoutIntentId([
        { ...line(1), quantity: 2 },
        { ...line(2), quantity: 3 },
      ]),
    );
  });
});
