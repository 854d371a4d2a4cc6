// Proves clearance of issued invoices with the FNE simulator over HTTP, the invoices table
// being the queue: certified once with the reference and QR on the PDF; a 500 after the
// service certified ends certified exactly once (reconciled, never resent); an outage
// queues invoices, which are certified once it is back; a credit note is cleared after its
// original, referencing it. The simulator and connector have their lookups enabled
// explicitly; clearance-uncertain-queue.test.ts covers FNE as it really is (no lookup).
import { execFileSync } from 'node:child_process';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InvoiceDraft } from '@ismail/shared';
import { startFneSimulator, type FneSimulator } from '@ismail/firmware-sim';
import type { Database } from '../src/platform/db/database.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { ClearanceService, invoiceClearanceStore } from '../src/modules/invoicing/clearance-service.js';
import { FneConnector } from '../src/modules/invoicing/clearance/fne.js';
import {
  createDraft,
  creditInvoice,
  issueInvoice,
  toRecord,
  type InvoiceRecord,
} from '../src/modules/invoicing/invoices.js';
import { exportInvoice } from '../src/modules/invoicing/render/export.js';
import { testBackends } from './support/databases.js';
import { awaSeller, cashSale } from './support/sale-draft.js';
import { insertAccount, walletStack } from './support/wallet-fixtures.js';
import { requireTool } from '../../tools/test-support/system-tools.js';

const actor = { label: 'test', place: 'test' };
const ncc = '9999999X';
function sale(price: number): InvoiceDraft {
  return cashSale(awaSeller(ncc), {
    label: 'Pagne wax',
    quantityMilli: 2000,
    unitPriceXof: price,
    taxGroup: 'CI-TVA-18',
  });
}

describe.each(testBackends)('invoice clearance on $name', (backend) => {
  let db: Database;
  let fne: FneSimulator;
  let clearance: ClearanceService;
  let issuer: string;
  let clock = new Date();

  beforeAll(async () => {
    db = await backend.open();
    await walletStack(db);
    issuer = await insertAccount(db, 'partner');
    fne = await startFneSimulator({ port: 0, apiKey: 'fne-test-key-0123456789', ncc, lookups: true });
    const connector = new FneConnector(
      {
        baseUrl: fne.baseUrl,
        apiKey: 'fne-test-key-0123456789',
        pointOfSale: 'Caisse 1',
        establishment: 'Cocody',
        walkInClient: { name: 'Client comptant', phone: '0700000000', email: 'client@ismail.ci' },
      },
      { originals: invoiceClearanceStore(db, 'fne'), lookups: true },
    );
    clearance = new ClearanceService(db, { CI: connector }, () => clock);
  });
  afterAll(async () => {
    await fne.close();
    await db.close();
  });

  const tx = <T>(work: (c: pg.PoolClient) => Promise<T>) => withTransaction(db.pool, work);
  const issue = async (price: number): Promise<InvoiceRecord> =>
    tx(async (c) =>
      issueInvoice(
        c,
        (await createDraft(c, { issuerAccountId: issuer, register: 'cloud', document: sale(price), createdBy: 'test' }))
          .id,
        actor,
      ),
    );
  const reload = async (id: string) =>
    toRecord(
      (await db.pool.query('SELECT * FROM invoices WHERE id = $1', [id])).rows[0] as Parameters<typeof toRecord>[0],
    );
  const certifiedAtFne = (invoiceId: string) => fne.certified().filter((c) => c.clientReference === invoiceId).length;
  // The service's clock only moves forward from the database's own time.
  const tick = async () => {
    if (clock.getTime() < Date.now() + 1000) clock = new Date(Date.now() + 1000);
    return clearance.tick();
  };
  const later = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000);
  };

  it('certifies an issued invoice and prints its reference and QR', async () => {
    const invoice = await issue(5000);
    await tick();
    const cleared = await reload(invoice.id);
    expect(cleared.clearanceStatus).toBe('certified');
    expect(cleared.authorityReference).toMatch(/^9999999X\d{2}\d{9}$/);
    expect(cleared.qrData).toMatch(/^https?:\/\//);
    expect(certifiedAtFne(invoice.id)).toBe(1);
    const pdf = await exportInvoice(cleared, 'pdf', 'http://127.0.0.1:8080');
    const text = execFileSync(requireTool('pdftotext'), ['-', '-'], { input: pdf.bytes }).toString('utf8');
    expect(text).toContain(cleared.authorityReference ?? '?');
  });

  it('ends certified exactly once when the service answers 500 after certifying', async () => {
    const invoice = await issue(7000);
    fne.failAfterCertifyNext(1);
    expect((await tick()).find((r) => r.invoiceId === invoice.id)?.status).toBe('uncertain');
    expect((await reload(invoice.id)).clearanceStatus).toBe('uncertain');
    expect(certifiedAtFne(invoice.id)).toBe(1); // certified at the service despite the 500
    later(60);
    await tick();
    expect((await reload(invoice.id)).clearanceStatus).toBe('certified');
    later(3600);
    await tick();
    expect(certifiedAtFne(invoice.id)).toBe(1);
    expect(fne.duplicateAttempts()).toBe(0);
  });

  it('queues invoices while the service is down and certifies each once it is back', async () => {
    fne.setDown(true);
    const invoices = [await issue(1000), await issue(2000), await issue(3000)];
    await tick();
    for (const i of invoices) expect(['uncertain', 'pending']).toContain((await reload(i.id)).clearanceStatus);
    fne.setDown(false);
    for (let round = 0; round < 5; round++) {
      later(700);
      await tick();
    }
    for (const i of invoices) {
      expect((await reload(i.id)).clearanceStatus).toBe('certified');
      expect(certifiedAtFne(i.id)).toBe(1);
    }
  });

  it('clears a credit note after its original, referencing it', async () => {
    const invoice = await issue(4000);
    const note = await tx((c) => creditInvoice(c, invoice.id, 'all', actor));
    // The note is older in the queue than nothing: whatever the order, it waits for the original.
    for (let round = 0; round < 3; round++) {
      later(700);
      await tick();
    }
    const original = await reload(invoice.id);
    const cleared = await reload(note.id);
    expect(original.clearanceStatus).toBe('certified');
    expect(cleared.clearanceStatus).toBe('certified');
    expect(cleared.authorityReference).toMatch(/^A/);
  });
});
