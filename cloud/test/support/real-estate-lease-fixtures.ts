/**
 * What the lease and rent suites share (issue 25): an ISMAIL ID given to a test account, a drawn signature (a real
 * PNG), and a lease made and signed by both parties through the routes.
 */
import { createHash, randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { LeaseView } from '../../src/modules/real-estate/lease-read.js';
import { bearer, type Signed } from './people.js';
import type { TestCloud } from './test-cloud.js';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const randomPart = (): string => Array.from(randomBytes(4), (b) => alphabet[b % 32] ?? '0').join('');

/** A well-formed ISMAIL ID written on the account (the suites do not go through allocation). */
export async function giveIsmailId(cloud: TestCloud, accountId: string, type: 'CL' | 'PT' = 'CL'): Promise<string> {
  const id = `CI261206-${randomPart()}-${type}`;
  await cloud.db.pool.query('UPDATE accounts SET ismail_id = $2 WHERE id = $1', [accountId, id]);
  return id;
}

/** A drawn signature: a real PNG of noise (a flat image would compress under the table's 100-byte floor). */
export const signaturePng = async (): Promise<string> =>
  (
    await sharp(randomBytes(160 * 50 * 3), { raw: { width: 160, height: 50, channels: 3 } })
      .png()
      .toBuffer()
  ).toString('base64');

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export function leaseCaller(cloud: TestCloud) {
  return (who: Signed, method: 'GET' | 'POST', url: string, payload?: object, idempotencyKey?: string) =>
    cloud.app.inject({
      method,
      url,
      headers: { ...bearer(who), ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }) },
      ...(payload === undefined ? {} : { payload }),
    });
}

/** A lease made by `landlord` on `listingId` for `tenant` (who has an ISMAIL ID) and signed by both: active. */
export async function signedLease(
  cloud: TestCloud,
  landlord: Signed,
  tenant: Signed & { ismailId: string },
  listingId: string,
  terms: Record<string, unknown> = {},
): Promise<LeaseView> {
  const call = leaseCaller(cloud);
  const created = await call(
    landlord,
    'POST',
    '/v1/real-estate/leases',
    {
      listingId,
      tenantIsmailId: tenant.ismailId,
      rentXof: 100_000,
      chargesXof: 0,
      depositXof: 200_000,
      advanceXof: 0,
      startsOn: '2027-01-01',
      durationMonths: 12,
      ...terms,
    },
    `lease-${listingId}`,
  );
  if (created.statusCode !== 201) throw new Error(`lease not created: ${created.body}`);
  const lease = created.json<LeaseView>();
  let last = lease;
  for (const who of [tenant, landlord]) {
    const signed = await call(who, 'POST', `/v1/real-estate/leases/${lease.id}/sign`, {
      typedName: 'Signataire Test',
      signaturePngBase64: await signaturePng(),
      documentSha256: lease.documentSha256,
    });
    if (signed.statusCode !== 200) throw new Error(`lease not signed: ${signed.body}`);
    last = signed.json<LeaseView>();
  }
  return last;
}
