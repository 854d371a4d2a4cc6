/**
 * The partner's consent to a KYC case its sales rep filed (issue 23): a 6-digit one-time code sent by SMS to the
 * partner's phone, kept as an HMAC under a key derived from the master key (never the code), valid 10 minutes for at
 * most 5 tries; at most 5 codes per partner. The code is never logged nor written anywhere but the SMS.
 */
import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '@ismail/shared';
import type { MasterKey } from '../../platform/crypto/sealed.js';
import type { DeliveryChannel } from '../notifications/channel.js';

export const consentCodeTtlMinutes = 10;
export const consentCodeTriesMax = 5;
export const consentCodesSentMax = 5;

export function consentCodeHasher(masterKey: MasterKey) {
  const key = createHmac('sha256', masterKey.bytes).update('ismail rep consent codes v1').digest();
  return (partnerId: string, code: string): string =>
    createHmac('sha256', key).update(`${partnerId}:${code}`).digest('hex');
}

export function newConsentCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** The SMS the partner receives (French: the partner's language at onboarding). */
export async function sendConsentSms(
  sms: DeliveryChannel | undefined,
  to: string,
  code: string,
  repName: string,
): Promise<void> {
  if (sms === undefined)
    throw new AppError('CONFLICT', "Aucun canal SMS n'est configuré : le code ne peut pas être envoyé.");
  const text = `ISMAIL : votre code de consentement est ${code}. Donnez-le à ${repName}, votre commercial, pour soumettre votre dossier. Valable ${String(consentCodeTtlMinutes)} min.`;
  await sms.send({
    deliveryId: randomUUID(),
    to,
    rendered: { subject: 'ISMAIL', text, html: text, sms: text, title: 'ISMAIL', body: text },
  });
}

export type CodeCheck = 'accepted' | 'wrong' | 'expired' | 'exhausted' | 'none';

/**
 * Checks a code under the onboarding row's lock and counts the try (a wrong one included): the 6th try is refused
 * even with the right code. An accepted code is spent.
 */
export async function checkConsentCode(client: pg.PoolClient, partnerId: string, hash: string): Promise<CodeCheck> {
  const { rows } = await client.query<{ code_hash: string | null; expired: boolean; code_tries: number }>(
    `SELECT code_hash, code_expires_at <= now() AS expired, code_tries FROM rep_onboardings
     WHERE partner_id = $1 FOR UPDATE`,
    [partnerId],
  );
  const row = rows[0];
  if (row?.code_hash == null) return 'none';
  if (row.code_tries >= consentCodeTriesMax) return 'exhausted';
  await client.query('UPDATE rep_onboardings SET code_tries = code_tries + 1 WHERE partner_id = $1', [partnerId]);
  if (row.expired) return 'expired';
  if (!timingSafeEqual(Buffer.from(row.code_hash, 'hex'), Buffer.from(hash, 'hex'))) return 'wrong';
  await client.query('UPDATE rep_onboardings SET code_hash = NULL, code_expires_at = NULL WHERE partner_id = $1', [
    partnerId,
  ]);
  return 'accepted';
}

export function refuseCode(check: Exclude<CodeCheck, 'accepted'>): never {
  switch (check) {
    case 'none':
      throw new AppError('CONFLICT', 'Aucun code en cours : envoyez un code au partenaire.');
    case 'exhausted':
      throw new AppError('RATE_LIMITED', 'Trop d’essais pour ce code : envoyez un nouveau code.');
    case 'expired':
      throw new AppError('CONFLICT', 'Ce code a expiré : envoyez un nouveau code.');
    case 'wrong':
      throw new AppError('VALIDATION_FAILED', 'Ce code n’est pas le bon.');
  }
}
