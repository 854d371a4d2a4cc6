/**
 * A read-only HTTP view of the captured mail, for a developer running `npm start`:
 * `GET /` lists the messages in a page, `GET /messages` as JSON (without the raw text),
 * `GET /messages/<n>.eml` gives one raw message to open in a mail client.
 *
 * Owns: nothing; it reads the capture. Must never change or send anything, and must
 * escape every header it puts in the page (mail content is untrusted).
 */
import { listen, sendJson, sendText, type Listening } from '../payments/http.js';
import type { CapturedMail, SmtpCapture } from './smtp-capture.js';

export interface MailViewerOptions {
  readonly host?: string;
  /** 0 lets the OS choose a free port. */
  readonly port?: number;
}

export type MailViewer = Listening;

/** A captured message as listed: everything but the raw text. */
export type CapturedMailSummary = Omit<CapturedMail, 'raw'>;

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );

function page(messages: readonly CapturedMail[]): string {
  const rows = messages
    .slice()
    .reverse()
    .map(
      (mail) =>
        `<tr><td>${String(mail.id)}</td><td>${escapeHtml(mail.receivedAt)}</td><td>${escapeHtml(mail.from)}</td><td>${escapeHtml(mail.envelopeTo.join(', '))}</td><td><a href="/messages/${String(mail.id)}.eml">${escapeHtml(mail.subject || '(sans objet)')}</a></td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Courriels capturés (simulé)</title><h1>Courriels capturés</h1><p>${String(messages.length)} message(s), le plus récent en premier. <a href="/messages">JSON</a></p><table border="1" cellpadding="4"><tr><th>n°</th><th>reçu</th><th>de</th><th>à</th><th>objet</th></tr>${rows}</table></html>`;
}

export async function startMailViewer(
  capture: Pick<SmtpCapture, 'messages'>,
  options: MailViewerOptions = {},
): Promise<MailViewer> {
  return listen(options.host ?? '127.0.0.1', options.port ?? 0, async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://viewer').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendText(response, 405, 'This viewer is read-only.', { allow: 'GET, HEAD' });
      return;
    }
    if (path === '/') {
      const html = page(capture.messages());
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(html),
      });
      response.end(html);
      return;
    }
    if (path === '/messages') {
      sendJson(
        response,
        200,
        capture.messages().map(({ raw: _raw, ...summary }): CapturedMailSummary => summary),
      );
      return;
    }
    const rawMatch = /^\/messages\/(\d{1,15})\.eml$/.exec(path);
    if (rawMatch?.[1] !== undefined) {
      const id = Number(rawMatch[1]);
      const mail = capture.messages().find((candidate) => candidate.id === id);
      if (mail === undefined) {
        sendText(response, 404, `No message ${String(id)} (never received, or dropped from memory).`);
        return;
      }
      response.writeHead(200, { 'content-type': 'message/rfc822', 'content-length': Buffer.byteLength(mail.raw) });
      response.end(mail.raw);
      return;
    }
    sendText(response, 404, `No route GET ${path}.`);
  });
}
