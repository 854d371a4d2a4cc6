// The shelf stock across terminals (issue 28.1) under a real race: two worker threads, each
// with its own connection to one SQLite file (as two request handlers would hold the write
// lock in turn), take units of one product as fast as they can, each sale in its own
// IMMEDIATE transaction through takeFromShelf (the hub's compiled code). Exactly the counted
// units are sold, every other try is refused with OUT_OF_STOCK, and the count never goes below 0.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { migrateHubDatabase } from '../src/store/migrate.js';
import { openHubDatabase } from '../src/store/open.js';

const productId = '00000000-0000-4000-8000-0000000000c3';
const unitsCounted = 150;
const triesPerWorker = 200;
const dist = path.resolve(import.meta.dirname, '..', 'dist', 'src');

// CommonJS, run by each worker: waits for the other at a barrier, then sells one unit per try.
const workerCode = `
const { workerData, parentPort } = require('node:worker_threads');
(async () => {
  const { openHubDatabase } = await import(workerData.openUrl);
  const { takeFromShelf } = await import(workerData.shelfUrl);
  const db = openHubDatabase(workerData.file);
  const barrier = new Int32Array(workerData.barrier);
  Atomics.add(barrier, 0, 1);
  while (Atomics.load(barrier, 0) < 2) {}
  let sold = 0;
  const refused = {};
  const sell = db.transaction(() => takeFromShelf(db, [{ productId: workerData.productId, label: 'Pagne wax', quantity: 1 }]));
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < workerData.tries; i += 1) {
    // A breath between sales, as a cashier's next scan: on a loaded machine one thread could otherwise sell all
    // 150 units before the other is scheduled at all, and the race would not be one.
    if (i > 0) Atomics.wait(pause, 0, 0, 1);
    try {
      sell.immediate();
      sold += 1;
    } catch (error) {
      const key = (error.details?.[0]?.problem) ?? error.code ?? error.message;
      refused[key] = (refused[key] ?? 0) + 1;
    }
  }
  db.close();
  parentPort.postMessage({ sold, refused });
})().catch((error) => parentPort.postMessage({ failed: String(error && error.stack || error) }));
`;

interface Outcome {
  sold: number;
  refused: Record<string, number>;
  failed?: string;
}

describe('shelf stock under two SQLite connections at once', () => {
  it('sells exactly the counted units and refuses the rest, never below zero', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ismail-stock-race-')), 'hub.sqlite');
    const db = openHubDatabase(file);
    migrateHubDatabase(db);
    db.prepare(
      "INSERT INTO hub_stock (product_id, on_hand, counted_at, counted_by) VALUES (?, ?, '2026-01-01T00:00:00.000Z', 'test')",
    ).run(productId, unitsCounted);
    const barrier = new SharedArrayBuffer(4);
    const run = (): Promise<Outcome> =>
      new Promise((resolve, reject) => {
        const worker = new Worker(workerCode, {
          eval: true,
          workerData: {
            file,
            productId,
            barrier,
            tries: triesPerWorker,
            openUrl: pathToFileURL(path.join(dist, 'store', 'open.js')).href,
            shelfUrl: pathToFileURL(path.join(dist, 'lan', 'shelf-stock.js')).href,
          },
        });
        worker.once('message', (outcome: Outcome) => resolve(outcome));
        worker.once('error', reject);
      });
    const outcomes = await Promise.all([run(), run()]);
    expect(outcomes.map((o) => o.failed)).toEqual([undefined, undefined]);
    const sold = outcomes.reduce((sum, o) => sum + o.sold, 0);
    const outOfStock = outcomes.reduce((sum, o) => sum + (o.refused.OUT_OF_STOCK ?? 0), 0);
    // Both sold some: the race was real, not one worker after the other.
    expect(outcomes.every((o) => o.sold > 0)).toBe(true);
    expect(sold).toBe(unitsCounted);
    expect(outOfStock).toBe(2 * triesPerWorker - unitsCounted);
    expect(db.prepare('SELECT on_hand FROM hub_stock WHERE product_id = ?').get(productId)).toEqual({ on_hand: 0 });
    db.close();
  });
});
