// Proves the counter's catalog search ignores case and accents (issue 19.5): rows arrive as
// the cloud's shape feed sends them, get their key from the shared searchKey (the cloud's own
// normaliser), and "attieke", "ATTIEKE", "attiéké" and "Attie" all find Attiéké; rows kept
// from before the key existed get it when the catalog opens.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ShopProductShapeRow } from '@ismail/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogReplica, CatalogSync } from '../src/sync/catalog-sync.js';
import { CredentialStore } from '../src/sync/credentials.js';
import { migrateHubDatabase } from '../src/store/migrate.js';
import { openHubDatabase, type HubDatabase } from '../src/store/open.js';

const attieke = '11111111-1111-4111-8111-111111111111';
const oeufs = '22222222-2222-4222-8222-222222222222';
const riz = '33333333-3333-4333-8333-333333333333';
/** A product as the shape feed sends it: every value as text (Electric's protocol). */
const row = (id: string, name: string): ShopProductShapeRow => ({
  id,
  name,
  category: 'epicerie',
  kind: 'physical',
  barcode: null,
  price_xof: '1000',
  tax_group: 'CI-TVA-9',
  active: 't',
});

describe('hub catalog search', () => {
  let db: HubDatabase;
  let catalog: CatalogSync;
  beforeAll(() => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ismail-hub-search-'));
    db = openHubDatabase(path.join(dir, 'hub.sqlite'));
    migrateHubDatabase(db);
    catalog = new CatalogSync(db, new CredentialStore(dir));
    db.transaction(() => {
      catalogReplica.upsert(db, row(attieke, 'Attiéké 1 kg'));
      catalogReplica.upsert(db, row(oeufs, 'Œufs frais'));
    })();
  });
  afterAll(() => db.close());
  const find = (text: string): string[] => catalog.lookup({ text }).map((p) => p.id);

  it('finds Attiéké whatever the case and accents typed', () => {
    for (const text of ['attieke', 'ATTIEKE', 'attiéké', 'Attie', 'ATTIÉKÉ'])
      expect(find(text), text).toEqual([attieke]);
    expect(find('oeufs')).toEqual([oeufs]);
    expect(find('%')).toEqual([]);
  });

  it('keeps the key right when the feed renames a product', () => {
    catalogReplica.upsert(db, row(attieke, 'Attiéké 2 kg'));
    expect(find('attieke 2')).toEqual([attieke]);
    expect(find('attieke 1')).toEqual([]);
  });

  it('gives rows kept from before the key existed their key when the catalog opens', () => {
    db.prepare(
      "INSERT INTO catalog_products (id, name, category, kind, barcode, price_xof, tax_group, active, search_key) VALUES (?, 'Riz parfumé', 'epicerie', 'physical', NULL, 500, 'CI-TVA-9', 1, NULL)",
    ).run(riz);
    const reopened = new CatalogSync(db, new CredentialStore(path.dirname(db.name)));
    expect(reopened.lookup({ text: 'riz parfume' }).map((p) => p.id)).toEqual([riz]);
  });

  it('shows names by the shared display rule', () => {
    catalogReplica.upsert(db, row(oeufs, 'Œufs\u001b frais\tdu jour'));
    expect(catalog.lookup({ text: 'oeufs' })[0]?.name).toBe('Œufs frais du jour');
  });
});
