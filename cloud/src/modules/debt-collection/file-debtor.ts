/**
 * Who owes, as a creditor names them: an ISMAIL account by its ISMAIL ID (active only; its name, phone and e-mail come
 * from the account, never from the creditor), or a person by name with an Ivorian phone (E.164) and/or an e-mail.
 * Pure checks and one read; never writes.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { AppError, ismailIdPattern } from '@ismail/shared';
import type pg from 'pg';

export interface Debtor {
  readonly debtorId: string | null;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
}

type Queryable = Pick<pg.Pool, 'query'>;

export const badPhone = 'Téléphone invalide : un numéro ivoirien (+225 et 10 chiffres).';
export const badEmail = 'Adresse e-mail invalide.';
export const unknownIsmailId = 'Aucun compte ISMAIL actif ne porte cet identifiant.';

/** An Ivorian number in E.164, or null when it is not one. */
export function ivorianPhoneOrNull(raw: string): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), 'CI');
  if (parsed === undefined || parsed.countryCallingCode !== '225' || !parsed.isValid()) return null;
  return parsed.number;
}

/** A plausible address, lower-cased (the e-mail is a contact, not a login: no deliverability check here). */
export function emailOrNull(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return /^[^\s@]{1,64}@[^\s@]{1,185}\.[a-z]{2,}$/.test(email) && email.length <= 254 ? email : null;
}

/** Active accounts by ISMAIL ID (upper-cased), in one query. */
export async function accountsByIsmailId(db: Queryable, ismailIds: readonly string[]): Promise<Map<string, Debtor>> {
  const wanted = [...new Set(ismailIds.map((i) => i.trim().toUpperCase()).filter((i) => ismailIdPattern.test(i)))];
  const found = new Map<string, Debtor>();
  if (wanted.length === 0) return found;
  const { rows } = await db.query<{
    id: string;
    ismail_id: string;
    display_name: string;
    phone_e164: string | null;
    email: string;
  }>(
    "SELECT id, ismail_id, display_name, phone_e164, email FROM accounts WHERE ismail_id = ANY($1::text[]) AND status = 'active'",
    [wanted],
  );
  for (const r of rows)
    found.set(r.ismail_id, {
      debtorId: r.id,
      name: r.display_name.slice(0, 160),
      phone: r.phone_e164,
      email: r.email,
    });
  return found;
}

/** The debtor of a creation body, or a French refusal. */
export async function resolveDebtor(
  db: Queryable,
  input: { ismailId: string } | { name: string; phone?: string | undefined; email?: string | undefined },
): Promise<Debtor> {
  if ('ismailId' in input) {
    const found = (await accountsByIsmailId(db, [input.ismailId])).get(input.ismailId.trim().toUpperCase());
    if (found === undefined) throw new AppError('VALIDATION_FAILED', unknownIsmailId);
    return found;
  }
  const name = input.name.trim();
  if (name === '') throw new AppError('VALIDATION_FAILED', 'Le nom du débiteur est requis.');
  const phone = input.phone === undefined || input.phone.trim() === '' ? null : ivorianPhoneOrNull(input.phone);
  if (input.phone !== undefined && input.phone.trim() !== '' && phone === null)
    throw new AppError('VALIDATION_FAILED', badPhone);
  const email = input.email === undefined || input.email.trim() === '' ? null : emailOrNull(input.email);
  if (input.email !== undefined && input.email.trim() !== '' && email === null)
    throw new AppError('VALIDATION_FAILED', badEmail);
  if (phone === null && email === null)
    throw new AppError('VALIDATION_FAILED', 'Indiquez un téléphone ou une adresse e-mail pour joindre le débiteur.');
  return { debtorId: null, name: name.slice(0, 160), phone, email };
}

/** YYYY-MM-DD or DD/MM/YYYY to YYYY-MM-DD, or null when it is not a real day. */
export function dayOrNull(raw: string): string | null {
  const text = raw.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const french = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  const [y, m, d] = iso !== null ? [iso[1], iso[2], iso[3]] : french !== null ? [french[3], french[2], french[1]] : [];
  if (y === undefined || m === undefined || d === undefined) return null;
  const day = `${y}-${m}-${d}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  // 31/02 parses to 3 March: the round trip refuses it.
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day && Number(y) >= 2000 ? day : null;
}
