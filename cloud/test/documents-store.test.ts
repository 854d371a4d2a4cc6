// The document store (issue 27) on both databases: refusals first (an unknown kind, a bad name, a body over its kind's
// limit leaves nothing behind, a chunk moved to another position does not open), then a 30 MB stream stored and read
// back identical with the JS heap growing far less than its size (flat memory both ways), and erasure.
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../src/platform/db/transaction.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

/** A full collection before each measure, so garbage not yet collected is not counted as growth. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** `total` bytes of a pattern that changes every piece (compressible data would hide nothing, but be honest). */
function patterned(total: number, piece = 64 * 1024): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const size = Math.min(piece, total - sent);
      const bytes = Buffer.alloc(size, sent % 251);
      if (size >= 4) bytes.writeUInt32BE(sent >>> 0, 0);
      sent += size;
      this.push(bytes);
    },
  });
}

async function sha256Of(stream: Readable): Promise<{ hex: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const piece of stream as AsyncIterable<Buffer>) {
    hash.update(piece);
    bytes += piece.length;
  }
  return { hex: hash.digest('hex'), bytes };
}

describe.each(testBackends)('documents: store on $name', (backend) => {
  let cloud: TestCloud;
  const store = () => cloud.app.documents.store;
  const count = async (sql: string, values: unknown[] = []) =>
    Number((await cloud.db.pool.query<{ n: string }>(sql, values)).rows[0]?.n);

  beforeAll(async () => {
    cloud = await openTestCloud(backend, { seedRates: false });
  });
  afterAll(async () => cloud.close());

  it('refuses an unknown kind and a name with a path separator', async () => {
    const owner = cloud.people.clientA.id;
    await expect(
      store().put(
        { kind: 'passport' as never, ownerAccountId: owner, filename: 'a.pdf', contentType: 'x/y' },
        Buffer.from('x'),
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      store().put(
        { kind: 'receipt', ownerAccountId: owner, filename: '../etc/passwd', contentType: 'x/y' },
        Buffer.from('x'),
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses a stream over its kind’s limit (5 MB for a ticket attachment) and keeps nothing of it', async () => {
    const before = await count('SELECT count(*) AS n FROM document_chunks');
    const docsBefore = await count('SELECT count(*) AS n FROM documents');
    await expect(
      store().put(
        {
          kind: 'ticket_attachment',
          ownerAccountId: cloud.people.clientA.id,
          filename: 'big.bin',
          contentType: 'application/octet-stream',
        },
        patterned(5 * 1024 * 1024 + 1),
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/5 Mo/) as unknown });
    expect(await count('SELECT count(*) AS n FROM document_chunks')).toBe(before);
    expect(await count('SELECT count(*) AS n FROM documents')).toBe(docsBefore);
  });

  it('refuses to open a chunk moved to another position (each is sealed with its document and place)', async () => {
    const doc = await store().put(
      {
        kind: 'receipt',
        ownerAccountId: cloud.people.clientA.id,
        filename: 'reçu.bin',
        contentType: 'application/octet-stream',
      },
      patterned(600 * 1024),
    );
    // Swap chunks 0 and 1: each still opens under its own context, so only the position binding catches it.
    for (const [from, to] of [
      [0, 99],
      [1, 0],
      [99, 1],
    ])
      await cloud.db.pool.query('UPDATE document_chunks SET seq = $3 WHERE document_id = $1 AND seq = $2', [
        doc.id,
        from,
        to,
      ]);
    const opened = await store().open(doc.id);
    await expect(sha256Of(opened!.body)).rejects.toThrow();
  });

  it('writes in the caller’s transaction: a rollback leaves nothing, a commit keeps it (KYC kept without a date)', async () => {
    const owner = cloud.people.clientA.id;
    const docs = await count('SELECT count(*) AS n FROM documents');
    const chunks = await count('SELECT count(*) AS n FROM document_chunks');
    await expect(
      withTransaction(cloud.db.pool, async (client) => {
        await store().put(
          { kind: 'kyc', ownerAccountId: owner, filename: 'cni.jpg', contentType: 'image/jpeg' },
          patterned(300 * 1024),
          client,
        );
        throw new Error('the caller changed its mind');
      }),
    ).rejects.toThrow('changed its mind');
    expect(await count('SELECT count(*) AS n FROM documents')).toBe(docs);
    expect(await count('SELECT count(*) AS n FROM document_chunks')).toBe(chunks);
    const kept = await withTransaction(cloud.db.pool, (client) =>
      store().put(
        { kind: 'kyc', ownerAccountId: owner, filename: 'cni.jpg', contentType: 'image/jpeg' },
        Buffer.from('jpeg'),
        client,
      ),
    );
    expect(kept).toMatchObject({ kind: 'kyc', sizeBytes: 4, eraseAfter: null, ownerAccountId: owner });
    expect(await store().describe(kept.id)).toEqual(kept);
  });

  it('stores a 30 MB stream and reads it back identical, the heap growing far less than its size', async () => {
    const size = 30 * 1024 * 1024;
    const expected = await sha256Of(patterned(size));
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const sampler = setInterval(() => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }, 20);
    try {
      const doc = await store().put(
        { kind: 'export', ownerAccountId: cloud.people.partnerA.id, filename: 'ventes.csv', contentType: 'text/csv' },
        patterned(size),
      );
      expect(doc.sizeBytes).toBe(size);
      expect(doc.eraseAfter).not.toBeNull();
      expect(await count('SELECT count(*) AS n FROM document_chunks WHERE document_id = $1', [doc.id])).toBe(120);
      const opened = await store().open(doc.id);
      const read = await sha256Of(opened!.body);
      expect(read).toEqual(expected);
    } finally {
      clearInterval(sampler);
    }
    gc();
    const growthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    const peakMb = (heapPeak - heapBefore) / 1024 / 1024;
    // eslint-disable-next-line no-console -- the measure is the point of this test
    console.info(`30 MB through the store: heap growth ${growthMb.toFixed(1)} MB, peak ${peakMb.toFixed(1)} MB`);
    expect(growthMb).toBeLessThan(40);
    expect(peakMb).toBeLessThan(40);
  }, 240_000);

  it('erases a document: its chunks go, describe and open answer null, the row keeps the reason', async () => {
    const doc = await store().put(
      { kind: 'lease', ownerAccountId: cloud.people.clientB.id, filename: 'bail.pdf', contentType: 'application/pdf' },
      Buffer.from('%PDF-1.7 bail'),
    );
    expect((await store().describe(doc.id))?.filename).toBe('bail.pdf');
    await store().erase(doc.id, 'demande de la personne');
    expect(await store().describe(doc.id)).toBeNull();
    expect(await store().open(doc.id)).toBeNull();
    expect(await count('SELECT count(*) AS n FROM document_chunks WHERE document_id = $1', [doc.id])).toBe(0);
    const { rows } = await cloud.db.pool.query('SELECT erased_reason FROM documents WHERE id = $1', [doc.id]);
    expect(rows[0]).toEqual({ erased_reason: 'demande de la personne' });
    expect(await store().describe(randomUUID())).toBeNull();
  });
});
