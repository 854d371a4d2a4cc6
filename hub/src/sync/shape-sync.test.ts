// Proves the hub checks each row of a shape against its shared schema before writing it: a
// malformed row (here a product without its name) stops that shape's pull with an error naming
// the shape and the row's key, nothing of the response is written and the position does not
// move; once the cloud answers well-formed rows the pull goes on from where it stopped. A
// delete carries only the id, and is checked as such.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ShopProductShapeRow } from '@ismail/shared';
import { migrateHubDatabase } from '../store/migrate.js';
import { openHubDatabase, type HubDatabase } from '../store/open.js';
import { CatalogSync } from './catalog-sync.js';
import { CredentialStore } from './credentials.js';

const attieke = '11111111-1111-4111-8111-111111111111';
const riz = '33333333-3333-4333-8333-333333333333';
const keyOf = (id: string) => `"public"."shop_products"/"${id}"`;
/** A product as the feed sends it: every value as text. */
const product = (id: string, name: string): ShopProductShapeRow => ({
  id,
  name,
  category: 'epicerie',
  kind: 'physical',
  barcode: null,
  price_xof: '1000',
  tax_group: 'CI-TVA-9',
  active: 't',
});
const insert = (value: Record<string, unknown>) => ({
  key: keyOf(String(value.id)),
  value,
  headers: { operation: 'insert' },
});
const upToDate = { headers: { control: 'up-to-date' } };

/** A snapshot page as the cloud answers it. */
function snapshot(body: unknown[]): Response {
  return new Response(JSON.stringify(body), {
    headers: { 'electric-handle': 'shop_products-p', 'electric-offset': '7_0', 'electric-up-to-date': '' },
  });
}

/** A live poll with nothing new: held until the sync stops. */
function held(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('stopped'))));
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('shape rows at the hub boundary', () => {
  let dir: string;
  let db: HubDatabase;
  let credentials: CredentialStore;
  let catalog: CatalogSync | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ismail-shape-rows-'));
    db = openHubDatabase(path.join(dir, 'hub.sqlite'));
    migrateHubDatabase(db);
    credentials = new CredentialStore(dir);
    credentials.save({
      hubId: '00000000-0000-4000-8000-000000000001',
      partnerId: '00000000-0000-4000-8000-000000000002',
      token: 't'.repeat(43),
      cloudUrl: 'http://127.0.0.1:9',
    });
  });
  afterEach(() => {
    catalog?.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const products = () =>
    db.prepare<[], { id: string; name: string }>('SELECT id, name FROM catalog_products ORDER BY name').all();
  const position = () =>
    db
      .prepare<[], { offset_value: string }>("SELECT offset_value FROM shape_positions WHERE shape = 'shop_products'")
      .get()?.offset_value;

  it('refuses a malformed row with the shape and its key, writes nothing, then goes on once rows are well formed', async () => {
    const nameless = Object.fromEntries(
      Object.entries(product(riz, 'Riz 5 kg')).filter(([column]) => column !== 'name'),
    );
    const malformed = snapshot([insert(product(attieke, 'Attiéké 1 kg')), insert(nameless), upToDate]);
    const corrected = snapshot([insert(product(attieke, 'Attiéké 1 kg')), insert(product(riz, 'Riz 5 kg')), upToDate]);
    let cloudCorrected = false;
    const asked: string[] = [];
    vi.spyOn(credentials.cloud, 'request').mockImplementation(async (pathWithQuery, init) => {
      asked.push(pathWithQuery);
      if (position() !== undefined) return held(init?.signal);
      return (cloudCorrected ? corrected : malformed).clone();
    });
    catalog = new CatalogSync(db, credentials, 10);
    catalog.start();

    await until(() => catalog?.state().lastError !== null);
    const refusal = catalog.state().lastError ?? '';
    expect(refusal).toContain('shop_products');
    expect(refusal).toContain(keyOf(riz));
    expect(refusal).toContain('/name');
    // Not the well-formed row beside it either: the response is written whole or not at all.
    expect(products()).toEqual([]);
    expect(position()).toBeUndefined();

    // Asked again from the same place (the snapshot) after its back-off, never past the refused row.
    await until(() => asked.length >= 3);
    expect(asked.every((p) => p.includes('offset=-1'))).toBe(true);
    expect(products()).toEqual([]);
    cloudCorrected = true;
    await until(() => position() === '7_0');
    expect(products().map((p) => p.name)).toEqual(['Attiéké 1 kg', 'Riz 5 kg']);
    expect(catalog.state().lastError).toBeNull();
  });

  it('refuses a delete without a well-formed id, and a body that is not shape messages', async () => {
    const answers = [
      snapshot([{ key: keyOf('x'), value: { id: 'x' }, headers: { operation: 'delete' } }, upToDate]),
      snapshot([{ headers: 'up-to-date' }]),
    ];
    const errors: string[] = [];
    vi.spyOn(credentials.cloud, 'request').mockImplementation(async (_pathWithQuery, init) => {
      const answer = answers.shift();
      return answer === undefined ? held(init?.signal) : answer;
    });
    catalog = new CatalogSync(db, credentials, 10);
    catalog.start();
    await until(() => {
      const error = catalog?.state().lastError ?? null;
      if (error !== null && errors.at(-1) !== error) errors.push(error);
      return errors.length === 2;
    });
    expect(errors[0]).toMatch(/^shape shop_products: delete of .*"x".* refused \(\/id: /);
    expect(errors[1]).toMatch(/^shape shop_products: the feed answered .*, not shape messages$/);
    expect(position()).toBeUndefined();
  });
});
