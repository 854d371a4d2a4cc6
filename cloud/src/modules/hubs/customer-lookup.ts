/**
 * Finding a client for a hub's counter (issue 28.4): an exact match on the ISMAIL ID or the phone
 * number (E.164, read for Côte d'Ivoire), among active client accounts only; the answer is the
 * minimum a cashier needs to recognise the person (no account id, no credential, the phone masked).
 * Partners, staff, suspended and closed accounts answer as nobody: a miss never says why.
 */
import { createHmac } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { parseIsmailId, type CloudCustomerLookupRequest, type CustomerSummary } from '@ismail/shared';
import type { MasterKey } from '../../platform/crypto/sealed.js';
import type { Database } from '../../platform/db/database.js';

/** Lookups a hub may make per minute: a busy counter serves a few customers a minute, not thirty. */
export const customerLookupsPerMinute = 30;

/** The value to match, canonical; null when it cannot be an ISMAIL ID or a phone number. */
export function canonicalLookup(query: Pick<CloudCustomerLookupRequest, 'by' | 'value'>): string | null {
  if (query.by === 'ismail-id') {
    const parsed = parseIsmailId(query.value.trim());
    return parsed.ok ? parsed.id : null;
  }
  const phone = parsePhoneNumberFromString(query.value.trim(), 'CI');
  return phone?.isValid() === true ? phone.number : null;
}

/** The key of the audit's lookup hashes, derived from the master key (used for nothing else). */
export function lookupHashKey(masterKey: MasterKey): Buffer {
  return createHmac('sha256', masterKey.bytes).update('ismail customer lookup audit v1').digest();
}

/**
 * What the audit keeps of the question: a keyed hash, never the number or ID in clear. Keyed (HMAC), because Ivorian
 * phone numbers are few enough (10^10) that a plain hash is reversed by trying them all; with the key outside the
 * database, a copy of the audit log alone cannot be.
 */
export function lookupHash(key: Buffer, by: CloudCustomerLookupRequest['by'], canonical: string): string {
  return createHmac('sha256', key).update(`customer-lookup\u0000${by}\u0000${canonical}`).digest('base64url');
}

/** "+225 07 •• •• •• 07": the client recognises their number; a screen over the shoulder does not give it away. */
export function maskPhone(e164: string): string {
  if (e164.startsWith('+225') && e164.length === 14) return `+225 ${e164.slice(4, 6)} •• •• •• ${e164.slice(12)}`;
  return `${e164.slice(0, 4)} ••• ${e164.slice(-2)}`;
}

interface Row {
  id: string;
  ismail_id: string;
  display_name: string;
  phone_e164: string | null;
  card_state: string | null;
  card_expires_at: Date | null;
  photo: boolean;
}

/**
 * The active client matching `canonical` exactly; null when none. Two clients sharing a phone
 * number answer as none too: the cashier then asks for the ISMAIL ID (the card shows it).
 */
export async function findClient(
  db: Database,
  by: CloudCustomerLookupRequest['by'],
  canonical: string,
): Promise<CustomerSummary | null> {
  const column = by === 'ismail-id' ? 'a.ismail_id' : 'a.phone_e164';
  const { rows } = await db.pool.query<Row>(
    `SELECT a.id, a.ismail_id, a.display_name, a.phone_e164, c.state AS card_state, c.expires_at AS card_expires_at,
            EXISTS (SELECT 1 FROM kyc_documents d JOIN kyc_cases k ON k.id = d.case_id
                    WHERE k.account_id = a.id AND k.state = 'approved' AND d.kind = 'photo') AS photo
     FROM accounts a
     LEFT JOIN cards c ON c.account_id = a.id AND c.state IN ('active', 'suspended')
     WHERE ${column} = $1 AND a.profile = 'client' AND a.status = 'active' AND a.ismail_id IS NOT NULL
     LIMIT 2`,
    [canonical],
  );
  const row = rows[0];
  if (row === undefined || rows.length > 1) return null;
  const inForce = row.card_expires_at !== null && row.card_expires_at.getTime() > Date.now();
  return {
    ismailId: row.ismail_id,
    displayName: row.display_name,
    maskedPhone: row.phone_e164 === null ? null : maskPhone(row.phone_e164),
    cardStatus: !inForce ? 'none' : row.card_state === 'suspended' ? 'suspended' : 'active',
    photoOnFile: row.photo,
  };
}
