// Proves the sealed monthly invoice archive (SPEC 3.7): a finished month is written once to
// a file that holds no readable invoice data, opens only with the master key and only as
// that month, recomputes every content hash, matches the database, re-exports an invoice
// as PDF, and is never overwritten; a month still waiting for the tax authority or not over
// is refused; a tampered or swapped file is detected.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeTotals, type InvoiceDraft } from '@ismail/shared';
import type { Database } from '../src/platform/db/database.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { archiveFile, archiveMonth, openArchive, verifyArchive } from '../src/modules/invoicing/archive.js';
import { createDraft, issueInvoice } from '../src/modules/invoicing/invoices.js';
import { exportInvoice } from '../src/modules/invoicing/render/export.js';
import { testBackends } from './support/databases.js';
import { insertAccount, walletStack } from './support/wallet-fixtures.js';

const actor = { label: 'test', place: 'test' };
const lines = [
  { label: 'Attiéké poisson braisé', quantityMilli: 2000, unitPriceXof: 2500, taxGroup: 'CI-TVA-18', discountXof: 0 },
];
const total = computeTotals({ lines, priceMode: 'tax_included' }).grossXof;
const sale: InvoiceDraft = {
  kind: 'invoice',
  currency: 'XOF',
  priceMode: 'tax_included',
  seller: {
    legalName: 'Maquis Chez Tantie',
    taxId: '7654321B',
    taxRegime: 'RSI',
    address: 'Yopougon, Abidjan',
    country: 'CI',
  },
  buyer: { kind: 'B2C', name: 'Aïcha Koné' },
  lines,
  payments: [{ method: 'cash', amountXof: total }],
};

describe.each(testBackends)('invoice archive on $name', (backend) => {
  let db: Database;
  let dir: string;
  const masterKey = { bytes: randomBytes(32) };
  const now = new Date('2026-11-24T12:00:00Z');

  beforeAll(async () => {
    db = await backend.open();
    await walletStack(db);
    dir = mkdtempSync(path.join(tmpdir(), 'ismail-archive-'));
    const issuer = await insertAccount(db, 'partner');
    for (const at of ['2026-10-03T09:00:00Z', '2026-10-30T18:00:00Z', '2026-11-02T08:00:00Z']) {
      await withTransaction(db.pool, async (c) => {
        const draft = await createDraft(c, {
          issuerAccountId: issuer,
          register: 'cloud',
          document: sale,
          createdBy: 'test',
        });
        await issueInvoice(c, draft.id, actor, new Date(at));
      });
    }
  });
  afterAll(async () => {
    await db.close();
  });

  it('refuses a month still waiting for the tax authority, and one not over', async () => {
    await expect(archiveMonth(db, masterKey, dir, '2026-10', now)).rejects.toThrow(/still wait for the tax authority/);
    await db.pool.query(
      "UPDATE invoices SET clearance_status = 'certified', authority = 'fne', authority_reference = '9606123E26000000' || sequence, qr_data = 'https://fne.example/v/' || sequence WHERE status = 'issued'",
    );
    await expect(archiveMonth(db, masterKey, dir, '2026-11', now)).rejects.toThrow(/not over/);
    await expect(archiveMonth(db, masterKey, dir, '../../etc', now)).rejects.toThrow(/YYYY-MM/);
  });

  it('seals October once; the file reveals nothing, opens, checks every hash and matches the database', async () => {
    const first = await archiveMonth(db, masterKey, dir, '2026-10', now);
    expect(first).toMatchObject({
      written: true,
      manifest: { period: '2026-10', count: 2, retainUntil: '2036-12-31' },
    });
    const raw = readFileSync(archiveFile(dir, '2026-10'), 'utf8');
    for (const secret of ['Aïcha', 'Attiéké', 'Maquis', '7654321B', 'F-CLOUD-2026']) expect(raw).not.toContain(secret);
    expect((await archiveMonth(db, masterKey, dir, '2026-10', now)).written).toBe(false);
    const opened = await openArchive(masterKey, dir, '2026-10');
    expect(opened.records.map((r) => r.number)).toEqual(['F-CLOUD-2026-000001', 'F-CLOUD-2026-000002']);
    expect(opened.records[0]?.authorityReference).toBe('9606123E260000001');
    expect(await verifyArchive(db, masterKey, dir, '2026-10')).toMatchObject({
      matchesDatabase: true,
      missingFromArchive: [],
      notInDatabase: [],
    });
  });

  it('re-exports an archived invoice as a PDF carrying its certification', async () => {
    const record = (await openArchive(masterKey, dir, '2026-10')).records[1];
    if (record === undefined) throw new Error('no record');
    const { bytes, contentType } = await exportInvoice(record, 'pdf', 'https://cloud.ismail.ci');
    expect(contentType).toBe('application/pdf');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('detects a tampered file, a file passed off as another month, and the wrong key', async () => {
    const file = archiveFile(dir, '2026-10');
    const good = readFileSync(file, 'utf8');
    const body = JSON.parse(good) as { manifest: { period: string }; sealed: string };
    const flipped = `${body.sealed.slice(0, -6)}${body.sealed.slice(-6, -5) === 'A' ? 'B' : 'A'}${body.sealed.slice(-5)}`;
    writeFileSync(file, JSON.stringify({ ...body, sealed: flipped }));
    await expect(openArchive(masterKey, dir, '2026-10')).rejects.toThrow(/does not open/);
    writeFileSync(file, good);
    // October's bundle renamed as September's: the period is authenticated, it does not open.
    copyFileSync(file, archiveFile(dir, '2026-09'));
    writeFileSync(
      archiveFile(dir, '2026-09'),
      JSON.stringify({ ...body, manifest: { ...body.manifest, period: '2026-09' } }),
    );
    await expect(openArchive(masterKey, dir, '2026-09')).rejects.toThrow(/does not open/);
    await expect(openArchive({ bytes: randomBytes(32) }, dir, '2026-10')).rejects.toThrow(/does not open/);
    await expect(openArchive(masterKey, dir, '2026-08')).rejects.toThrow(/No archive/);
    // An October invoice that appears after the archive (issued late with a past date) is
    // reported, and the sealed file is never overwritten.
    const issuer =
      (await db.pool.query<{ issuer_account_id: string }>('SELECT issuer_account_id FROM invoices LIMIT 1')).rows[0]
        ?.issuer_account_id ?? '';
    const late = await withTransaction(db.pool, async (c) => {
      const draft = await createDraft(c, {
        issuerAccountId: issuer,
        register: 'cloud',
        document: sale,
        createdBy: 'test',
      });
      return issueInvoice(c, draft.id, actor, new Date('2026-10-31T23:00:00Z'));
    });
    await db.pool.query("UPDATE invoices SET clearance_status = 'not_required' WHERE id = $1", [late.id]);
    expect(await verifyArchive(db, masterKey, dir, '2026-10')).toMatchObject({
      matchesDatabase: false,
      missingFromArchive: [late.number],
      notInDatabase: [],
    });
    await expect(archiveMonth(db, masterKey, dir, '2026-10', now)).rejects.toThrow(/never overwritten/);
    expect(readFileSync(file, 'utf8')).toBe(good);
  });
});
