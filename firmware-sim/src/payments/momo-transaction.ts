/**
 * An MTN MoMo request-to-pay: the body validation and the payer's answer, which the
 * simulator decides from the payer number's last digit so tests and demos can choose it.
 *
 * Owns: the outcome rule. Must stay deterministic: the same number and the same elapsed
 * time always give the same status.
 */
import { momoTextMaxChars } from '../limits.js';
import { isRecord } from './http.js';

export type MomoStatus = 'PENDING' | 'SUCCESSFUL' | 'FAILED';
export type MomoFailureReason = 'NOT_ENOUGH_FUNDS' | 'APPROVAL_REJECTED' | 'EXPIRED';

export interface MomoPayer {
  readonly partyIdType: 'MSISDN';
  readonly partyId: string;
}

export interface MomoRequestToPay {
  readonly amount: string;
  readonly currency: string;
  readonly externalId: string;
  readonly payer: MomoPayer;
  readonly payerMessage?: string;
  readonly payeeNote?: string;
}

/** What GET …/requesttopay/:referenceId answers, and what a callback carries. */
export interface MomoTransaction extends MomoRequestToPay {
  readonly status: MomoStatus;
  readonly reason?: MomoFailureReason;
  readonly financialTransactionId?: string;
}

export type MomoDecision =
  { status: 'PENDING' } | { status: 'SUCCESSFUL' } | { status: 'FAILED'; reason: MomoFailureReason };

/** Whole XOF as a string, as MTN sends amounts. */
const amountPattern = /^[1-9]\d{0,14}$/;
/** An MSISDN in international form without "+": at most 15 digits (E.164). */
const msisdnPattern = /^\d{8,15}$/;

export type ParseResult =
  { ok: true; value: MomoRequestToPay } | { ok: false; code: 'BAD_REQUEST' | 'INVALID_CURRENCY'; message: string };

const optionalText = (value: unknown): value is string | undefined =>
  value === undefined || (typeof value === 'string' && value.length <= momoTextMaxChars);

export function parseRequestToPay(body: unknown, currency: string): ParseResult {
  if (!isRecord(body)) return { ok: false, code: 'BAD_REQUEST', message: 'The body must be a JSON object.' };
  const { amount, externalId, payer, payerMessage, payeeNote } = body;
  if (typeof amount !== 'string' || !amountPattern.test(amount))
    return { ok: false, code: 'BAD_REQUEST', message: 'amount must be a string holding a positive whole number.' };
  if (body.currency !== currency)
    return { ok: false, code: 'INVALID_CURRENCY', message: `currency must be "${currency}" in this environment.` };
  if (typeof externalId !== 'string' || externalId.length === 0 || externalId.length > momoTextMaxChars) {
    return {
      ok: false,
      code: 'BAD_REQUEST',
      message: `externalId must be a string of 1 to ${String(momoTextMaxChars)} characters.`,
    };
  }
  if (
    !isRecord(payer) ||
    payer.partyIdType !== 'MSISDN' ||
    typeof payer.partyId !== 'string' ||
    !msisdnPattern.test(payer.partyId)
  ) {
    return {
      ok: false,
      code: 'BAD_REQUEST',
      message: 'payer must be {"partyIdType":"MSISDN","partyId":"<8 to 15 digits>"}.',
    };
  }
  if (!optionalText(payerMessage) || !optionalText(payeeNote)) {
    return {
      ok: false,
      code: 'BAD_REQUEST',
      message: `payerMessage and payeeNote must be strings of at most ${String(momoTextMaxChars)} characters.`,
    };
  }
  return {
    ok: true,
    value: {
      amount,
      currency,
      externalId,
      payer: { partyIdType: 'MSISDN', partyId: payer.partyId },
      ...(payerMessage === undefined ? {} : { payerMessage }),
      ...(payeeNote === undefined ? {} : { payeeNote }),
    },
  };
}

export interface DecisionTiming {
  readonly elapsedMs: number;
  readonly approvalDelayMs: number;
  /** How long a payer who never answers keeps the request PENDING (MTN: about 5 minutes). */
  readonly unansweredExpiryMs: number;
}

/**
 * The payer's answer by the last digit of their number: 1 not enough funds, 2 rejects,
 * 3 never answers (EXPIRED after unansweredExpiryMs), anything else approves.
 */
export function decide(partyId: string, timing: DecisionTiming): MomoDecision {
  const lastDigit = partyId.at(-1);
  if (lastDigit === '3')
    return timing.elapsedMs >= timing.unansweredExpiryMs
      ? { status: 'FAILED', reason: 'EXPIRED' }
      : { status: 'PENDING' };
  if (timing.elapsedMs < timing.approvalDelayMs) return { status: 'PENDING' };
  if (lastDigit === '1') return { status: 'FAILED', reason: 'NOT_ENOUGH_FUNDS' };
  if (lastDigit === '2') return { status: 'FAILED', reason: 'APPROVAL_REJECTED' };
  return { status: 'SUCCESSFUL' };
}
