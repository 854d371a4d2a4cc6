// The stores every cloud process reads (issue 29.1): the document store (exports, attachments, statements) and the
// file store that holds KYC documents and the monthly invoice archives in production mode, both in PostgreSQL.
// Real databases: the embedded PGlite and the PostgreSQL server; what is sealed on disk is sealed in the table too.
// Two processes are two pools over one server database (needs ISMAIL_TEST_DATABASE_URL; never skipped silently).
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@ismail/shared';
import { requireTestDatabaseUrl } from '../../tools/test-support/system-tools.js';
import { createServerDatabase, serverName, testServerUrl } from '../../tools/test-support/test-databases.js';
import { buildCloudApp } from '../src/app.js';
import { archiveMonth, openArchive, verifyArchive } from '../src/modules/invoicing/archive.js';
import { kycDocumentMaxBytes, kycSealedMaxBytes, kycStore } from '../src/modules/kyc/documents.js';
import type { MasterKey } from '../src/platform/crypto/sealed.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrate } from '../src/platform/db/migrate.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { fileChunkBytes, pgFileStore } from '../src/platform/documents/pg-file-store.js';
import { PgDocumentStore } from '../src/platform/documents/store.js';
import { testBackends, testSecrets } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

/** A JPEG as the KYC check wants it (magic bytes), with a readable marker repeated through it. */
function jpeg(bytes: number, marker: string): Buffer {
  const body = Buffer.alloc(bytes, Buffer.from(` ${marker} `));
  body.set([0xff, 0xd8, 0xff], 0);
  return body;
}

async function chunksOf(db: Database, namespace: string, name: string): Promise<Buffer[]> {
  const { rows } = await db.pool.query<{ bytes: Buffer }>(
    'SELECT bytes FROM stored_file_chunks WHERE namespace = $1 AND name = $2 ORDER BY seq',
    [namespace, name],
  );
  return rows.map((r) => r.bytes);
}

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe.each(testBackends)('the PostgreSQL stores on $name', (backend) => {
  let db: Database;
  const masterKey: MasterKey = { bytes: randomBytes(32) };
  beforeAll(async () => {
    db = await backend.open();
    await migrate(db.pool);
  });
  afterAll(async () => {
    await db.close();
  });

  it('keeps a KYC document in bounded chunks of sealed bytes and reads it back whole', async () => {
    const kyc = kycStore(pgFileStore({ db, namespace: 'kyc', maxBytes: kycSealedMaxBytes }), masterKey);
    const id = randomUUID();
    const document = jpeg(2_500_000, 'PASSEPORT KOUASSI AICHA CI0123456789');
    await kyc.write(id, document);
    expect((await kyc.read(id)).equals(document)).toBe(true);
    const chunks = await chunksOf(db, 'kyc', `${id}.sealed`);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(fileChunkBytes);
    const stored = Buffer.concat(chunks);
    expect(stored.includes(Buffer.from('KOUASSI'))).toBe(false);
    expect(stored.includes(document.subarray(0, 64))).toBe(false);
    // The same key, the wrong document id: the sealing's context refuses it (a file cannot be passed off as another).
    const other = randomUUID();
    await db.pool.query(
      `INSERT INTO stored_files (namespace, name, size_bytes, chunk_count)
         SELECT namespace, $2, size_bytes, chunk_count FROM stored_files WHERE namespace = 'kyc' AND name = $1`,
      [`${id}.sealed`, `${other}.sealed`],
    );
    await db.pool.query(
      `INSERT INTO stored_file_chunks (namespace, name, seq, bytes)
         SELECT namespace, $2, seq, bytes FROM stored_file_chunks WHERE namespace = 'kyc' AND name = $1`,
      [`${id}.sealed`, `${other}.sealed`],
    );
    await expect(kyc.read(other)).rejects.toThrow();
    // Another master key opens nothing.
    await expect(
      kycStore(pgFileStore({ db, namespace: 'kyc', maxBytes: kycSealedMaxBytes }), { bytes: randomBytes(32) }).read(id),
    ).rejects.toThrow();
  });

  it('takes the largest KYC document and refuses a bigger file with a clear error, leaving no row', async () => {
    const files = pgFileStore({ db, namespace: 'kyc', maxBytes: kycSealedMaxBytes });
    const kyc = kycStore(files, masterKey);
    const largest = randomUUID();
    await kyc.write(largest, jpeg(kycDocumentMaxBytes, 'MAX'));
    expect((await kyc.read(largest)).length).toBe(kycDocumentMaxBytes);
    const tooBig = randomUUID();
    const refused = await appErrorOf(kyc.write(tooBig, jpeg(kycDocumentMaxBytes + 4096, 'OVER')));
    expect(refused.code).toBe('PAYLOAD_TOO_LARGE');
    expect(refused.message).toMatch(/over the store's bound of \d+ MiB/);
    const small = pgFileStore({ db, namespace: 'bound-test', maxBytes: 1000 });
    expect((await appErrorOf(small.create('a.bin', Buffer.alloc(1001, 1)))).code).toBe('PAYLOAD_TOO_LARGE');
    expect(await small.create('a.bin', Buffer.alloc(1000, 1))).toBe(true);
    const { rows } = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM stored_files WHERE name = $1 OR (namespace = 'bound-test' AND name <> 'a.bin')",
      [`${tooBig}.sealed`],
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('answers null for a missing file, NOT_FOUND for a missing KYC document, and refuses names that are paths', async () => {
    const files = pgFileStore({ db, namespace: 'kyc', maxBytes: kycSealedMaxBytes });
    expect(await files.read(`${randomUUID()}.sealed`)).toBeNull();
    expect((await appErrorOf(kycStore(files, masterKey).read(randomUUID()))).code).toBe('NOT_FOUND');
    for (const name of ['', '../etc/passwd', 'a/b', '.hidden', 'x'.repeat(201)])
      expect((await appErrorOf(files.create(name, Buffer.from('x')))).code).toBe('VALIDATION_FAILED');
    expect(() => pgFileStore({ db, namespace: 'Bad/Name', maxBytes: 10 })).toThrow(/namespace/);
  });

  it('writes a name once: a second write, even a racing one, finds the first and changes nothing', async () => {
    const files = pgFileStore({ db, namespace: 'once-test', maxBytes: 10 * fileChunkBytes });
    const first = randomBytes(fileChunkBytes + 10);
    const second = randomBytes(fileChunkBytes + 20);
    const outcomes = await Promise.all([files.create('race.bin', first), files.create('race.bin', second)]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const winner = outcomes[0] === true ? first : second;
    expect((await files.read('race.bin'))?.equals(winner)).toBe(true);
    expect(await files.create('race.bin', randomBytes(5))).toBe(false);
    expect((await files.read('race.bin'))?.equals(winner)).toBe(true);
  });

  it("writes in the caller's transaction: a rollback leaves no file; removing deletes every chunk", async () => {
    const files = pgFileStore({ db, namespace: 'tx-test', maxBytes: 10 * fileChunkBytes });
    await expect(
      withTransaction(db.pool, async (client) => {
        expect(await files.create('rolled-back.bin', randomBytes(2 * fileChunkBytes), client)).toBe(true);
        throw new Error('the upload failed after the file was written');
      }),
    ).rejects.toThrow(/upload failed/);
    expect(await files.read('rolled-back.bin')).toBeNull();
    expect(await chunksOf(db, 'tx-test', 'rolled-back.bin')).toHaveLength(0);
    await files.create('kept.bin', randomBytes(2 * fileChunkBytes + 1));
    expect(await chunksOf(db, 'tx-test', 'kept.bin')).toHaveLength(3);
    await files.remove('kept.bin');
    await files.remove('kept.bin');
    expect(await files.read('kept.bin')).toBeNull();
    expect(await chunksOf(db, 'tx-test', 'kept.bin')).toHaveLength(0);
  });

  it('keeps a month’s invoice archive sealed in the table, written once, verified against the database', async () => {
    const files = pgFileStore({ db, namespace: 'invoice-archive', maxBytes: 64 * fileChunkBytes });
    const now = new Date('2026-12-05T10:00:00Z');
    const first = await archiveMonth(db, masterKey, files, '2020-01', now);
    expect(first).toMatchObject({ written: true, manifest: { period: '2020-01', count: 0 } });
    expect((await archiveMonth(db, masterKey, files, '2020-01', now)).written).toBe(false);
    expect(await verifyArchive(db, masterKey, files, '2020-01')).toMatchObject({ matchesDatabase: true });
    await expect(openArchive({ bytes: randomBytes(32) }, files, '2020-01')).rejects.toThrow(/does not open/);
    await expect(openArchive(masterKey, files, '2020-02')).rejects.toThrow(/No archive/);
  });

  it('the document store: written, read back, sealed in its table, bounded, null for a missing id', async () => {
    const store = new PgDocumentStore({ db, masterKey, now: () => new Date() });
    const marker = 'RELEVE BANCAIRE KONE MOUSSA 12 500 FCFA';
    const body = Buffer.from(`${marker}\n`.repeat(10_000));
    const stored = await store.put(
      { kind: 'bank_statement', ownerAccountId: null, filename: 'releve.csv', contentType: 'text/csv' },
      Readable.from([body.subarray(0, 100_000), body.subarray(100_000)]),
    );
    expect(stored.sizeBytes).toBe(body.length);
    const opened = await store.open(stored.id);
    expect(await text(opened?.body ?? Readable.from([]))).toBe(body.toString());
    const { rows } = await db.pool.query<{ sealed: string }>(
      'SELECT sealed FROM document_chunks WHERE document_id = $1',
      [stored.id],
    );
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row.sealed).not.toContain('KONE');
    const tooLarge = await appErrorOf(
      store.put(
        { kind: 'kyc', ownerAccountId: null, filename: 'big.jpg', contentType: 'image/jpeg' },
        Buffer.alloc(5 * 1024 * 1024 + 1),
      ),
    );
    expect(tooLarge.message).toMatch(/dépasse la taille maximale de 5 Mo/);
    expect(await store.open(randomUUID())).toBeNull();
    expect(await store.describe(randomUUID())).toBeNull();
    expect(await store.describe('not-a-uuid')).toBeNull();
  });
});

// Two processes behind a load balancer: two pools, two stores, one server database. On the embedded PGlite one process
// holds the database, so this needs the server; without ISMAIL_TEST_DATABASE_URL (which `npm test` sets) it fails
// saying so.
describe('two store instances over one PostgreSQL server read each other’s files (needs ISMAIL_TEST_DATABASE_URL)', () => {
  let first: Database | undefined;
  let second: Database | undefined;
  let drop: (() => Promise<void>) | undefined;
  const masterKey: MasterKey = { bytes: randomBytes(32) };
  beforeAll(async () => {
    requireTestDatabaseUrl();
    if (testServerUrl === undefined) throw new Error('ISMAIL_TEST_DATABASE_URL is set but no server URL was read');
    const database = await createServerDatabase(testServerUrl);
    drop = database.drop;
    first = await openDatabase({ url: database.url, poolMax: 4, embeddedDataDir: 'unused' });
    second = await openDatabase({ url: database.url, poolMax: 4, embeddedDataDir: 'unused' });
    await migrate(first.pool);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await drop?.();
  });

  it('a KYC document, an archive and a document written through one are read through the other', async () => {
    if (first === undefined || second === undefined) throw new Error('databases not opened');
    const kycA = kycStore(pgFileStore({ db: first, namespace: 'kyc', maxBytes: kycSealedMaxBytes }), masterKey);
    const kycB = kycStore(pgFileStore({ db: second, namespace: 'kyc', maxBytes: kycSealedMaxBytes }), masterKey);
    const id = randomUUID();
    const photo = jpeg(1_200_000, 'PHOTO');
    await kycA.write(id, photo);
    expect((await kycB.read(id)).equals(photo)).toBe(true);
    await kycB.remove(id);
    await expect(kycA.read(id)).rejects.toThrow(/not in the store/);

    const archivesA = pgFileStore({ db: first, namespace: 'invoice-archive', maxBytes: 64 * fileChunkBytes });
    const archivesB = pgFileStore({ db: second, namespace: 'invoice-archive', maxBytes: 64 * fileChunkBytes });
    const now = new Date('2026-12-05T10:00:00Z');
    // Both processes' hourly jobs archive the month at once: one writes it, the other finds it.
    const both = await Promise.all([
      archiveMonth(first, masterKey, archivesA, '2020-03', now),
      archiveMonth(second, masterKey, archivesB, '2020-03', now),
    ]);
    expect(both.map((r) => r.written).sort()).toEqual([false, true]);
    expect(await verifyArchive(second, masterKey, archivesB, '2020-03')).toMatchObject({ matchesDatabase: true });

    const documentsA = new PgDocumentStore({ db: first, masterKey, now: () => new Date() });
    const documentsB = new PgDocumentStore({ db: second, masterKey, now: () => new Date() });
    const stored = await documentsA.put(
      { kind: 'export', ownerAccountId: null, filename: 'ventes.csv', contentType: 'text/csv' },
      Buffer.from('date;montant\n2026-12-05;12500\n'),
    );
    const opened = await documentsB.open(stored.id);
    expect(await text(opened?.body ?? Readable.from([]))).toBe('date;montant\n2026-12-05;12500\n');
  });
});

// The wiring: two cloud apps on one server database with fileStorage "database" (what server.ts picks when DATABASE_URL
// is set), each with its own data folder, as two machines would have.
describe('two cloud apps in production mode share KYC documents and archives (needs ISMAIL_TEST_DATABASE_URL)', () => {
  let cloud: TestCloud | undefined;
  let other: Awaited<ReturnType<typeof buildCloudApp>> | undefined;
  beforeAll(async () => {
    requireTestDatabaseUrl();
    const server = testBackends.find((b) => b.name === serverName);
    if (server === undefined)
      throw new Error('ISMAIL_TEST_DATABASE_URL is set but cloud/test/support/databases.ts gave no server backend');
    cloud = await openTestCloud(server, { seedRates: false, fileStorage: 'database' });
    // The second process: the same shared secrets, another machine's empty data folder.
    other = await buildCloudApp({
      schemaCompilation: 'on-first-use',
      db: cloud.db,
      logLevel: 'error',
      ...cloud.secrets,
      kycDir: testSecrets().kycDir,
      fileStorage: 'database',
    });
  });
  afterAll(async () => {
    await other?.close();
    await cloud?.close();
  });

  it('a document written by one is read by the other; an archive made through one is verified through the other', async () => {
    if (cloud === undefined || other === undefined) throw new Error('clouds not opened');
    const id = randomUUID();
    const photo = jpeg(40_000, 'PHOTO');
    await cloud.app.platform.documents.write(id, photo);
    expect((await other.platform.documents.read(id)).equals(photo)).toBe(true);
    // Through the routes: the holder uploads to one process (in the upload’s transaction) and reads from the other.
    const holder = { authorization: `Bearer ${cloud.people.clientA.token}` };
    const opened = await cloud.app.inject({ method: 'POST', url: '/v1/kyc/cases', headers: holder });
    expect(opened.statusCode, opened.body).toBe(201);
    const { caseId } = opened.json<{ caseId: string }>();
    const pdf = Buffer.from('%PDF-1.4\nPASSEPORT YAO KOFFI\n%%EOF\n');
    const uploaded = await cloud.app.inject({
      method: 'PUT',
      url: `/v1/kyc/cases/${caseId}/documents/id_document`,
      headers: { ...holder, 'content-type': 'application/pdf' },
      payload: pdf,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const { documentId } = uploaded.json<{ documentId: string }>();
    const read = await other.inject({
      method: 'GET',
      url: `/v1/kyc/cases/${caseId}/documents/${documentId}`,
      headers: holder,
    });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.rawPayload.equals(pdf)).toBe(true);
    const sealed = Buffer.concat(await chunksOf(cloud.db, 'kyc', `${documentId}.sealed`));
    expect(sealed.length).toBeGreaterThan(pdf.length);
    expect(sealed.includes(Buffer.from('PASSEPORT'))).toBe(false);
    const operator = { authorization: `Bearer ${cloud.secrets.operatorToken}` };
    const made = await cloud.app.inject({
      method: 'POST',
      url: '/v1/operator/invoices/archives',
      headers: operator,
      payload: { period: '2020-05' },
    });
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json()).toMatchObject({ written: true });
    const verified = await other.inject({
      method: 'GET',
      url: '/v1/operator/invoices/archives/2020-05',
      headers: operator,
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({ matchesDatabase: true, manifest: { period: '2020-05', count: 0 } });
  });
});
