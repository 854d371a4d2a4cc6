// Signed document links and retention (issue 27) on both databases. Refusals first: no session, another signed-in
// person, an altered token, a token forged under another key, a token for another document, after expiry (the test
// clock moves), after erasure; a fresh link for someone else's document is 404. Then the download itself (headers,
// bytes, audit) and the retention job erasing an export past its 7 days.
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock, type TestClock } from '../src/platform/test-clock.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import type { Signed } from './support/people.js';

describe.each(testBackends)('documents: signed links and retention on $name', (backend) => {
  let cloud: TestCloud;
  let clock: TestClock;
  let documentId = '';
  const bytes = Buffer.from('Référence;Montant\nF-1;12 500\n', 'utf8');
  const get = (who: Signed | null, url: string) =>
    cloud.app.inject({
      method: 'GET',
      url,
      headers: who === null ? {} : { authorization: `Bearer ${who.token}` },
    });
  const post = (who: Signed, url: string) =>
    cloud.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${who.token}` } });
  const sign = (viewer: Signed, ttlMs?: number) =>
    cloud.app.documents.links.sign({
      documentId,
      viewerAccountId: viewer.id,
      ...(ttlMs === undefined ? {} : { ttlMs }),
    });
  const codeOf = (body: string): unknown => (JSON.parse(body) as { error: { code: string } }).error.code;

  beforeAll(async () => {
    clock = testClock();
    cloud = await openTestCloud(backend, { seedRates: false, testClock: clock });
    const doc = await cloud.app.documents.store.put(
      {
        kind: 'export',
        ownerAccountId: cloud.people.partnerA.id,
        filename: 'Ventes décembre.csv',
        contentType: 'text/csv',
      },
      bytes,
    );
    documentId = doc.id;
  });
  afterAll(async () => cloud.close());

  it('refuses a link without a session (401) and to another signed-in person (403 LINK_NOT_YOURS)', async () => {
    const url = sign(cloud.people.partnerA);
    expect((await get(null, url)).statusCode).toBe(401);
    const other = await get(cloud.people.partnerB, url);
    expect(other.statusCode).toBe(403);
    expect(codeOf(other.body)).toBe('LINK_NOT_YOURS');
    // Even an admin: the link names one viewer.
    expect(codeOf((await get(cloud.people.admin, url)).body)).toBe('LINK_NOT_YOURS');
  });

  it('refuses an altered token, a token forged under another key and a token for another document (LINK_INVALID)', async () => {
    const url = sign(cloud.people.partnerA);
    const token = new URL(url, 'http://x').searchParams.get('link') ?? '';
    const [body = '', mac = ''] = token.split('.');
    const payload = Buffer.from(body, 'base64url');
    // Push the expiry a year later: the HMAC no longer matches.
    payload.writeBigUInt64BE(payload.readBigUInt64BE(32) + 31_536_000_000n, 32);
    const altered = `${payload.toString('base64url')}.${mac}`;
    const otherKey = Buffer.from(hkdfSync('sha256', randomBytes(32), Buffer.alloc(0), 'document-links', 32));
    const forgedMac = createHmac('sha256', otherKey).update(`document-link:${body}`).digest('base64url');
    for (const link of [altered, `${body}.${forgedMac}`, `${body}.`, 'nonsense', `${body}.${mac}.x`]) {
      const response = await get(cloud.people.partnerA, `/v1/documents/${documentId}/content?link=${link}`);
      expect(response.statusCode, link).toBe(403);
      expect(codeOf(response.body)).toBe('LINK_INVALID');
    }
    const elsewhere = await get(cloud.people.partnerA, `/v1/documents/${crypto.randomUUID()}/content?link=${token}`);
    expect(codeOf(elsewhere.body)).toBe('LINK_INVALID');
  });

  it('refuses a link after its expiry (410 LINK_EXPIRED), measured by the test clock', async () => {
    const url = sign(cloud.people.partnerA, 60_000);
    expect((await get(cloud.people.partnerA, url)).statusCode).toBe(200);
    clock.advance(61_000);
    const late = await get(cloud.people.partnerA, url);
    expect(late.statusCode).toBe(410);
    expect(codeOf(late.body)).toBe('LINK_EXPIRED');
    expect(() => sign(cloud.people.partnerA, 61 * 60_000)).toThrow(RangeError);
  });

  it('answers 404 for a fresh link to someone else’s document, and gives one to its owner, their staff and admins', async () => {
    for (const who of [cloud.people.partnerB, cloud.people.clientA])
      expect((await post(who, `/v1/documents/${documentId}/links`)).statusCode).toBe(404);
    expect((await post(cloud.people.partnerA, `/v1/documents/${crypto.randomUUID()}/links`)).statusCode).toBe(404);
    for (const who of [cloud.people.partnerA, cloud.people.staffA, cloud.people.admin]) {
      const response = await post(who, `/v1/documents/${documentId}/links`);
      expect(response.statusCode).toBe(200);
      const { url, expiresAt } = response.json<{ url: string; expiresAt: string }>();
      expect(Date.parse(expiresAt) - clock.now().getTime()).toBeGreaterThan(9 * 60_000);
      expect((await get(who, url)).statusCode).toBe(200);
      // The link is the caller's own: useless to anyone else.
      expect((await get(cloud.people.partnerB, url)).statusCode).toBe(403);
    }
  });

  it('gives the partner’s staff no link to the partner’s own papers (KYC), only the partner and admins', async () => {
    const kyc = await cloud.app.documents.store.put(
      { kind: 'kyc', ownerAccountId: cloud.people.partnerA.id, filename: 'cni.jpg', contentType: 'image/jpeg' },
      Buffer.from('jpeg'),
    );
    expect((await post(cloud.people.staffA, `/v1/documents/${kyc.id}/links`)).statusCode).toBe(404);
    expect((await post(cloud.people.partnerA, `/v1/documents/${kyc.id}/links`)).statusCode).toBe(200);
    expect((await post(cloud.people.admin, `/v1/documents/${kyc.id}/links`)).statusCode).toBe(200);
  });

  it('streams the bytes to the link’s viewer with private headers and audits the download', async () => {
    const response = await get(cloud.people.partnerA, sign(cloud.people.partnerA));
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(bytes)).toBe(true);
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toContain("filename*=UTF-8''Ventes%20d%C3%A9cembre.csv");
    const { rows } = await cloud.db.pool.query<{ detail: unknown }>(
      "SELECT detail FROM audit_log WHERE action = 'document.downloaded' AND subject_id = $1 ORDER BY seq DESC LIMIT 1",
      [documentId],
    );
    expect(rows[0]?.detail).toEqual({ kind: 'export', viewer: cloud.people.partnerA.id });
  });

  it('erases an export past its 7 days with the retention job (audited), after which its link answers 404', async () => {
    const kept = await cloud.app.documents.store.put(
      {
        kind: 'invoice_pdf',
        ownerAccountId: cloud.people.partnerA.id,
        filename: 'f.pdf',
        contentType: 'application/pdf',
      },
      Buffer.from('%PDF'),
    );
    const url = sign(cloud.people.partnerA, 60 * 60_000);
    expect(await cloud.app.documentRetention.runOnce()).toBe(0);
    clock.advance(7 * 86_400_000);
    expect(await cloud.app.documentRetention.runOnce()).toBe(1);
    expect(await cloud.app.documents.store.describe(documentId)).toBeNull();
    expect(await cloud.app.documents.store.describe(kept.id)).not.toBeNull();
    const { rows } = await cloud.db.pool.query(
      "SELECT detail FROM audit_log WHERE action = 'document.erased' AND subject_id = $1",
      [documentId],
    );
    expect(rows).toEqual([{ detail: { kind: 'export', reason: 'retention' } }]);
    // The link was signed for an hour from before the clock moved: expired now. A fresh one finds nothing.
    expect((await get(cloud.people.partnerA, url)).statusCode).toBe(410);
    const fresh = sign(cloud.people.partnerA);
    expect((await get(cloud.people.partnerA, fresh)).statusCode).toBe(404);
    expect((await post(cloud.people.partnerA, `/v1/documents/${documentId}/links`)).statusCode).toBe(404);
  });
});
