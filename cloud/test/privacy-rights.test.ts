/**
 * Personal-data rights (issue 27) on both databases: the registry covers every personal table of the schema; a client
 * with real invoices and ledger history exports their data (a JSON file per registered table), asks for erasure, an
 * admin decides; afterwards every registered personal column is gone or pseudonymised, the invoice still verifies and
 * the audit chain and the ledger check pass (the endpoints `ismail audit verify` and `ismail ledger check` call).
 */
import { randomUUID } from 'node:crypto';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../src/platform/db/transaction.js';
import { createDraft, issueInvoice } from '../src/modules/invoicing/invoices.js';
import { tableFileName } from '../src/modules/privacy/export-zip.js';
import { eraseAccount, whereOf } from '../src/modules/privacy/erasure.js';
import { notPersonalTables, personalDataRegistry } from '../src/modules/privacy/registry.js';
import { runRetention } from '../src/modules/privacy/retention.js';
import { testBackends } from './support/databases.js';
import { bearer } from './support/people.js';
import { cashSale, awaSeller } from './support/sale-draft.js';
import { giveTaxIdentity } from './support/shop-fixtures.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { as, cashHub, system } from './support/wallet-fixtures.js';

describe.each(testBackends)('personal-data rights on $name', (backend) => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await openTestCloud(backend);
  }, 120_000);
  afterAll(async () => cloud.close());
  const inject = (person: keyof TestCloud['people'], method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    cloud.app.inject({ method, url, headers: bearer(cloud.people[person]), ...(payload ? { payload } : {}) });

  it('lists every table of the schema holding an account or a phone, e-mail or name in the registry or the "not personal" list', async () => {
    const { rows } = await cloud.db.pool.query<{ table_name: string }>(
      `SELECT DISTINCT c.table_name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
          AND (c.column_name ~ '(phone|email|msisdn|first_name|last_name|display_name|typed_name|debtor_name)'
               OR EXISTS (SELECT 1 FROM information_schema.key_column_usage k
                            JOIN information_schema.constraint_column_usage u ON u.constraint_name = k.constraint_name
                             AND u.table_schema = k.table_schema
                           WHERE k.table_schema = c.table_schema AND k.table_name = c.table_name
                             AND k.column_name = c.column_name AND u.table_name = 'accounts'))`,
    );
    const registered = new Set(personalDataRegistry.map((t) => t.table));
    const forgotten = rows.map((r) => r.table_name).filter((t) => !registered.has(t) && !(t in notPersonalTables));
    expect(forgotten).toEqual([]);
    // Every declaration names a real table and reads: its subject query runs.
    for (const t of personalDataRegistry)
      await cloud.db.pool.query(`SELECT 1 FROM ${t.table} WHERE ${whereOf(t)} LIMIT 1`, [randomUUID()]);
    // And every erasure statement is valid SQL on this schema (columns exist, replacements fit): run, rolled back.
    const client = await cloud.db.pool.connect();
    try {
      await client.query('BEGIN');
      await eraseAccount(client, {
        accountId: cloud.people.clientB.id,
        pseudonymKey: Buffer.alloc(32, 7),
        registry: personalDataRegistry,
        store: undefined,
      });
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('keeps the register, the decisions and retention for admins; a person reads only their own requests', async () => {
    expect((await inject('clientA', 'GET', '/v1/privacy/registry')).statusCode).toBe(403);
    expect((await inject('clientA', 'GET', '/v1/privacy/registry.csv')).statusCode).toBe(403);
    expect((await inject('partnerA', 'GET', '/v1/admin/privacy/requests')).statusCode).toBe(403);
    const filed = await inject('clientB', 'POST', '/v1/privacy/requests', {
      kind: 'rectification',
      details: 'Nom mal écrit',
    });
    expect(filed.statusCode).toBe(201);
    const id = filed.json<{ id: string }>().id;
    const others = (await inject('clientA', 'GET', '/v1/privacy/requests')).json<{ requests: { id: string }[] }>();
    expect(others.requests.map((r) => r.id)).not.toContain(id);
    expect(
      (await inject('clientB', 'POST', `/v1/admin/privacy/requests/${id}/decision`, { decision: 'done', note: '' }))
        .statusCode,
    ).toBe(403);
    expect((await inject('clientB', 'POST', '/v1/privacy/requests', { kind: 'oubli', details: 'x' })).statusCode).toBe(
      400,
    );
    const csv = await inject('admin', 'GET', '/v1/privacy/registry.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('kyc_documents');
  });

  it('exports, then erases a client with invoices and ledger history; invoices, audit and ledger still verify', async () => {
    const client = cloud.people.clientA;
    const partner = cloud.people.partnerA;
    await giveTaxIdentity(cloud.db, partner.id);
    const ops = cloud.app.wallet.operations;
    // Ledger history: credits bought for cash at a counter (spent later, once the refusal is seen).
    await ops.buyCreditsWithCash(system(), { accountId: client.id, hubId: await cashHub(cloud.db), amountXof: 1_000 });
    const issued = await withTransaction(cloud.db.pool, async (c) => {
      const draft = await createDraft(c, {
        issuerAccountId: partner.id,
        register: 'cloud',
        document: cashSale(awaSeller('1234567A'), {
          label: 'Pagne wax',
          quantityMilli: 1000,
          unitPriceXof: 5000,
          taxGroup: 'CI-TVA-18',
        }),
        createdBy: partner.id,
        recipientAccountId: client.id,
      });
      return issueInvoice(c, draft.id, { accountId: partner.id, label: partner.id, place: 'cloud' });
    });
    expect(issued.status).toBe('issued');

    // Through the route and the documents module's job runner, as the portal does.
    const started = await inject('clientA', 'POST', '/v1/privacy/exports');
    expect(started.statusCode, started.body).toBe(202);
    const { jobId } = started.json<{ jobId: string }>();
    await cloud.app.documents.exportJobs.runQueued();
    expect((await inject('clientB', 'GET', `/v1/export-jobs/${jobId}`)).statusCode).toBe(404);
    const job = (await inject('clientA', 'GET', `/v1/export-jobs/${jobId}`)).json<{ status: string }>();
    expect(job.status).toBe('done');
    const stored = await cloud.db.pool.query<{ document_id: string }>(
      'SELECT document_id FROM export_jobs WHERE id = $1',
      [jobId],
    );
    const opened = await cloud.app.documents.store.open(stored.rows[0]?.document_id ?? '');
    if (opened === null) return expect.fail('the export has no document');
    expect(opened.document).toMatchObject({ kind: 'data_export', ownerAccountId: client.id });
    const zip = await JSZip.loadAsync(
      await new Promise<Buffer>((resolve, reject) => {
        const parts: Buffer[] = [];
        opened.body
          .on('data', (b: Buffer) => parts.push(b))
          .on('end', () => resolve(Buffer.concat(parts)))
          .on('error', reject);
      }),
    );
    for (const t of personalDataRegistry) expect(zip.file(tableFileName(t)), tableFileName(t)).not.toBeNull();
    expect(await zip.file('README.txt')?.async('string')).toContain('vos données personnelles');
    const accounts = JSON.parse((await zip.file('identity/accounts.json')?.async('string')) ?? '[]') as object[];
    expect(accounts).toHaveLength(1);
    expect(JSON.stringify(accounts)).not.toContain('scrypt');

    const filed = await inject('clientA', 'POST', '/v1/privacy/requests', {
      kind: 'erasure',
      details: 'Effacez mon compte',
    });
    expect(filed.statusCode).toBe(201);
    const requestId = filed.json<{ id: string }>().id;
    const decide = () =>
      inject('admin', 'POST', `/v1/admin/privacy/requests/${requestId}/decision`, { decision: 'done', note: 'ok' });
    // Credits left: refused, in French, saying which obligation; nothing was erased.
    const refused = await decide();
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('crédits sur le portefeuille');
    expect(
      (await cloud.db.pool.query('SELECT 1 FROM sessions WHERE account_id = $1', [client.id])).rowCount,
    ).toBeGreaterThan(0);
    // The person spends them (a real transfer): the erasure can go on.
    const wallet = await cloud.db.pool.query<{ left: string }>(
      "SELECT (credits_posted - debits_posted)::text AS left FROM ledger_accounts WHERE owner_account_id = $1 AND kind = 'wallet'",
      [client.id],
    );
    await ops.transfer(as(client.id), {
      fromId: client.id,
      toId: partner.id,
      amountCentiCredits: Number(wallet.rows[0]?.left),
    });
    const done = await decide();
    expect(done.statusCode, done.body).toBe(200);
    expect((await decide()).statusCode).toBe(409);

    // Every personal column the registry lists is gone or pseudonymised.
    for (const t of personalDataRegistry) {
      if (t.onErasure === 'keep') continue;
      const personal = Object.entries(t.columns).filter(([, how]) => how !== 'keep');
      const { rows } = await cloud.db.pool.query<Record<string, unknown>>(
        `SELECT * FROM ${t.table} WHERE ${whereOf(t)}`,
        [client.id],
      );
      if (t.onErasure === 'delete') expect(rows, t.table).toEqual([]);
      else
        for (const row of rows)
          for (const [column, how] of personal) {
            const value = row[column];
            if (how === 'pseudonym')
              expect(String(value), `${t.table}.${column}`).toMatch(/Personne effacée [0-9a-f]{8}|effacee-/);
            else
              expect(
                [null, '[effacé]', '', '{}'].includes(
                  typeof value === 'object' && value !== null ? '{}' : (value as string | null),
                ),
                `${t.table}.${column}`,
              ).toBe(true);
          }
    }
    const account = await cloud.db.pool.query<{ email: string; status: string; first_name: string | null }>(
      'SELECT email, status, first_name FROM accounts WHERE id = $1',
      [client.id],
    );
    expect(account.rows[0]).toMatchObject({ status: 'closed', first_name: null });
    expect(account.rows[0]?.email).not.toBe(client.email);
    // The invoice is untouched (final by law); the account it names is now anonymous.
    const link = await cloud.db.pool.query('SELECT recipient_account_id FROM invoices WHERE id = $1', [issued.id]);
    expect(link.rows[0]).toEqual({ recipient_account_id: client.id });
    // No way back in.
    const signIn = await cloud.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { email: client.email, password: 'correct horse battery' },
    });
    expect(signIn.statusCode).toBeGreaterThanOrEqual(400);
    // The invoice is still the genuine document it was.
    const verify = await cloud.app.inject({
      method: 'GET',
      url: `/v1/invoices/verify?number=${issued.number ?? ''}&hash=${issued.contentHash ?? ''}`,
    });
    expect(verify.statusCode, verify.body).toBe(200);
    const operator = { authorization: `Bearer ${cloud.secrets.operatorToken}` };
    const audit = await cloud.app.inject({ method: 'GET', url: '/v1/operator/audit/verify', headers: operator });
    expect(audit.json()).toMatchObject({ ok: true });
    const ledger = await cloud.app.inject({ method: 'GET', url: '/v1/operator/ledger/check', headers: operator });
    expect(ledger.json()).toMatchObject({ ok: true });
  }, 60_000);

  it('retention erases the KYC documents of a person inactive 5 years, not of one active last year', async () => {
    const now = new Date('2032-06-01T00:00:00Z');
    const old = cloud.people.repA.id;
    const recent = cloud.people.repB.id;
    const kyc = cloud.app.platform.documents;
    const ids: Record<string, string> = {};
    for (const [who, seen] of [
      [old, '2026-01-01T00:00:00Z'],
      [recent, '2031-06-01T00:00:00Z'],
    ] as const) {
      const caseId = randomUUID();
      const docId = randomUUID();
      await cloud.db.pool.query('UPDATE accounts SET created_at = $2 WHERE id = $1', [who, '2025-01-01T00:00:00Z']);
      await cloud.db.pool.query('UPDATE sessions SET created_at = $2, used_at = $2 WHERE account_id = $1', [who, seen]);
      await cloud.db.pool.query(
        "INSERT INTO kyc_cases (id, account_id, state, consent_version, consent_at) VALUES ($1, $2, 'draft', 'v1', now())",
        [caseId, who],
      );
      await kyc.write(docId, Buffer.from([0xff, 0xd8, 0xff, 1]));
      await cloud.db.pool.query(
        "INSERT INTO kyc_documents (id, case_id, kind, content_type, size_bytes) VALUES ($1, $2, 'photo', 'image/jpeg', 4)",
        [docId, caseId],
      );
      ids[who] = docId;
    }
    const run = await runRetention(cloud.db, kyc, now);
    expect(run.kycDocuments).toBeGreaterThanOrEqual(1);
    const left = await cloud.db.pool.query<{ id: string }>('SELECT id FROM kyc_documents WHERE id = ANY($1::uuid[])', [
      Object.values(ids),
    ]);
    expect(left.rows.map((r) => r.id)).toEqual([ids[recent]]);
    await expect(kyc.read(ids[old] ?? '')).rejects.toThrow();
  });
});
