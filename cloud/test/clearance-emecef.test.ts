// Proves Bénin invoices are cleared with e-MECeF when the cloud is configured for it (the
// e-MECeF simulator over HTTP), with the journal of submitted uids in PostgreSQL: certified
// once with the DGI's code; when the confirm answers 500 after confirming, a new cloud
// process (the in-memory state gone) finds the uid in the journal and ends certified
// without submitting the invoice again (with the simulator's lookup, enabled explicitly on
// both sides; clearance-uncertain-queue.test.ts covers e-MECeF without it).
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InvoiceDraft } from '@ismail/shared';
import { startEmecefSimulator, type EmecefSimulator } from '@ismail/firmware-sim';
import type { CloudConfig } from '../src/config.js';
import { parseCloudConfig } from '../src/config-rules.js';
import type { Database } from '../src/platform/db/database.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { clearanceFromConfig } from '../src/modules/invoicing/clearance-from-config.js';
import type { ClearanceService } from '../src/modules/invoicing/clearance-service.js';
import { createDraft, issueInvoice, toRecord, type InvoiceRecord } from '../src/modules/invoicing/invoices.js';
import { testBackends } from './support/databases.js';
import { cashSale, cotonouSeller } from './support/sale-draft.js';
import { insertAccount, walletStack } from './support/wallet-fixtures.js';

const actor = { label: 'test', place: 'test' };
const ifu = '9999900000001';
const token = 'emecef-test-token-0123456789';

function sale(price: number): InvoiceDraft {
  const line = { label: 'Tissu kente', quantityMilli: 1000, unitPriceXof: price, taxGroup: 'BJ-B' };
  return cashSale(cotonouSeller(ifu), line, { kind: 'B2C', name: 'Koffi Adjovi' });
}

describe.each(testBackends)('e-MECeF clearance from configuration on $name', (backend) => {
  let db: Database;
  let emecef: EmecefSimulator;
  let config: CloudConfig;
  let issuer: string;
  let clock = new Date();

  beforeAll(async () => {
    db = await backend.open();
    await walletStack(db);
    issuer = await insertAccount(db, 'partner');
    emecef = await startEmecefSimulator({ port: 0, token, ifu, lookups: true });
    const parsed = parseCloudConfig({
      EMECEF_API_URL: emecef.baseUrl,
      EMECEF_TOKEN: token,
      EMECEF_SIM_LOOKUPS: 'true',
    });
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('; '));
    config = parsed.values;
  });
  afterAll(async () => {
    await emecef.close();
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
  /** A cloud process: its clearance service, as the server builds it from configuration. */
  const process = (): ClearanceService => {
    const service = clearanceFromConfig(config, db, () => clock);
    if (service === null) throw new Error('e-MECeF not enabled by the configuration');
    return service;
  };
  const tick = async (service: ClearanceService) => {
    if (clock.getTime() < Date.now() + 1000) clock = new Date(Date.now() + 1000);
    return service.tick();
  };

  it('certifies a Bénin invoice once, keeping the uid in the journal', async () => {
    const invoice = await issue(11_800);
    await tick(process());
    const cleared = await reload(invoice.id);
    expect(cleared).toMatchObject({ clearanceStatus: 'certified' });
    expect(cleared.qrData).not.toBeNull();
    const journal = await db.pool.query<{ uid: string }>('SELECT uid FROM emecef_journal WHERE invoice_id = $1', [
      invoice.id,
    ]);
    expect(journal.rows).toHaveLength(1);
    expect(emecef.confirmed().filter((r) => r.uid === journal.rows[0]?.uid)).toHaveLength(1);
  });

  it('after a 500 on confirm and a restart, reconciles from the journal and never submits twice', async () => {
    const invoice = await issue(23_600);
    const before = emecef.invoices().length;
    emecef.failAfterConfirmNext(1);
    const first = await tick(process());
    expect(first.find((r) => r.invoiceId === invoice.id)?.status).toBe('uncertain');
    // A new process: nothing in memory, only the database.
    clock = new Date(clock.getTime() + 3_600_000);
    await tick(process());
    expect((await reload(invoice.id)).clearanceStatus).toBe('certified');
    expect(emecef.invoices().length - before).toBe(1);
    expect(
      emecef.confirmed().filter((r) => r.request.client?.name === 'Koffi Adjovi' && r.totals.total === 23_600),
    ).toHaveLength(1);
  });
});
