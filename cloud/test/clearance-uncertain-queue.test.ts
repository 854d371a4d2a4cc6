// Proves that, against simulators behaving as the real FNE and e-MECeF (no lookup), an
// uncertain certification is parked for a person instead of being resent: it is listed in
// the admin queue with what to check on the portal; an admin resolution "certified" with
// the reference the authority holds ends it certified exactly once (a second resolution,
// concurrent or later, is refused with 409); "resubmit" sends an invoice the authority never
// received once; a refused connection is retried on its own; bad input is a 400.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InvoiceDraft } from '@ismail/shared';
import { startEmecefSimulator, startFneSimulator, type EmecefSimulator, type FneSimulator } from '@ismail/firmware-sim';
import type { Database } from '../src/platform/db/database.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { buildCloudApp } from '../src/app.js';
import { databaseEmecefJournal } from '../src/modules/invoicing/clearance-from-config.js';
import { ClearanceService, invoiceClearanceStore } from '../src/modules/invoicing/clearance-service.js';
import { EmecefConnector } from '../src/modules/invoicing/clearance/emecef.js';
import { FneConnector } from '../src/modules/invoicing/clearance/fne.js';
import { createDraft, issueInvoice, toRecord, type InvoiceRecord } from '../src/modules/invoicing/invoices.js';
import type { UncertainInvoice } from '../src/modules/invoicing/uncertain-queue.js';
import { testBackends, testSecrets } from './support/databases.js';
import { awaSeller, cashSale, cotonouSeller } from './support/sale-draft.js';
import { bearer, createPeople, type Person, type Signed } from './support/people.js';
import { insertAccount, walletStack } from './support/wallet-fixtures.js';

const actor = { label: 'test', place: 'test' };
const ncc = '9999999X';
const ifu = '9999900000001';
const fneKey = 'fne-test-key-0123456789';
const emecefToken = 'emecef-test-token-0123456789';

function document(country: 'CI' | 'BJ', price: number): InvoiceDraft {
  return country === 'CI'
    ? cashSale(awaSeller(ncc), { label: 'Pagne wax', quantityMilli: 1000, unitPriceXof: price, taxGroup: 'CI-TVA-18' })
    : cashSale(
        cotonouSeller(ifu),
        { label: 'Tissu kente', quantityMilli: 1000, unitPriceXof: price, taxGroup: 'BJ-B' },
        { kind: 'B2C', name: 'Koffi Adjovi' },
      );
}

describe.each(testBackends)('uncertain clearances and their admin queue on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let fne: FneSimulator;
  let emecef: EmecefSimulator;
  let clearance: ClearanceService;
  let issuer: string;
  let clock = new Date();

  const fneConnector = (baseUrl: string) =>
    new FneConnector(
      {
        baseUrl,
        apiKey: fneKey,
        pointOfSale: 'Caisse 1',
        establishment: 'Cocody',
        walkInClient: { name: 'Client comptant', phone: '0700000000', email: 'client@ismail.ci' },
        timeoutMs: 2000,
      },
      { originals: invoiceClearanceStore(db, 'fne') },
    );

  beforeAll(async () => {
    db = await backend.open();
    await walletStack(db);
    const secrets = testSecrets();
    app = await buildCloudApp({ schemaCompilation: 'on-first-use', db, logLevel: 'error', ...secrets });
    people = await createPeople(db, app, secrets.masterKey);
    issuer = await insertAccount(db, 'partner');
    // As the real authorities: no lookup (the simulators' default, and the connectors').
    fne = await startFneSimulator({ port: 0, apiKey: fneKey, ncc });
    emecef = await startEmecefSimulator({ port: 0, token: emecefToken, ifu });
    const emecefConnector = new EmecefConnector(
      { baseUrl: emecef.baseUrl, token: emecefToken, operatorName: 'Caisse ISMAIL', timeoutMs: 2000 },
      { journal: databaseEmecefJournal(db) },
    );
    clearance = new ClearanceService(db, { CI: fneConnector(fne.baseUrl), BJ: emecefConnector }, () => clock);
  });
  afterAll(async () => {
    await app.close();
    await emecef.close();
    await fne.close();
    await db.close();
  });

  const tx = <T>(work: (c: pg.PoolClient) => Promise<T>) => withTransaction(db.pool, work);
  const issue = async (country: 'CI' | 'BJ', price: number): Promise<InvoiceRecord> =>
    tx(async (c) =>
      issueInvoice(
        c,
        (
          await createDraft(c, {
            issuerAccountId: issuer,
            register: 'cloud',
            document: document(country, price),
            createdBy: 'test',
          })
        ).id,
        actor,
      ),
    );
  const reload = async (id: string) =>
    toRecord(
      (await db.pool.query('SELECT * FROM invoices WHERE id = $1', [id])).rows[0] as Parameters<typeof toRecord>[0],
    );
  const certifiedAtFne = (invoiceId: string) => fne.certified().filter((c) => c.clientReference === invoiceId);
  // The service's clock only moves forward from the database's own time.
  const tick = async (service = clearance) => {
    if (clock.getTime() < Date.now() + 1000) clock = new Date(Date.now() + 1000);
    return service.tick();
  };
  const later = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000);
  };
  const queue = async (person: Person = 'admin') => {
    const response = await app.inject({
      method: 'GET',
      url: '/v1/admin/invoices/uncertain',
      headers: bearer(people[person]),
    });
    return {
      status: response.statusCode,
      invoices: response.statusCode === 200 ? response.json<{ invoices: UncertainInvoice[] }>().invoices : [],
    };
  };
  const resolve = (invoiceId: string, body: unknown, person: Person = 'admin') =>
    app.inject({
      method: 'POST',
      url: `/v1/admin/invoices/${invoiceId}/clearance-resolution`,
      headers: bearer(people[person]),
      payload: body as Record<string, unknown>,
    });

  it('FNE "500 after certifying": parked, listed, resolved certified with the reference FNE holds, exactly once', async () => {
    const invoice = await issue('CI', 7080);
    fne.failAfterCertifyNext(1);
    expect((await tick()).find((r) => r.invoiceId === invoice.id)?.status).toBe('uncertain');
    for (let round = 0; round < 3; round++) {
      later(3600);
      await tick();
    }
    expect((await reload(invoice.id)).clearanceStatus).toBe('uncertain');
    const [held] = certifiedAtFne(invoice.id);
    expect(certifiedAtFne(invoice.id)).toHaveLength(1);
    expect(fne.duplicateAttempts()).toBe(0);

    expect((await queue('partnerA')).status).toBe(403);
    const listed = (await queue()).invoices.find((i) => i.invoiceId === invoice.id);
    expect(listed).toMatchObject({
      number: invoice.number,
      authority: 'fne',
      amountXof: 7080,
      reason: expect.stringContaining('500'),
      searchFor: `Réf. ${invoice.number ?? ''} · ${invoice.id}`,
    });
    expect(listed?.portalCheck).toContain("Dans l'espace FNE");
    expect(listed?.portalCheck).toContain(invoice.number);
    expect(Date.parse(listed?.uncertainSince ?? '')).toBeGreaterThan(0);

    // The admin reads the number and the verification URL on the FNE space (here: the simulator's own store).
    const body = {
      outcome: 'certified',
      authorityReference: held?.reference,
      qrData: held?.token,
      note: 'Trouvée dans l’espace FNE par son message commercial',
    };
    const [first, second] = await Promise.all([resolve(invoice.id, body), resolve(invoice.id, body)]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
    const refused = first.statusCode === 409 ? first : second;
    expect(refused.json()).toMatchObject({
      error: { code: 'CONFLICT', details: [{ path: '/clearanceStatus', problem: 'certified' }] },
    });
    const later409 = await resolve(invoice.id, {
      outcome: 'resubmit',
      absentFromPortal: true,
      note: 'second thoughts',
    });
    expect(later409.statusCode).toBe(409);

    const cleared = await reload(invoice.id);
    expect(cleared).toMatchObject({
      clearanceStatus: 'certified',
      authorityReference: held?.reference,
      qrData: held?.token,
    });
    later(3600);
    await tick();
    expect(certifiedAtFne(invoice.id)).toHaveLength(1);
    expect((await queue()).invoices.some((i) => i.invoiceId === invoice.id)).toBe(false);
    const audit = await db.pool.query<{ action: string; actor_account_id: string }>(
      "SELECT action, actor_account_id FROM audit_log WHERE subject_id = $1 AND action IN ('invoice.clearance_resolved', 'invoice.certified') ORDER BY seq",
      [invoice.id],
    );
    expect(audit.rows).toEqual([
      { action: 'invoice.clearance_resolved', actor_account_id: people.admin.id },
      { action: 'invoice.certified', actor_account_id: people.admin.id },
    ]);
  });

  it('resubmits, once, an invoice the authority never received', async () => {
    // The gateway answers 503: FNE got nothing, but a 503 alone does not prove it.
    fne.setDown(true);
    const invoice = await issue('CI', 2360);
    await tick();
    fne.setDown(false);
    later(3600);
    await tick();
    expect((await reload(invoice.id)).clearanceStatus).toBe('uncertain');
    expect(certifiedAtFne(invoice.id)).toHaveLength(0);
    expect((await queue()).invoices.some((i) => i.invoiceId === invoice.id)).toBe(true);

    const resubmitted = await resolve(invoice.id, {
      outcome: 'resubmit',
      absentFromPortal: true,
      note: 'Absente de l’espace FNE',
    });
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    expect(resubmitted.json()).toMatchObject({ clearanceStatus: 'uncertain', authorityReference: null });
    expect((await queue()).invoices.some((i) => i.invoiceId === invoice.id)).toBe(false);
    await tick();
    expect((await reload(invoice.id)).clearanceStatus).toBe('certified');
    expect(certifiedAtFne(invoice.id)).toHaveLength(1);
    expect((await resolve(invoice.id, { outcome: 'resubmit', absentFromPortal: true, note: 'again' })).statusCode).toBe(
      409,
    );
  });

  it('retries on its own, without a person, an invoice whose connection was refused', async () => {
    const probe = await startFneSimulator({ port: 0, apiKey: fneKey, ncc });
    const closedBaseUrl = probe.baseUrl;
    await probe.close();
    const unreachable = new ClearanceService(db, { CI: fneConnector(closedBaseUrl) }, () => clock);
    const invoice = await issue('CI', 1180);
    expect((await tick(unreachable)).find((r) => r.invoiceId === invoice.id)?.status).toBe('uncertain');
    const { rows } = await db.pool.query<{ clearance_uncertain_next: string; clearance_parked_at: Date | null }>(
      'SELECT clearance_uncertain_next, clearance_parked_at FROM invoices WHERE id = $1',
      [invoice.id],
    );
    expect(rows[0]).toEqual({ clearance_uncertain_next: 'resend', clearance_parked_at: null });
    expect((await queue()).invoices.some((i) => i.invoiceId === invoice.id)).toBe(false);
    later(700);
    await tick();
    expect((await reload(invoice.id)).clearanceStatus).toBe('certified');
    expect(certifiedAtFne(invoice.id)).toHaveLength(1);
  });

  it('e-MECeF "500 after confirm": parked with the uid to look up, resolved certified once', async () => {
    const invoice = await issue('BJ', 5900);
    emecef.failAfterConfirmNext(1);
    await tick();
    later(60);
    await tick();
    expect((await reload(invoice.id)).clearanceStatus).toBe('uncertain');
    const uid = (
      await db.pool.query<{ uid: string }>('SELECT uid FROM emecef_journal WHERE invoice_id = $1', [invoice.id])
    ).rows[0]?.uid;
    const listed = (await queue()).invoices.find((i) => i.invoiceId === invoice.id);
    expect(listed).toMatchObject({ authority: 'emecef', amountXof: 5900, searchFor: uid });
    expect(listed?.portalCheck).toContain(`Sur le portail e-MECeF (DGI Bénin), recherchez la demande ${uid ?? '?'}`);

    const confirmed = emecef.confirmed().filter((c) => c.uid === uid);
    expect(confirmed).toHaveLength(1);
    const security = confirmed[0]?.securityElements;
    const resolved = await resolve(invoice.id, {
      outcome: 'certified',
      authorityReference: security?.codeMECeFDGI,
      qrData: security?.qrCode,
      certifiedAt: '2026-03-01T10:00:00Z',
      note: 'Confirmée sur le portail e-MECeF',
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(await reload(invoice.id)).toMatchObject({
      clearanceStatus: 'certified',
      authorityReference: security?.codeMECeFDGI,
    });
    expect(
      (await resolve(invoice.id, { outcome: 'certified', authorityReference: security?.codeMECeFDGI, note: 'twice' }))
        .statusCode,
    ).toBe(409);
    later(3600);
    await tick();
    expect(emecef.confirmed()).toHaveLength(1);
    expect(emecef.invoices()).toHaveLength(1);
  });

  it('answers 400 to a malformed resolution, 404 to an unknown invoice, 409 to one not waiting for a person', async () => {
    fne.failAfterCertifyNext(1);
    const parked = await issue('CI', 3540);
    await tick();
    const bad = [
      { outcome: 'resubmit', note: 'absent' },
      { outcome: 'resubmit', absentFromPortal: false, note: 'absent' },
      { outcome: 'certified', note: 'no reference' },
      { outcome: 'maybe', note: 'hmm' },
      {
        outcome: 'certified',
        authorityReference: 'TEST-ABCD-EFGH-IJKL-MNOP-QRST',
        note: 'an e-MECeF code for an FNE invoice',
      },
      { outcome: 'certified', authorityReference: certifiedAtFne(parked.id)[0]?.reference, note: 'x' },
    ];
    for (const body of bad) {
      const response = await resolve(parked.id, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    }
    expect(
      (await resolve(parked.id, { outcome: 'resubmit', absentFromPortal: true, note: 'absent' }, 'adminNoMfa'))
        .statusCode,
    ).toBe(403);
    expect(
      (await resolve(randomUUID(), { outcome: 'resubmit', absentFromPortal: true, note: 'absent' })).statusCode,
    ).toBe(404);
    const fine = await issue('CI', 1180);
    await tick();
    expect((await reload(fine.id)).clearanceStatus).toBe('certified');
    const notParked = await resolve(fine.id, { outcome: 'resubmit', absentFromPortal: true, note: 'absent' });
    expect(notParked.statusCode).toBe(409);
    expect(notParked.json()).toMatchObject({
      error: { code: 'CONFLICT', details: [{ path: '/clearanceStatus', problem: 'certified' }] },
    });
    expect(await reload(parked.id)).toMatchObject({ clearanceStatus: 'uncertain' });
  });
});
