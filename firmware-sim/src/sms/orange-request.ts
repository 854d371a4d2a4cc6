/**
 * The body of an Orange SMS API send (outboundSMSMessageRequest, the GSMA OneAPI shape):
 * its validation against the sender address of the path, and the service exception that
 * answers a bad one.
 *
 * Owns: what a valid request is. Must stay pure.
 */
import { smsMessageMaxChars } from '../limits.js';
import { isRecord } from '../payments/http.js';
import { isE164, isSenderId, senderIdRule } from './rules.js';

export interface OrangeOutboundRequest {
  readonly address: string;
  readonly senderAddress: string;
  readonly senderName?: string;
  readonly outboundSMSTextMessage: { readonly message: string };
}

/** Orange's "invalid input" exception, with the offending part named in `variables`. */
export interface OrangeServiceException {
  readonly requestError: {
    readonly serviceException: {
      readonly messageId: 'SVC0002';
      readonly text: string;
      readonly variables: readonly string[];
    };
  };
}

export function serviceException(part: string, reason: string): OrangeServiceException {
  return {
    requestError: {
      serviceException: {
        messageId: 'SVC0002',
        text: `Invalid input value for message part ${part}: ${reason}`,
        variables: [part],
      },
    },
  };
}

/** A recipient: "tel:" and an E.164 number, such as tel:+2250700000001. */
export function isTelNumber(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('tel:') && isE164(value.slice(4));
}

/** A sender address: "tel:+" and the country's short sender number (tel:+2250000 for Côte d'Ivoire). */
export function isSenderAddress(value: string): boolean {
  return /^tel:\+\d{4,15}$/.test(value);
}

export function parseOutboundRequest(
  body: unknown,
  pathSender: string,
): { ok: true; value: OrangeOutboundRequest } | { ok: false; error: OrangeServiceException } {
  const request = isRecord(body) ? body.outboundSMSMessageRequest : undefined;
  if (!isRecord(request))
    return {
      ok: false,
      error: serviceException('outboundSMSMessageRequest', 'the body must be {"outboundSMSMessageRequest":{…}}'),
    };
  const { address, senderAddress, senderName, outboundSMSTextMessage } = request;
  if (!isTelNumber(address))
    return {
      ok: false,
      error: serviceException('address', 'must be "tel:+" and 8 to 15 digits, such as tel:+2250700000001'),
    };
  if (senderAddress !== pathSender)
    return { ok: false, error: serviceException('senderAddress', 'must be the sender address of the URL path') };
  if (senderName !== undefined && (typeof senderName !== 'string' || !isSenderId(senderName))) {
    return { ok: false, error: serviceException('senderName', `must be ${senderIdRule}`) };
  }
  const message = isRecord(outboundSMSTextMessage) ? outboundSMSTextMessage.message : undefined;
  if (typeof message !== 'string' || message.length === 0 || Array.from(message).length > smsMessageMaxChars) {
    return {
      ok: false,
      error: serviceException(
        'outboundSMSTextMessage.message',
        `must be a text of 1 to ${String(smsMessageMaxChars)} characters`,
      ),
    };
  }
  return {
    ok: true,
    value: {
      address,
      senderAddress: pathSender,
      ...(senderName === undefined ? {} : { senderName }),
      outboundSMSTextMessage: { message },
    },
  };
}
