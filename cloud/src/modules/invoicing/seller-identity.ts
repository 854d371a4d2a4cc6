/**
 * The seller an invoice names, read from the issuer's own account (issue 19.8, SPEC 3.7
 * mandatory mentions): legal and trade name, street address, NCC/IFU, RCCM, tax regime and
 * office, phone, e-mail. Every cloud-drafted document takes its seller from here and keeps
 * it (the document is frozen at issue), so an invoice shows who issued it as it was then.
 * Also the issuer's logo, drawn on its documents (not part of the hashed document).
 *
 * Must never: take any of the seller's identity from a request body; a caller could then
 * issue invoices under another taxpayer's name.
 */
import type pg from 'pg';
import { AppError, type Seller } from '@ismail/shared';

type Queryable = pg.Pool | pg.PoolClient;

interface IdentityRow {
  display_name: string;
  first_name: string | null;
  last_name: string | null;
  email: string;
  country: string;
  tax_id: string | null;
  tax_regime: string | null;
  trade_name: string | null;
  address: string | null;
  rccm: string | null;
  tax_office: string | null;
  business_phone: string | null;
  phone_e164: string | null;
}

/**
 * The seller as the account holds it. `legalName: 'person'` names a person by first and last
 * name (a sales rep billing its commissions), `'account'` by the account's display name (a
 * partner's business). A missing tax ID stays empty: validation then holds the invoice.
 */
export async function sellerIdentity(
  db: Queryable,
  accountId: string,
  legalName: 'account' | 'person' = 'account',
): Promise<Seller> {
  const { rows } = await db.query<IdentityRow>(
    `SELECT display_name, first_name, last_name, email, country, tax_id, tax_regime, trade_name, address, rccm, tax_office, business_phone, phone_e164
     FROM accounts WHERE id = $1`,
    [accountId],
  );
  const row = rows[0];
  if (row === undefined) throw new AppError('NOT_FOUND', 'The issuer account is gone.');
  const person = [row.first_name, row.last_name].filter((p) => p !== null).join(' ');
  const name = (legalName === 'person' && person.length > 0 ? person : row.display_name).slice(0, 200);
  // The business phone when one is set, else the account's own (a partner's contact number).
  const phone = row.business_phone ?? row.phone_e164;
  return {
    legalName: name,
    ...(row.trade_name === null || row.trade_name === name ? {} : { tradeName: row.trade_name }),
    taxId: (row.tax_id ?? '').slice(0, 30),
    taxRegime: (row.tax_regime ?? 'TEE').slice(0, 20),
    ...(row.tax_office === null ? {} : { taxOffice: row.tax_office }),
    ...(row.rccm === null ? {} : { rccm: row.rccm }),
    // Without a street address the country still says where the seller is (as before 0024).
    address: row.address ?? row.country,
    ...(phone === null ? {} : { phone: phone.slice(0, 30) }),
    email: row.email,
    country: row.country,
  };
}

/** The fields that say who the seller is: all of them come from the account, never a request. */
export const sellerIdentityFields = [
  'legalName',
  'tradeName',
  'taxId',
  'taxRegime',
  'taxOffice',
  'rccm',
  'address',
  'phone',
  'email',
  'country',
] as const;

/**
 * The seller of a draft a caller sends (issue 20.5): the verified identity, with only which
 * establishment and till (FNE) it sells from taken from the request. A request may leave the
 * seller out or echo its own identity (clients that send it keep working); one that names any
 * identity field other than the verified one is refused with INVOICE_SELLER_NOT_YOURS rather
 * than silently overruled, so the caller knows its claim was not taken.
 */
export function sellerFromRequest(verified: Seller, claimed: Partial<Seller> | undefined): Seller {
  if (claimed === undefined) return verified;
  const differing = sellerIdentityFields.filter(
    (field) => claimed[field] !== undefined && claimed[field] !== verified[field],
  );
  if (differing.length > 0)
    throw new AppError(
      'INVOICE_SELLER_NOT_YOURS',
      `The seller is your verified identity (GET /v1/invoices/seller); ${differing.join(', ')} differ: leave the seller out, or send only establishment and pointOfSale.`,
    );
  return {
    ...verified,
    ...(claimed.establishment === undefined ? {} : { establishment: claimed.establishment }),
    ...(claimed.pointOfSale === undefined ? {} : { pointOfSale: claimed.pointOfSale }),
  };
}

/**
 * A hub's offline invoice names the seller its signed policy gave it (hubs/hub-policy.ts):
 * its fiscal identity (legal name, tax ID, country) must be the hub's partner's, or the
 * document is refused (a hub cannot issue under another taxpayer's name). Address, phone and
 * the like may lag behind a change made while the hub was offline; the fiscal identity may not.
 */
export function checkHubSeller(verified: Seller, seller: Seller): void {
  const differing: string[] = [];
  if (seller.legalName !== verified.legalName) differing.push('legalName');
  // The policy writes '-' for a partner without a tax ID (the hub then refuses to sell).
  if (seller.taxId !== (verified.taxId || '-')) differing.push('taxId');
  if (seller.country !== verified.country) differing.push('country');
  if (differing.length > 0)
    throw new AppError(
      'INVOICE_SELLER_NOT_YOURS',
      `The hub's invoice names a seller other than its partner (${differing.join(', ')} differ).`,
    );
}

/** What an issuer may set about itself; the tax ID and regime stay with KYC and admins. */
export interface SellerDetails {
  readonly tradeName?: string | null;
  readonly address?: string | null;
  readonly rccm?: string | null;
  readonly taxOffice?: string | null;
  readonly phone?: string | null;
}

/** Sets the fields given (null clears one); those left out keep their value. */
export async function setSellerDetails(db: Queryable, accountId: string, details: SellerDetails): Promise<void> {
  const columns: readonly [keyof SellerDetails, string][] = [
    ['tradeName', 'trade_name'],
    ['address', 'address'],
    ['rccm', 'rccm'],
    ['taxOffice', 'tax_office'],
    ['phone', 'business_phone'],
  ];
  const sets: string[] = [];
  const values: unknown[] = [accountId];
  for (const [key, column] of columns) {
    const value = details[key];
    if (value === undefined) continue;
    values.push(value);
    sets.push(`${column} = $${String(values.length)}`);
  }
  if (sets.length === 0) return;
  await db.query(`UPDATE accounts SET ${sets.join(', ')} WHERE id = $1`, values);
}

export const logoMaxBytes = 256 * 1024;
export const logoContentTypes = ['image/png', 'image/jpeg'] as const;
export type LogoContentType = (typeof logoContentTypes)[number];
const logoMagic: Readonly<Record<LogoContentType, readonly number[]>> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

/** The declared type must be PNG or JPEG and match the file's magic bytes; 1 byte to 256 KiB. */
export function checkLogo(contentType: string, bytes: Buffer): LogoContentType {
  const type = logoContentTypes.find((t) => t === contentType.split(';')[0]?.trim().toLowerCase());
  if (type === undefined) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the logo as a PNG or JPEG image.');
  if (bytes.length === 0 || bytes.length > logoMaxBytes)
    throw new AppError('PAYLOAD_TOO_LARGE', `A logo is 1 byte to ${String(logoMaxBytes / 1024)} KiB.`);
  if (!logoMagic[type].every((byte, i) => bytes[i] === byte))
    throw new AppError('VALIDATION_FAILED', `The file is not really ${type}.`);
  return type;
}

export async function setSellerLogo(
  db: Queryable,
  accountId: string,
  contentType: LogoContentType,
  bytes: Buffer,
): Promise<void> {
  await db.query(
    `INSERT INTO account_logos (account_id, content_type, bytes) VALUES ($1, $2, $3)
     ON CONFLICT (account_id) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes, updated_at = now()`,
    [accountId, contentType, bytes],
  );
}

export async function deleteSellerLogo(db: Queryable, accountId: string): Promise<void> {
  await db.query('DELETE FROM account_logos WHERE account_id = $1', [accountId]);
}

/** The issuer's logo bytes, or undefined when it set none (documents then show ISMAIL's mark). */
export async function sellerLogo(db: Queryable, accountId: string): Promise<Buffer | undefined> {
  const { rows } = await db.query<{ bytes: Buffer }>('SELECT bytes FROM account_logos WHERE account_id = $1', [
    accountId,
  ]);
  return rows[0]?.bytes;
}
