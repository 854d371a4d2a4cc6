/**
 * A simulated Africa's Talking SMS API (POST /version1/messaging, developers.africastalking.com)
 * for running ISMAIL without an account: apiKey header, form body, the per-recipient answer
 * with the parts and cost this simulator counts itself, and form-encoded delivery reports
 * that are retried while the receiver fails.
 *
 * Owns: sent messages and the report log, in memory and bounded. Must never accept a send
 * without the API key and username, nor bill a number it refused.
 */
import type http from 'node:http';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { smsBodyMaxBytes, smsRecordsMax } from '../limits.js';
import { headerValue, listen, pushBounded, readBody, sendJson, sendText } from '../payments/http.js';
import { smsParts, type SmsEncoding, type SmsParts } from './gsm.js';
import { createReportSender, type ReportAttempt, type ReportSender } from './reports.js';
import { deliveryFails, refusedAsInvalid } from './rules.js';
import { parseFields, type AfricasTalkingFields } from './africastalking-request.js';

export interface AfricasTalkingSimulatorOptions {
  readonly host?: string;
  /** 0 lets the OS choose a free port. */
  readonly port?: number;
  readonly username: string;
  readonly apiKey: string;
  /** Without one, no delivery report is sent (setDeliveryReportUrl can add it later). */
  readonly deliveryReportUrl?: string;
  /** Wait before a message's delivery report. Default 50. */
  readonly deliveryDelayMs?: number;
  /** Every Nth valid send answers HTTP 500 and sends nothing. Default 0: never. */
  readonly failEvery?: number;
  readonly now?: () => number;
}

export type AfricasTalkingRecipientStatus = 'Success' | 'InvalidPhoneNumber';

/** One recipient of one send request, as the simulator answered it. */
export interface SentSms {
  /** Null for a refused number (the API answers "None"). */
  readonly messageId: string | null;
  readonly number: string;
  readonly from: string | null;
  readonly message: string;
  readonly encoding: SmsEncoding;
  /** GSM septets or UTF-16 units, see smsParts. */
  readonly units: number;
  readonly parts: number;
  readonly statusCode: 101 | 403;
  readonly status: AfricasTalkingRecipientStatus;
  /** "XOF 50" for a sent two-part message, "0" for a refused number. */
  readonly cost: string;
  readonly enqueue: boolean;
  readonly receivedAt: string;
}

export type AfricasTalkingDeliveryStatus = 'Success' | 'Failed';

/** One attempt to post a delivery report. */
export interface AfricasTalkingReport extends ReportAttempt {
  readonly messageId: string;
  readonly phoneNumber: string;
  readonly deliveryStatus: AfricasTalkingDeliveryStatus;
}

export interface AfricasTalkingSimulator {
  readonly url: string;
  close(): Promise<void>;
  setDeliveryReportUrl(url: string): void;
  messages(): readonly SentSms[];
  reports(): readonly AfricasTalkingReport[];
}

const defaultDeliveryDelayMs = 50;
/** A plausible Côte d'Ivoire transactional price per part; only the shape of "cost" matters. */
const costPerPartXof = 25;
/** Orange Côte d'Ivoire (MCC 612, MNC 03): the network every report names. */
const networkCode = '61203';
const authenticationRefusal = 'The supplied authentication is invalid';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Each recipient of one send as answered: a message id and its cost, or refused ("None", "0"). */
function answerRecipients(
  fields: Extract<AfricasTalkingFields, { ok: true }>,
  counted: SmsParts,
  receivedAt: string,
): SentSms[] {
  return fields.to.map((number): SentSms => {
    const valid = !refusedAsInvalid(number);
    return {
      messageId: valid ? `ATXid_${randomBytes(16).toString('hex')}` : null,
      number,
      from: fields.from,
      message: fields.message,
      encoding: counted.encoding,
      units: counted.units,
      parts: counted.parts,
      statusCode: valid ? 101 : 403,
      status: valid ? 'Success' : 'InvalidPhoneNumber',
      cost: valid ? `XOF ${String(costPerPartXof * counted.parts)}` : '0',
      enqueue: fields.enqueue,
      receivedAt,
    };
  });
}

type ReportDetail = Omit<AfricasTalkingReport, keyof ReportAttempt>;

/** The delivery report of one accepted recipient, form-encoded as the real API posts it. */
function reportDelivery(reports: ReportSender<ReportDetail>, recipient: SentSms): void {
  if (recipient.messageId === null) return;
  const failed = deliveryFails(recipient.number);
  const deliveryStatus: AfricasTalkingDeliveryStatus = failed ? 'Failed' : 'Success';
  const report = new URLSearchParams({
    id: recipient.messageId,
    status: deliveryStatus,
    phoneNumber: recipient.number,
    networkCode,
    failureReason: failed ? 'DeliveryFailure' : '',
    retryCount: '0',
  });
  reports.send({ messageId: recipient.messageId, phoneNumber: recipient.number, deliveryStatus }, report.toString());
}

export async function startAfricasTalkingSimulator(
  options: AfricasTalkingSimulatorOptions,
): Promise<AfricasTalkingSimulator> {
  const now = options.now ?? Date.now;
  const failEvery = options.failEvery ?? 0;
  const apiKeyDigest = digest(options.apiKey);
  let deliveryReportUrl = options.deliveryReportUrl;
  let sends = 0;
  const sent: SentSms[] = [];
  const reports = createReportSender<ReportDetail>({
    delayMs: options.deliveryDelayMs ?? defaultDeliveryDelayMs,
    contentType: 'application/x-www-form-urlencoded',
    userAgent: 'ismail-africastalking-simulator',
    now,
    url: () => deliveryReportUrl,
  });

  const authorised = (request: http.IncomingMessage): boolean => {
    const given = headerValue(request, 'apikey');
    return given !== undefined && timingSafeEqual(digest(given), apiKeyDigest);
  };

  const send = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const body = await readBody(request, smsBodyMaxBytes);
    if (!authorised(request)) {
      sendText(response, 401, authenticationRefusal);
      return;
    }
    if (!(headerValue(request, 'accept') ?? '').toLowerCase().includes('application/json')) {
      sendText(response, 406, 'This simulator answers JSON only: send Accept: application/json.');
      return;
    }
    if (!(headerValue(request, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      sendText(response, 415, 'The body must be application/x-www-form-urlencoded.');
      return;
    }
    if (!body.ok) {
      sendText(response, 413, `The body must be at most ${String(smsBodyMaxBytes)} bytes.`);
      return;
    }
    const form = new URLSearchParams(body.text);
    if (form.getAll('username').length !== 1 || form.get('username') !== options.username) {
      sendText(response, 401, authenticationRefusal);
      return;
    }
    const fields = parseFields(form);
    if (!fields.ok) {
      sendText(response, 400, fields.message);
      return;
    }
    sends++;
    if (failEvery > 0 && sends % failEvery === 0) {
      sendText(response, 500, 'Simulated failure: nothing was sent.');
      return;
    }
    const receivedAt = new Date(now()).toISOString();
    const counted = smsParts(fields.message);
    const recipients = answerRecipients(fields, counted, receivedAt);
    const accepted = recipients.filter((recipient) => recipient.messageId !== null).length;
    const totalXof = accepted * costPerPartXof * counted.parts;
    for (const recipient of recipients) pushBounded(sent, recipient, smsRecordsMax);
    sendJson(response, 201, {
      SMSMessageData: {
        Message: `Sent to ${String(accepted)}/${String(recipients.length)} Total Cost: XOF ${String(totalXof)}`,
        Recipients: recipients.map((recipient) => ({
          statusCode: recipient.statusCode,
          number: recipient.number,
          status: recipient.status,
          cost: recipient.cost,
          messageId: recipient.messageId ?? 'None',
          messageParts: recipient.messageId === null ? 0 : recipient.parts,
        })),
      },
    });
    for (const recipient of recipients) reportDelivery(reports, recipient);
  };

  const server = await listen(options.host ?? '127.0.0.1', options.port ?? 0, async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://simulator').pathname;
    if (path === '/version1/messaging' && request.method === 'POST') return send(request, response);
    sendText(response, 404, `No route ${request.method ?? 'GET'} ${path}.`);
  });

  return {
    url: server.url,
    close: async () => {
      reports.close();
      await server.close();
    },
    setDeliveryReportUrl: (url) => {
      deliveryReportUrl = url;
    },
    messages: () => sent.slice(),
    reports: () => reports.log(),
  };
}
