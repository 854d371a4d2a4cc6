/**
 * The form body of an Africa's Talking send (POST /version1/messaging) after its username:
 * recipients, message, sender id and flags, each checked as the real API checks them.
 *
 * Owns: what a valid send is. Must stay pure.
 */
import { smsMessageMaxChars, smsRecipientsMax } from '../limits.js';
import { isSenderId, senderIdRule } from './rules.js';

const flagPattern = /^(0|1|true|false)$/;

export type AfricasTalkingFields =
  { ok: true; to: string[]; message: string; from: string | null; enqueue: boolean } | { ok: false; message: string };

/** The form fields after the username; each problem is one line, as the real API's text answers. */
export function parseFields(form: URLSearchParams): AfricasTalkingFields {
  for (const name of ['username', 'to', 'message', 'from', 'enqueue', 'bulkSMSMode']) {
    if (form.getAll(name).length > 1) return { ok: false, message: `${name} must be given once.` };
  }
  const to = form.get('to');
  if (to === null || to.trim() === '')
    return { ok: false, message: 'to is required: comma-separated phone numbers in international format.' };
  const numbers = to.split(',').map((number) => number.trim());
  if (numbers.length > smsRecipientsMax)
    return { ok: false, message: `to must list at most ${String(smsRecipientsMax)} phone numbers.` };
  const message = form.get('message');
  if (message === null || message.length === 0) return { ok: false, message: 'message is required.' };
  if (Array.from(message).length > smsMessageMaxChars)
    return { ok: false, message: `message must be at most ${String(smsMessageMaxChars)} characters.` };
  const from = form.get('from');
  if (from !== null && !isSenderId(from))
    return { ok: false, message: `Invalid senderId: from must be ${senderIdRule}.` };
  for (const name of ['enqueue', 'bulkSMSMode']) {
    const value = form.get(name);
    if (value !== null && !flagPattern.test(value)) return { ok: false, message: `${name} must be 0 or 1.` };
  }
  const enqueue = form.get('enqueue');
  return { ok: true, to: numbers, message, from, enqueue: enqueue === '1' || enqueue === 'true' };
}
