// Proves migration 0032 gives a hub the QR data of its invoices certified before it: the
// shape's log then carried no qr_data, and a hub already past those changes would never
// hear of it, so each such invoice is logged once more, as an update carrying it; an invoice
// not certified (no QR) is not logged again.
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeTotals, invoiceNumber, type InvoiceDraft } from '@ismail/shared';
import type { Database } from '../src/platform/db/database.js';
import { cloudMigrationsDir, migrate } from '../src/platform/db/migrate.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { registerHub } from '../src/modules/hubs/registry.js';
import { insertIssuedInvoice } from '../src/modules/invoicing/invoices.js';
import { testBackends } from './support/databases.js';
import { insertAccount } from './support/wallet-fixtures.js';

const lines = [
  { label: 'Pagne wax', quantityMilli: 1000, unitPriceXof: 12_500, taxGroup: 'CI-TVA-18', discountXof: 0 },
];
const document: InvoiceDraft = {
  kind: 'invoice',
  currency: 'XOF',
  priceMode: 'tax_included',
  seller: {
    legalName: 'Boutique Awa SARL',
    taxId: '9999999X',
    taxRegime: 'RSI',
    address: 'Cocody, Abidjan',
    country: 'CI',
  },
  buyer: { kind: 'B2C' },
  lines,
  payments: [{ method: 'cash', amountXof: 12_500 }],
};

describe.each(testBackends)('migration 0032 on $name', (backend) => {
  let db: Database;
  let before: string;

  beforeAll(async () => {
    // The migrations up to 0031 only.
    before = await mkdtemp(path.join(tmpdir(), 'ismail-migrations-'));
    for (const file of await readdir(cloudMigrationsDir))
      if (file.endsWith('.sql') && file < '0032')
        await cp(path.join(cloudMigrationsDir, file), path.join(before, file));
    db = await backend.open({ empty: true });
    await migrate(db.pool, before);
  });
  afterAll(async () => {
    await db.close();
    await rm(before, { recursive: true, force: true });
  });

  it('logs each hub invoice certified before it again, with its QR data, and nothing else', async () => {
    const partnerId = await insertAccount(db, 'partner');
    const adminId = await insertAccount(db, 'admin');
    const { hub } = await registerHub(db, { partnerId, name: 'Caisse 1', adminId });
    const record = (sequence: number) => {
      const issuedAt = new Date();
      const year = issuedAt.getUTCFullYear();
      const series = `${partnerId}:${hub.register}:${String(year)}:invoice`;
      return withTransaction(db.pool, async (client) => {
        await client.query(
          "INSERT INTO invoice_series (series, issuer_account_id, register, year, kind, last_number) VALUES ($1, $2, $3, $4, 'invoice', $5) ON CONFLICT (series) DO UPDATE SET last_number = $5",
          [series, partnerId, hub.register, year, sequence],
        );
        return insertIssuedInvoice(client, {
          issuerAccountId: partnerId,
          register: hub.register,
          document,
          totals: computeTotals(document),
          series,
          sequence,
          number: invoiceNumber('invoice', hub.register, year, sequence),
          issuedAt,
          actor: { label: `hub:${hub.id}`, place: `hub:${hub.id}` },
          createdBy: `hub:${hub.id}`,
          source: 'hub_sale',
          sourceRef: `test:${randomUUID()}`,
        });
      });
    };
    const certified = await record(1);
    const waiting = await record(2);
    await db.pool.query(
      "UPDATE invoices SET clearance_status = 'certified', authority = 'fne', authority_reference = 'REF-1', qr_data = 'https://fne.example/verify?n=1', certified_at = now() WHERE id = $1",
      [certified.id],
    );
    const logOf = async (id: string) =>
      (
        await db.pool.query<{ op: string; value: Record<string, unknown> }>(
          'SELECT op, value FROM shape_changes WHERE row_key = $1 ORDER BY seq',
          [id],
        )
      ).rows;
    // Before 0032 the log carried no QR.
    expect((await logOf(certified.id)).map((c) => [c.op, c.value.clearance_status, c.value.qr_data])).toEqual([
      ['insert', 'not_submitted', undefined],
      ['update', 'certified', undefined],
    ]);

    await migrate(db.pool);
    const after = await logOf(certified.id);
    expect(after.map((c) => [c.op, c.value.clearance_status, c.value.qr_data])).toEqual([
      ['insert', 'not_submitted', undefined],
      ['update', 'certified', undefined],
      ['update', 'certified', 'https://fne.example/verify?n=1'],
    ]);
    expect(after.at(-1)?.value).toMatchObject({
      id: certified.id,
      number: certified.number,
      kind: 'invoice',
      authority: 'fne',
      authority_reference: 'REF-1',
    });
    expect((await logOf(waiting.id)).map((c) => c.op)).toEqual(['insert']);
    const hubOf = await db.pool.query<{ hub_id: string }>(
      'SELECT DISTINCT hub_id FROM shape_changes WHERE row_key = $1',
      [certified.id],
    );
    expect(hubOf.rows).toEqual([{ hub_id: hub.id }]);
  });
});
