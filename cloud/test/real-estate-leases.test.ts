// Proves leases under law 2018-575 (issue 25): refusals first (a non-partner, another owner's listing, a 3-month
// deposit with the law's reason, an early revision, an unknown or suspended tenant, a third party reading or signing,
// a wrong hash, a file that is not a PNG), then a compliant lease signed by both parties: its PDF downloaded is the
// hash on the lease, re-rendered to the same bytes, verifiable (a tampered byte is not), the rent schedule written,
// the listing let, each signature audited; and the deposit's return with its statement.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { earliestRevisionOn, rentSchedule } from '@ismail/shared';
import { leaseContractPdf } from '../src/modules/real-estate/document-lease.js';
import { factsOf, leaseRow } from '../src/modules/real-estate/lease-read.js';
import type { LeaseView } from '../src/modules/real-estate/lease-read.js';
import { testBackends } from './support/databases.js';
import { bearer, type Signed } from './support/people.js';
import { giveIsmailId, sha256, signaturePng } from './support/real-estate-lease-fixtures.js';
import { makeCandidate, makeLandlord, publishListing, type Landlord } from './support/real-estate-fixtures.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

describe.each(testBackends)('real estate leases on $name', (backend) => {
  let cloud: TestCloud;
  let app: FastifyInstance;
  let landlord: Landlord;
  let other: Landlord;
  let tenant: Signed;
  let stranger: Signed;
  let tenantIsmailId: string;
  let listingId: string;
  let keys = 0;
  const key = (): string => `lease-${String(++keys)}`;
  const call = (who: Signed, method: 'GET' | 'POST', url: string, payload?: object, idempotencyKey?: string) =>
    app.inject({
      method,
      url,
      headers: { ...bearer(who), ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }) },
      ...(payload === undefined ? {} : { payload }),
    });
  const terms = (overrides: object = {}) => ({
    listingId,
    tenantIsmailId,
    rentXof: 150_000,
    chargesXof: 10_000,
    depositXof: 300_000,
    advanceXof: 150_000,
    startsOn: '2027-01-01',
    durationMonths: 12,
    ...overrides,
  });

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    app = cloud.app;
    landlord = await makeLandlord(cloud, { name: 'Koffi Immobilier' });
    other = await makeLandlord(cloud, { name: 'Autre Bailleur' });
    tenant = await makeCandidate(cloud, { name: 'Awa' });
    stranger = await makeCandidate(cloud, { name: 'Intrus' });
    tenantIsmailId = await giveIsmailId(cloud, tenant.id);
    await giveIsmailId(cloud, landlord.id, 'PT');
    listingId = await publishListing(cloud, landlord, { title: 'Appartement 3 pièces Riviera' });
  });
  afterAll(async () => cloud.close());

  it('refuses a lease to a non-partner, on another owner’s listing, and without an Idempotency-Key', async () => {
    expect((await call(tenant, 'POST', '/v1/real-estate/leases', terms(), key())).statusCode).toBe(403);
    const foreign = await call(other, 'POST', '/v1/real-estate/leases', terms(), key());
    expect(foreign.statusCode, foreign.body).toBe(403);
    expect((await call(landlord, 'POST', '/v1/real-estate/leases', terms())).statusCode).toBe(400);
  });

  it('refuses a 3-month deposit and an early revision with the law’s reason', async () => {
    const deposit = await call(landlord, 'POST', '/v1/real-estate/leases', terms({ depositXof: 450_000 }), key());
    expect(deposit.statusCode).toBe(400);
    expect(deposit.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(deposit.json<{ error: { message: string } }>().error.message).toMatch(
      /^La caution ne peut pas dépasser 2 mois de loyer \(loi n° 2018-575/,
    );
    const revision = await call(landlord, 'POST', '/v1/real-estate/leases', terms({ revisionOn: '2028-01-01' }), key());
    expect(revision.statusCode).toBe(400);
    expect(revision.json<{ error: { message: string } }>().error.message).toContain('2030-01-01');
    const { rows } = await cloud.db.pool.query('SELECT 1 FROM real_estate_leases WHERE listing_id = $1', [listingId]);
    expect(rows).toHaveLength(0);
  });

  it('refuses an unknown, malformed or suspended tenant', async () => {
    for (const id of ['CI261206-ZZZZ-CL', 'pas-un-id']) {
      const r = await call(landlord, 'POST', '/v1/real-estate/leases', terms({ tenantIsmailId: id }), key());
      expect(r.statusCode, id).toBe(400);
      expect(r.json<{ error: { message: string } }>().error.message).toContain('ISMAIL');
    }
    const suspended = await makeCandidate(cloud, { name: 'Suspendu' });
    const suspendedId = await giveIsmailId(cloud, suspended.id);
    await cloud.db.pool.query("UPDATE accounts SET status = 'suspended' WHERE id = $1", [suspended.id]);
    const r = await call(landlord, 'POST', '/v1/real-estate/leases', terms({ tenantIsmailId: suspendedId }), key());
    expect(r.statusCode).toBe(400);
  });

  it('makes a compliant lease, signed by both parties, whose PDF hash is verifiable', async () => {
    const k = key();
    const created = await call(landlord, 'POST', '/v1/real-estate/leases', terms(), k);
    expect(created.statusCode, created.body).toBe(201);
    const lease = created.json<LeaseView>();
    expect(lease).toMatchObject({
      status: 'awaiting_signatures',
      revisionOn: earliestRevisionOn('2027-01-01'),
      tenantId: tenant.id,
      landlordId: landlord.id,
      paymentDay: 5,
      graceDays: 5,
      dues: [],
    });
    // The same key again is the same lease, not a second one.
    const again = await call(landlord, 'POST', '/v1/real-estate/leases', terms(), k);
    expect(again.json<LeaseView>().id).toBe(lease.id);
    // The tenant is asked to sign, once.
    const { rows: toSign } = await cloud.db.pool.query<{ recipient_id: string }>(
      "SELECT recipient_id FROM notifications WHERE event_type = 'real_estate.lease_to_sign' AND event_key = $1",
      [`re-lease-to-sign:${lease.id}`],
    );
    expect(toSign.map((n) => n.recipient_id)).toEqual([tenant.id]);
    // A second lease on the same listing while this one runs is refused.
    expect((await call(landlord, 'POST', '/v1/real-estate/leases', terms(), key())).statusCode).toBe(409);

    // The tenant downloads the contract: its bytes are the hash on the lease, and render again identically.
    const pdf = await call(tenant, 'GET', `/v1/real-estate/documents/${String(lease.documentId)}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(sha256(pdf.rawPayload)).toBe(lease.documentSha256);
    const again2 = await leaseContractPdf(factsOf(await leaseRow(cloud.db.pool, lease.id)));
    expect(again2.equals(pdf.rawPayload)).toBe(true);
    expect(pdf.rawPayload.toString('latin1')).toContain('/Title');

    // A third party reads nothing and signs nothing; the staff of another landlord neither.
    expect((await call(stranger, 'GET', `/v1/real-estate/leases/${lease.id}`)).statusCode).toBe(404);
    expect((await call(stranger, 'GET', `/v1/real-estate/documents/${String(lease.documentId)}`)).statusCode).toBe(404);
    expect((await call(other.staff, 'GET', `/v1/real-estate/leases/${lease.id}`)).statusCode).toBe(404);
    const signature = {
      typedName: 'Awa Test',
      signaturePngBase64: await signaturePng(),
      documentSha256: lease.documentSha256,
    };
    expect((await call(stranger, 'POST', `/v1/real-estate/leases/${lease.id}/sign`, signature)).statusCode).toBe(404);
    // A hash of other bytes: the signer did not read this lease.
    const stale = await call(tenant, 'POST', `/v1/real-estate/leases/${lease.id}/sign`, {
      ...signature,
      documentSha256: 'a'.repeat(64),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { message: string } }>().error.message).toBe('Le bail a changé : relisez-le');
    // A JPEG, or bytes that only claim to be a PNG, is not a signature.
    const jpeg = await sharp(randomBytes(64 * 64 * 3), { raw: { width: 64, height: 64, channels: 3 } })
      .jpeg()
      .toBuffer();
    for (const bad of [jpeg, Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(400)])]) {
      const r = await call(tenant, 'POST', `/v1/real-estate/leases/${lease.id}/sign`, {
        ...signature,
        signaturePngBase64: bad.toString('base64'),
      });
      expect(r.statusCode).toBe(400);
    }
    const big = await sharp(randomBytes(400 * 300 * 3), { raw: { width: 400, height: 300, channels: 3 } })
      .png()
      .toBuffer();
    expect(big.length).toBeGreaterThan(256 * 1024);
    // One byte over 256 KB (its base64 still fits the body's bound), then a PNG cut short under it.
    for (const cut of [256 * 1024 + 1, 200_000]) {
      const r = await call(tenant, 'POST', `/v1/real-estate/leases/${lease.id}/sign`, {
        ...signature,
        signaturePngBase64: big.subarray(0, cut).toString('base64'),
      });
      expect(r.statusCode, String(cut)).toBe(400);
    }

    const byTenant = await call(tenant, 'POST', `/v1/real-estate/leases/${lease.id}/sign`, signature);
    expect(byTenant.statusCode, byTenant.body).toBe(200);
    expect(byTenant.json<LeaseView>()).toMatchObject({
      status: 'awaiting_signatures',
      signatures: [{ party: 'tenant' }],
    });
    // Signing again changes nothing.
    expect((await call(tenant, 'POST', `/v1/real-estate/leases/${lease.id}/sign`, signature)).statusCode).toBe(200);
    // The landlord's staff signs for it (acting owner).
    const byLandlord = await call(landlord.staff, 'POST', `/v1/real-estate/leases/${lease.id}/sign`, {
      ...signature,
      typedName: 'Koffi Immobilier',
    });
    expect(byLandlord.statusCode, byLandlord.body).toBe(200);
    const active = byLandlord.json<LeaseView>();
    expect(active.status).toBe('active');
    expect(active.signatures.map((s) => s.party).sort()).toEqual(['landlord', 'tenant']);
    const schedule = rentSchedule({
      startsOn: '2027-01-01',
      durationMonths: 12,
      paymentDay: 5,
      rentXof: 150_000,
      chargesXof: 10_000,
      advanceXof: 150_000,
    });
    expect(active.dues.map((d) => [d.period, d.dueOn, d.amountXof])).toEqual(
      schedule.map((d) => [d.period, d.dueOn, d.amountXof]),
    );
    expect(active.dues).toHaveLength(11);
    // The signed PDF keeps its bytes.
    expect(active.documentSha256).toBe(lease.documentSha256);
    const after = await call(landlord, 'GET', `/v1/real-estate/documents/${String(lease.documentId)}`);
    expect(sha256(after.rawPayload)).toBe(lease.documentSha256);

    const { rows: listing } = await cloud.db.pool.query<{ status: string }>(
      'SELECT status FROM real_estate_listings WHERE id = $1',
      [listingId],
    );
    expect(listing[0]?.status).toBe('rented');
    const { rows: audits } = await cloud.db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'real_estate.lease_signature' AND subject_id = $1",
      [lease.id],
    );
    expect(audits[0]?.n).toBe(2);
    const { rows: notes } = await cloud.db.pool.query<{ recipient_id: string }>(
      "SELECT recipient_id FROM notifications WHERE event_type = 'real_estate.lease_signed' AND event_key = $1",
      [`re-lease-signed:${lease.id}`],
    );
    expect(notes.map((n) => n.recipient_id).sort()).toEqual([landlord.id, tenant.id].sort());

    // Verify: the downloaded bytes' hash matches, with both signers; one byte changed does not.
    const verified = await call(tenant, 'POST', `/v1/real-estate/leases/${lease.id}/verify`, {
      sha256: sha256(after.rawPayload),
    });
    expect(verified.json()).toMatchObject({ matches: true, signedBy: [{}, {}] });
    const tampered = Buffer.from(after.rawPayload);
    tampered[tampered.length >> 1] = (tampered[tampered.length >> 1] ?? 0) ^ 0x01;
    const refused = await call(tenant, 'POST', `/v1/real-estate/leases/${lease.id}/verify`, {
      sha256: sha256(tampered),
    });
    expect(refused.json()).toEqual({ matches: false, signedBy: [] });
    expect(
      (await call(stranger, 'POST', `/v1/real-estate/leases/${lease.id}/verify`, { sha256: 'a'.repeat(64) }))
        .statusCode,
    ).toBe(404);

    // Lists: mine as landlord, mine as tenant, nobody else's.
    const asLandlord = await call(landlord, 'GET', '/v1/real-estate/leases?role=landlord');
    expect(asLandlord.json<{ leases: LeaseView[] }>().leases.map((l) => l.id)).toEqual([lease.id]);
    const asTenant = await call(tenant, 'GET', '/v1/real-estate/leases?role=tenant');
    expect(asTenant.json<{ leases: LeaseView[] }>().leases.map((l) => l.id)).toEqual([lease.id]);
    expect((await call(stranger, 'GET', '/v1/real-estate/leases')).json()).toEqual({ leases: [] });

    // The deposit's return: the landlord's, never above the deposit, once, with its statement.
    const returnUrl = `/v1/real-estate/leases/${lease.id}/deposit-return`;
    expect((await call(tenant, 'POST', returnUrl, { amountXof: 1, note: '' })).statusCode).toBe(403);
    expect((await call(other, 'POST', returnUrl, { amountXof: 1, note: '' })).statusCode).toBe(404);
    expect((await call(landlord, 'POST', returnUrl, { amountXof: 300_001, note: '' })).statusCode).toBe(400);
    const returned = await call(landlord, 'POST', returnUrl, { amountXof: 250_000, note: 'Peinture du salon' });
    expect(returned.statusCode, returned.body).toBe(200);
    const withReturn = returned.json<LeaseView>();
    expect(withReturn.depositReturnedXof).toBe(250_000);
    const statement = withReturn.documents.find((d) => d.kind === 'deposit_return');
    expect(statement).toBeDefined();
    const statementPdf = await call(tenant, 'GET', `/v1/real-estate/documents/${String(statement?.id)}`);
    expect(sha256(statementPdf.rawPayload)).toBe(statement?.sha256);
    expect((await call(landlord, 'POST', returnUrl, { amountXof: 1, note: '' })).statusCode).toBe(409);
  });

  it('activates a lease once when both parties sign at the same time', async () => {
    const listing = await publishListing(cloud, landlord, { title: 'Villa Bingerville' });
    const created = await call(
      landlord,
      'POST',
      '/v1/real-estate/leases',
      terms({ listingId: listing, advanceXof: 0, durationMonths: 6 }),
      key(),
    );
    expect(created.statusCode, created.body).toBe(201);
    const lease = created.json<LeaseView>();
    const png = await signaturePng();
    const both = await Promise.all(
      [tenant, landlord].map((who) =>
        call(who, 'POST', `/v1/real-estate/leases/${lease.id}/sign`, {
          typedName: 'Signature simultanée',
          signaturePngBase64: png,
          documentSha256: lease.documentSha256,
        }),
      ),
    );
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
    const read = (await call(tenant, 'GET', `/v1/real-estate/leases/${lease.id}`)).json<LeaseView>();
    expect(read.status).toBe('active');
    expect(read.dues).toHaveLength(6);
    const { rows } = await cloud.db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'real_estate.lease_active' AND subject_id = $1",
      [lease.id],
    );
    expect(rows[0]?.n).toBe(1);
  });
});
