/**
 * A reply by e-mail, raw RFC 822, read with mailparser: the ticket token from the support+<token>@ address it was sent
 * to, the sender's address, its Message-ID, and the new text only. Mail programs quote the previous message under a
 * line such as « Le lun. 7 déc. 2026 à 10:00, ISMAIL <…> a écrit : » or "On Mon, Dec 7, 2026 at 10:00 AM ISMAIL
 * wrote:" (sometimes wrapped over two lines) and prefix quoted lines with `>`: everything from that line on, and every
 * `>` line, is dropped.
 */
import { simpleParser, type AddressObject } from 'mailparser';
import { messageMaxChars } from './model.js';

export interface InboundReply {
  /** The ticket's reply token, or null when no support+<token>@ address is among the recipients. */
  readonly token: string | null;
  /** The From address, lower-case; null when absent. */
  readonly from: string | null;
  readonly messageId: string | null;
  readonly body: string;
}

const tokenPattern = /support\+([a-z0-9]{24,40})@/i;
const quoteHeader = [/^\s*Le\s.+\sa\s+écrit\s*:\s*$/i, /^\s*On\s.+\swrote:\s*$/i];
/** The headers' opening word alone on its line: the header was wrapped (Gmail wraps at 78 columns). */
const quoteStart = [/^\s*Le\s/i, /^\s*On\s/i];

const addresses = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (value === undefined ? [] : Array.isArray(value) ? value : [value]).flatMap((a) =>
    a.value.map((v) => (v.address ?? '').toLowerCase()),
  );

/** The reply's own words: up to the quote header, without `>` lines, trimmed and bounded. */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const joined = `${line} ${lines[i + 1] ?? ''}`;
    if (quoteHeader.some((p) => p.test(line))) break;
    if (quoteStart.some((p) => p.test(line)) && quoteHeader.some((p) => p.test(joined))) break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  return kept.join('\n').trim().slice(0, messageMaxChars);
}

export async function parseInboundReply(raw: Buffer): Promise<InboundReply> {
  const parsed = await simpleParser(raw, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
  const recipients = [
    ...addresses(parsed.to),
    ...addresses(parsed.cc),
    ...['delivered-to', 'x-original-to'].flatMap((name) => {
      const value = parsed.headers.get(name);
      return typeof value === 'string' ? [value.toLowerCase()] : [];
    }),
  ];
  const token = recipients.map((r) => tokenPattern.exec(r)?.[1]?.toLowerCase()).find((t) => t !== undefined) ?? null;
  const from = addresses(parsed.from)[0] ?? null;
  return {
    token,
    from: from === '' ? null : from,
    messageId: parsed.messageId?.slice(0, 998) ?? null,
    body: stripQuoted(parsed.text ?? ''),
  };
}
