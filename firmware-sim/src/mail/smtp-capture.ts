/**
 * A real SMTP server on a local port that accepts every message the cloud sends, parses
 * it with mailparser and keeps it, so tests and developers can read what would have gone
 * out (in the manner of MailHog): no TLS, any or no authentication, never relays.
 *
 * Owns: the captured messages, in memory and bounded (and, when given a folder, each raw
 * message as <n>.eml there). Must never deliver anything anywhere, nor buffer a message
 * past maxMessageBytes: a larger one is drained and refused with 552.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser, type AddressObject, type HeaderValue, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import {
  mailMessageMaxBytesDefault,
  mailMessagesMaxDefault,
  smtpClientsMax,
  smtpCloseTimeoutMs,
  smtpRecipientsMax,
  smtpSocketTimeoutMs,
} from '../limits.js';

export interface SmtpCaptureOptions {
  readonly host?: string;
  /** 0 lets the OS choose a free port. */
  readonly port?: number;
  /** When set, each raw message is also written there as <n>.eml; numbering continues after the files already there. */
  readonly dir?: string;
  /** Messages kept in memory; the oldest is dropped first (its file stays). Default 1000. */
  readonly maxMessages?: number;
  /** Larger messages are refused with 552. Default 10 MiB. */
  readonly maxMessageBytes?: number;
  readonly now?: () => number;
}

export interface CapturedMail {
  /** 1, 2, … in arrival order; also the name of the .eml file. */
  readonly id: number;
  /** MAIL FROM; empty for the null sender <>. */
  readonly envelopeFrom: string;
  readonly envelopeTo: string[];
  /** The From header as text, such as `"ISMAIL" <no-reply@ismail.ci>`. */
  readonly from: string;
  /** The To headers as text, comma-separated. */
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  /** Every header, lower-case name to decoded value; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The message as received (UTF-8 decoded). */
  readonly raw: string;
  readonly receivedAt: string;
}

export interface SmtpCapture {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
  messages(): readonly CapturedMail[];
  /** Resolves once `count` messages have been accepted since start (kept or since dropped). */
  waitFor(count: number, timeoutMs: number): Promise<readonly CapturedMail[]>;
}

/** An SMTP reply for onData's callback: smtp-server sends err.responseCode and err.message. */
function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

const isAddressObject = (value: unknown): value is AddressObject =>
  typeof value === 'object' && value !== null && 'text' in value && 'value' in value;

/** One header's parsed value as one line of text. */
function headerText(value: HeaderValue): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => headerText(item)).join(', ');
  if (isAddressObject(value)) return value.text;
  if ('value' in value && 'params' in value && typeof value.value === 'string') {
    const params = Object.entries(value.params).map(([name, param]) => `; ${name}=${param}`);
    return `${value.value}${params.join('')}`;
  }
  // The combined List-* headers: keep their parsed form.
  return JSON.stringify(value);
}

function addressText(value: ParsedMail['to']): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.map((item) => item.text).join(', ') : value.text;
}

/** The highest n of the <n>.eml files already in dir, so a restart never overwrites earlier mail. */
function lastFileNumber(dir: string): number {
  let last = 0;
  for (const name of readdirSync(dir)) {
    const match = /^(\d{1,15})\.eml$/.exec(name);
    if (match?.[1] !== undefined) last = Math.max(last, Number(match[1]));
  }
  return last;
}

export async function startSmtpCapture(options: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const maxMessages = options.maxMessages ?? mailMessagesMaxDefault;
  const maxMessageBytes = options.maxMessageBytes ?? mailMessageMaxBytesDefault;
  const dir = options.dir;
  if (dir !== undefined) mkdirSync(dir, { recursive: true });
  let lastId = dir === undefined ? 0 : lastFileNumber(dir);
  let accepted = 0;
  const kept: CapturedMail[] = [];
  const waiters = new Set<() => void>();

  const keep = async (raw: Buffer, session: SMTPServerSession): Promise<void> => {
    const parsed = await simpleParser(raw);
    const id = ++lastId;
    if (dir !== undefined) await writeFile(path.join(dir, `${String(id)}.eml`), raw);
    const mailFrom = session.envelope.mailFrom;
    kept.push({
      id,
      envelopeFrom: mailFrom === false ? '' : mailFrom.address,
      envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
      from: addressText(parsed.from),
      to: addressText(parsed.to),
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : null,
      headers: Object.fromEntries(Array.from(parsed.headers, ([name, value]) => [name, headerText(value)])),
      raw: raw.toString('utf8'),
      receivedAt: new Date(now()).toISOString(),
    });
    if (kept.length > maxMessages) kept.splice(0, kept.length - maxMessages);
    accepted++;
    for (const waiter of waiters) waiter();
  };

  const onData = (
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (error?: Error | null) => void,
  ): void => {
    const chunks: Buffer[] = [];
    let received = 0;
    stream.on('data', (chunk: Buffer) => {
      received += chunk.length;
      // Past the limit, keep reading (the client is still sending) but stop keeping.
      if (received <= maxMessageBytes) chunks.push(chunk);
    });
    stream.on('end', () => {
      if (stream.sizeExceeded || received > maxMessageBytes) {
        callback(smtpError(552, `Error: message exceeds fixed maximum message size ${String(maxMessageBytes)}`));
        return;
      }
      keep(Buffer.concat(chunks), session).then(
        () => callback(),
        () => callback(smtpError(451, 'Error: the message could not be parsed or stored; try again')),
      );
    });
  };

  const server = new SMTPServer({
    name: 'smtp-capture.ismail.local',
    banner: 'ISMAIL simulated mail capture (nothing is delivered)',
    // A capture box: no TLS, authentication accepted in clear and never required.
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    size: maxMessageBytes,
    rejectOversized: true,
    maxClients: smtpClientsMax,
    maxRecipients: smtpRecipientsMax,
    socketTimeout: smtpSocketTimeoutMs,
    closeTimeout: smtpCloseTimeoutMs,
    disableReverseLookup: true,
    logger: false,
    onData,
  });
  // A client that resets mid-session is its own problem; without a listener it would crash the process.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);

  return {
    host,
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
    messages: () => kept.slice(),
    waitFor: (count, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (accepted < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(kept.slice());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`only ${String(accepted)} of ${String(count)} messages within ${String(timeoutMs)} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}
