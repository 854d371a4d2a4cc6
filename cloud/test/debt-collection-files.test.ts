// Proves a creditor's debt files (issue 26, part D) through the routes: refusals first (a client cannot create, read-
// only staff cannot write, malformed debtors, amounts and days are refused in French, another creditor reads, patches
// and notes nothing (404), an agent who is not the creditor's staff and another creditor's scenario cannot be set),
// then the happy path: a file by ISMAIL ID takes the account's name and phone (not the body's), the same reference
// twice is one file (also when sent twice at once), the debtor reads it with the phone masked, the list pages with a
// cursor and filters, the staff agent is assigned and writes a note, fees/write-off are audited file events, and a file
// opens from an invoice sold on credit with its amount and debtor read from the invoice.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from './support/databases.js';
import { bearer, type Signed } from './support/people.js';
import { makeLandlord, type Landlord } from './support/real-estate-fixtures.js';
import { giveIsmailId } from './support/real-estate-lease-fixtures.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

interface FileView {
  id: string;
  creditorId: string | null;
  debtorId: string | null;
  debtorName: string;
  debtorPhone: string | null;
  source: string;
  sourceRef: string;
  principalXof: number;
  feesXof: number;
  leftXof: number;
  status: string;
  assignedAgentId: string | null;
  flags: { promise: string | null; plan: string | null; disputed: boolean };
}

describe.each(testBackends)('debt collection: files on $name', (backend) => {
  let cloud: TestCloud;
  let creditor: Landlord;
  let debtor: Signed & { ismailId: string };
  const call = (who: Signed, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    cloud.app.inject({ method, url, headers: bearer(who), ...(payload === undefined ? {} : { payload }) });
  const manual = (reference: string, extra: object = {}) => ({
    debtor: { name: 'Koffi Brou', phone: '07 07 12 34 56' },
    label: 'Marchandises livrées',
    principalXof: 45_000,
    dueOn: '2026-11-30',
    reference,
    ...extra,
  });
  let fileId = '';

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    creditor = await makeLandlord(cloud, { name: 'Boutique Awa', fundXof: 0 });
    debtor = { ...cloud.people.clientA, ismailId: await giveIsmailId(cloud, cloud.people.clientA.id) };
    await cloud.db.pool.query("UPDATE accounts SET phone_e164 = '+2250701020304' WHERE id = $1", [debtor.id]);
  });
  afterAll(async () => cloud.close());

  it('refuses a client (403 before the body), read-only staff, and malformed debtors, amounts and days', async () => {
    expect((await call(cloud.people.clientB, 'POST', '/v1/debt-files', { nonsense: true })).statusCode).toBe(403);
    expect((await call(cloud.people.staffA, 'POST', '/v1/debt-files', manual('r-0'))).statusCode).toBe(403);
    const refused = async (body: object, message: RegExp) => {
      const response = await call(creditor, 'POST', '/v1/debt-files', body);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json<{ error: { message: string } }>().error.message).toMatch(message);
    };
    await refused(manual('r-1', { debtor: { name: 'Koffi', phone: '+33 6 12 34 56 78' } }), /numéro ivoirien/);
    await refused(manual('r-1', { debtor: { name: 'Koffi' } }), /téléphone ou une adresse e-mail/);
    await refused(manual('r-1', { debtor: { ismailId: 'CI000000-ZZZZ-CL' } }), /Aucun compte ISMAIL actif/);
    await refused(manual('r-1', { dueOn: '2026-02-30' }), /Échéance invalide/);
    expect((await call(creditor, 'POST', '/v1/debt-files', manual('r-1', { principalXof: -5 }))).statusCode).toBe(400);
    expect((await call(creditor, 'POST', '/v1/debt-files', manual('r-1', { principalXof: 10.5 }))).statusCode).toBe(
      400,
    );
    const scenario = await cloud.db.pool.query<{ id: string }>(
      `INSERT INTO collection_scenarios (id, creditor_id, name, steps) VALUES ($1, $2, 'Autre', '[{"key":"x"}]')
        RETURNING id`,
      [randomUUID(), cloud.people.partnerB.id],
    );
    const foreign = await call(creditor, 'POST', '/v1/debt-files', manual('r-1', { scenarioId: scenario.rows[0]?.id }));
    expect(foreign.statusCode).toBe(404);
    expect((await cloud.db.pool.query('SELECT 1 FROM collection_files')).rowCount).toBe(0);
  });

  it('opens a file by ISMAIL ID with the account’s name and phone, once per reference, even sent twice at once', async () => {
    const body = manual('FAC-2026-001', { debtor: { ismailId: debtor.ismailId.toLowerCase() }, feesXof: 2_500 });
    const [first, second] = await Promise.all([
      call(creditor, 'POST', '/v1/debt-files', body),
      call(creditor, 'POST', '/v1/debt-files', body),
    ]);
    expect([first?.statusCode, second?.statusCode]).toEqual([201, 201]);
    const files = [first, second].map((r) => r?.json<{ file: FileView; created: boolean }>());
    expect(files.map((f) => f?.created).sort()).toEqual([false, true]);
    expect(files[0]?.file.id).toBe(files[1]?.file.id);
    const file = files[0]?.file;
    expect(file).toMatchObject({
      creditorId: creditor.id,
      debtorId: debtor.id,
      debtorPhone: '+2250701020304',
      source: 'manual',
      sourceRef: `${creditor.id}:FAC-2026-001`,
      principalXof: 45_000,
      feesXof: 2_500,
      leftXof: 47_500,
      status: 'open',
      flags: { promise: null, plan: null, disputed: false },
    });
    expect(file?.debtorName).not.toBe('Koffi Brou');
    fileId = file?.id ?? '';
    // The debtor reads it, the phone masked; its list as debtor has it.
    const asDebtor = await call(debtor, 'GET', `/v1/debt-files/${fileId}`);
    expect(asDebtor.json<{ file: FileView }>().file.debtorPhone).toBe('+225 07 •• •• •• 04');
    const mine = await call(debtor, 'GET', '/v1/debt-files?role=debtor');
    expect(mine.json<{ files: FileView[] }>().files.map((f) => f.id)).toEqual([fileId]);
  });

  it('hides the file from another creditor (read, patch, note: 404) and refuses an agent who is not my staff', async () => {
    const other = cloud.people.partnerB;
    expect((await call(other, 'GET', `/v1/debt-files/${fileId}`)).statusCode).toBe(404);
    expect((await call(other, 'PATCH', `/v1/debt-files/${fileId}`, { feesXof: 0 })).statusCode).toBe(404);
    expect((await call(other, 'POST', `/v1/debt-files/${fileId}/notes`, { text: 'vu' })).statusCode).toBe(404);
    expect((await call(cloud.people.clientB, 'GET', `/v1/debt-files/${fileId}`)).statusCode).toBe(404);
    expect((await call(other, 'GET', '/v1/debt-files')).json<{ files: unknown[] }>().files).toEqual([]);
    // Partner A's staff is not this creditor's.
    const agent = await call(creditor, 'PATCH', `/v1/debt-files/${fileId}`, {
      assignedAgentId: cloud.people.staffA.id,
    });
    expect(agent.statusCode).toBe(404);
    expect(agent.json<{ error: { message: string } }>().error.message).toMatch(/Agent introuvable/);
    // Fees below what was paid, a closed status from the body, and nothing to change are refused.
    expect((await call(creditor, 'PATCH', `/v1/debt-files/${fileId}`, { status: 'paid' })).statusCode).toBe(400);
    expect((await call(creditor, 'PATCH', `/v1/debt-files/${fileId}`, {})).statusCode).toBe(400);
  });

  it('assigns my staff, who reads the file and writes a note; fees and write-off are audited file events', async () => {
    const agents = await call(creditor, 'GET', '/v1/debt-collection/agents');
    expect(agents.json()).toEqual({ agents: [{ id: creditor.staff.id, name: 'Boutique Awa (équipe)' }] });
    const assigned = await call(creditor, 'PATCH', `/v1/debt-files/${fileId}`, {
      assignedAgentId: creditor.staff.id,
      feesXof: 5_000,
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json<{ file: FileView }>().file).toMatchObject({
      assignedAgentId: creditor.staff.id,
      leftXof: 50_000,
    });
    const note = await call(creditor.staff, 'POST', `/v1/debt-files/${fileId}/notes`, {
      text: 'Appelé, rappeler lundi',
    });
    expect(note.statusCode, note.body).toBe(201);
    const off = await call(creditor, 'PATCH', `/v1/debt-files/${fileId}`, { status: 'written_off' });
    expect(off.json<{ file: FileView }>().file.status).toBe('written_off');
    // A closed file changes no more.
    expect((await call(creditor, 'PATCH', `/v1/debt-files/${fileId}`, { status: 'legal' })).statusCode).toBe(409);
    const history = await call(creditor, 'GET', `/v1/debt-files/${fileId}`);
    expect(history.json<{ events: { kind: string }[] }>().events.map((e) => e.kind)).toEqual([
      'opened',
      'assigned',
      'note',
      'note',
      'status',
    ]);
    const audit = await cloud.db.pool.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE subject_id = $1 AND action LIKE 'debt.%' ORDER BY seq",
      [fileId],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'debt.file_opened',
      'debt.file_updated',
      'debt.file_note',
      'debt.file_updated',
    ]);
  });

  it('pages the list 100 at a time with a cursor, and filters by status and search', async () => {
    for (let i = 0; i < 104; i++) {
      const response = await call(creditor, 'POST', '/v1/debt-files', {
        ...manual(`P-${String(i)}`),
        debtor: { name: i === 7 ? 'Adjoua Éléonore' : `Client ${String(i)}`, email: `c${String(i)}@exemple.ci` },
      });
      expect(response.statusCode).toBe(201);
    }
    const first = (await call(creditor, 'GET', '/v1/debt-files')).json<{ files: FileView[]; nextCursor: string }>();
    expect(first.files).toHaveLength(100);
    const second = (await call(creditor, 'GET', `/v1/debt-files?cursor=${encodeURIComponent(first.nextCursor)}`)).json<{
      files: FileView[];
      nextCursor: string | null;
    }>();
    expect(second.files).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.files, ...second.files].map((f) => f.id)).size).toBe(105);
    const found = (await call(creditor, 'GET', '/v1/debt-files?q=eleonore')).json<{ files: FileView[] }>();
    expect(found.files.map((f) => f.debtorName)).toEqual(['Adjoua Éléonore']);
    const off = (await call(creditor, 'GET', '/v1/debt-files?status=written_off')).json<{ files: FileView[] }>();
    expect(off.files.map((f) => f.id)).toEqual([fileId]);
    expect((await call(creditor, 'GET', '/v1/debt-files?cursor=nope')).statusCode).toBe(400);
  });

  it('opens a file from my invoice sold on credit, amount and debtor from the invoice; refuses one paid at issue', async () => {
    const invoice = async (payments: { method: string; amountXof: number }[], issuer = creditor.id) => {
      const id = randomUUID();
      await cloud.db.pool.query(
        `INSERT INTO invoices (id, issuer_account_id, register, kind, status, document, totals, number, issued_at,
           content_hash, created_by, recipient_account_id)
         VALUES ($1, $2, 'T1', 'invoice', 'issued', $3, '{"grossXof": 30000}', $4, now(), $5, 'test', $6)`,
        [
          id,
          issuer,
          { buyer: { kind: 'B2C', name: 'Ignoré' }, payments },
          `F-${id.slice(0, 8)}`,
          'a'.repeat(64),
          debtor.id,
        ],
      );
      return id;
    };
    const paid = await invoice([{ method: 'cash', amountXof: 30_000 }]);
    expect((await call(creditor, 'POST', '/v1/debt-files', { invoiceId: paid })).statusCode).toBe(400);
    const someoneElses = await invoice([{ method: 'credit', amountXof: 30_000 }], cloud.people.partnerB.id);
    expect((await call(creditor, 'POST', '/v1/debt-files', { invoiceId: someoneElses })).statusCode).toBe(404);
    const onCredit = await invoice([
      { method: 'cash', amountXof: 10_000 },
      { method: 'credit', amountXof: 20_000 },
    ]);
    const opened = await call(creditor, 'POST', '/v1/debt-files', { invoiceId: onCredit });
    expect(opened.statusCode, opened.body).toBe(201);
    expect(opened.json<{ file: FileView; created: boolean }>()).toMatchObject({
      created: true,
      file: { source: 'invoice', sourceRef: onCredit, principalXof: 20_000, debtorId: debtor.id },
    });
    const again = await call(creditor, 'POST', '/v1/debt-files', { invoiceId: onCredit });
    expect(again.json<{ created: boolean }>().created).toBe(false);
  });
});
