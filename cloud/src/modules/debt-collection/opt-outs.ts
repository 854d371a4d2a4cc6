/**
 * A debtor's "stop" per channel (issue 26): the signed link carried by each reminder, and the portal's contact
 * preferences. An opt-out is kept per debtor key (collection_opt_outs), so it holds for every creditor; the engine
 * reads it under the debtor's lock before each send. The link names a reminder and a channel, never an address, and is
 * signed with a key derived from the master key (like the notifications' links): a forged or altered link is refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { reminderChannels, type ReminderChannel } from '@ismail/shared';
import type { MasterKey } from '../../platform/crypto/sealed.js';

export function optOutLinkKey(masterKey: MasterKey): Buffer {
  return createHmac('sha256', masterKey.bytes).update('ismail debt opt-out links v1').digest();
}

/** 16 bytes of HMAC: unguessable, and short enough for an SMS. */
const signatureBytes = 16;
const tokenPattern = /^([0-9a-f-]{36})\.(sms|email|push)\.([A-Za-z0-9_-]{22})$/;

const sign = (key: Buffer, reminderId: string, channel: ReminderChannel): string =>
  createHmac('sha256', key)
    .update(`debt-opt-out:${reminderId}:${channel}`)
    .digest()
    .subarray(0, signatureBytes)
    .toString('base64url');

export function optOutToken(key: Buffer, reminderId: string, channel: ReminderChannel): string {
  return `${reminderId}.${channel}.${sign(key, reminderId, channel)}`;
}

/** The reminder and channel a token names, or null when it is malformed or not ours. */
export function readOptOutToken(key: Buffer, token: string): { reminderId: string; channel: ReminderChannel } | null {
  const match = tokenPattern.exec(token);
  if (match === null) return null;
  const [, reminderId = '', channelText = '', signature = ''] = match;
  const channel = reminderChannels.find((c) => c === channelText);
  if (channel === undefined) return null;
  const expected = Buffer.from(sign(key, reminderId, channel));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { reminderId, channel } : null;
}

export async function optedOutChannels(client: pg.PoolClient | pg.Pool, debtorKey: string): Promise<ReminderChannel[]> {
  const { rows } = await client.query<{ channel: ReminderChannel }>(
    'SELECT channel FROM collection_opt_outs WHERE debtor_key = $1 ORDER BY channel',
    [debtorKey],
  );
  return rows.map((r) => r.channel);
}

/** Exactly these channels opted out for this debtor (the portal's preferences). */
export async function setOptedOut(
  client: pg.PoolClient,
  debtorKey: string,
  channels: readonly ReminderChannel[],
  at: Date,
): Promise<void> {
  await client.query('DELETE FROM collection_opt_outs WHERE debtor_key = $1 AND NOT (channel = ANY($2::text[]))', [
    debtorKey,
    channels,
  ]);
  for (const channel of channels)
    await client.query(
      'INSERT INTO collection_opt_outs (debtor_key, channel, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [debtorKey, channel, at],
    );
}
