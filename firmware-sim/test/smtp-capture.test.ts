// Proves the SMTP capture is a real SMTP server for nodemailer (the cloud's mailer): a
// French message comes back parsed byte-exact, the raw message lands on disk and in the
// viewer, an oversize message is refused with 552, and the store stays bounded.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpCapture, type SmtpCapture, type SmtpCaptureOptions } from '../src/mail/smtp-capture.js';
import { startMailViewer } from '../src/mail/viewer.js';

const toClose: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of toClose.splice(0).reverse()) await item.close();
});

async function capture(options: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
  const started = await startSmtpCapture({ host: '127.0.0.1', port: 0, ...options });
  toClose.push(started);
  return started;
}

/** The cloud's way of sending: plain SMTP on loopback, one connection per message. */
function mailer(smtp: SmtpCapture, auth?: { user: string; pass: string }) {
  return createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 5000,
    ...(auth === undefined ? {} : { auth }),
  });
}

/** A bare SMTP client: each call sends one line (or none) and resolves with the complete reply. */
async function rawSmtp(smtp: SmtpCapture): Promise<{ say(line?: string): Promise<string>; end(): void }> {
  const socket = net.connect(smtp.port, smtp.host);
  let buffered = '';
  let waiting: ((reply: string) => void) | undefined;
  const check = (): void => {
    // A reply is complete at its last line: three digits then a space.
    const match = /(^|\r\n)\d{3} [^\r\n]*\r\n/.exec(buffered);
    if (match === null || waiting === undefined) return;
    const end = match.index + match[0].length;
    const reply = buffered.slice(0, end);
    buffered = buffered.slice(end);
    const resolve = waiting;
    waiting = undefined;
    resolve(reply);
  };
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    check();
  });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return {
    say: (line) =>
      new Promise((resolve) => {
        waiting = resolve;
        if (line !== undefined) socket.write(`${line}\r\n`);
        check();
      }),
    end: () => socket.destroy(),
  };
}

const subject = 'Votre compte est activé — bienvenue';
const text = 'Numéro ISMAIL : CI261124-7K3M-CL. Merci de votre confiance, à bientôt !';

describe('SMTP capture', () => {
  it('keeps a French message sent by nodemailer, subject and text byte-exact, on disk and in the viewer', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'ismail-mail-')), 'mail');
    const smtp = await capture({ dir });
    const info = await mailer(smtp).sendMail({
      from: '"ISMAIL" <no-reply@ismail.ci>',
      to: 'Adjoua Koné <adjoua@example.ci>',
      subject,
      text,
      html: `<p>${text}</p>`,
    });
    expect(info.accepted).toEqual(['adjoua@example.ci']);
    const [mail] = await smtp.waitFor(1, 5000);
    if (mail === undefined) throw new Error('no message');
    expect(mail.subject).toBe(subject);
    expect(Buffer.from(mail.subject, 'utf8').equals(Buffer.from(subject, 'utf8'))).toBe(true);
    expect(mail.text).toBe(text);
    expect(Buffer.from(mail.text, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(mail.html).toBe(`<p>${text}</p>`);
    expect(mail).toMatchObject({
      id: 1,
      envelopeFrom: 'no-reply@ismail.ci',
      envelopeTo: ['adjoua@example.ci'],
      from: '"ISMAIL" <no-reply@ismail.ci>',
      to: '"Adjoua Koné" <adjoua@example.ci>',
    });
    expect(mail.headers.subject).toBe(subject);
    expect(mail.headers['message-id']).toBe(info.messageId);
    expect(mail.headers['content-type']).toMatch(/^multipart\/alternative; boundary=/);
    expect(Date.now() - Date.parse(mail.receivedAt)).toBeLessThan(60_000);
    // The subject travels encoded (RFC 2047): the raw text is ASCII, the parsed one is not.
    expect(mail.raw).not.toContain(subject);
    expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(readFileSync(path.join(dir, '1.eml'), 'utf8')).toBe(mail.raw);

    const viewer = await startMailViewer(smtp, { host: '127.0.0.1', port: 0 });
    toClose.push(viewer);
    const list = await fetch(`${viewer.url}/messages`);
    expect(list.headers.get('content-type')).toContain('application/json');
    const listed = (await list.json()) as Record<string, unknown>[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: 1, subject, envelopeTo: ['adjoua@example.ci'] });
    expect(listed[0]).not.toHaveProperty('raw');
    const raw = await fetch(`${viewer.url}/messages/1.eml`);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    expect(await raw.text()).toBe(mail.raw);
    expect((await fetch(`${viewer.url}/messages/2.eml`)).status).toBe(404);
    const page = await (await fetch(`${viewer.url}/`)).text();
    expect(page).toContain(subject);
    expect(page).toContain('&quot;ISMAIL&quot; &lt;no-reply@ismail.ci&gt;');
    expect((await fetch(`${viewer.url}/messages`, { method: 'DELETE' })).status).toBe(405);
  });

  it('accepts a client that authenticates in clear, without TLS', async () => {
    const smtp = await capture();
    await mailer(smtp, { user: 'ismail', pass: 'any-password' }).sendMail({
      from: 'no-reply@ismail.ci',
      to: 'a@example.ci, b@example.ci',
      subject: 'Reçu',
      text: 'ok',
    });
    const [mail] = await smtp.waitFor(1, 5000);
    expect(mail).toMatchObject({
      envelopeTo: ['a@example.ci', 'b@example.ci'],
      to: 'a@example.ci, b@example.ci',
      subject: 'Reçu',
      html: null,
    });
  });

  it('refuses a message over maxMessageBytes with 552 and keeps taking smaller ones', async () => {
    const smtp = await capture({ maxMessageBytes: 4096 });
    const send = mailer(smtp);
    const refused = await send
      .sendMail({ from: 'no-reply@ismail.ci', to: 'a@example.ci', subject: 'gros', text: 'x'.repeat(20_000) })
      .then(
        () => undefined,
        (error: unknown) => error as { responseCode?: number },
      );
    expect(refused?.responseCode).toBe(552);
    expect(smtp.messages()).toEqual([]);
    await send.sendMail({ from: 'no-reply@ismail.ci', to: 'a@example.ci', subject: 'petit', text: 'ok' });
    expect((await smtp.waitFor(1, 5000)).map((m) => m.subject)).toEqual(['petit']);
  });

  it('refuses an oversize DATA with 552 on the same connection, and a declared SIZE at MAIL FROM', async () => {
    const smtp = await capture({ maxMessageBytes: 1024 });
    const client = await rawSmtp(smtp);
    expect(await client.say()).toMatch(/^220 /);
    expect(await client.say('EHLO cloud.test')).toMatch(/250[ -]SIZE 1024\r\n/);
    expect(await client.say('MAIL FROM:<no-reply@ismail.ci>')).toMatch(/^250 /);
    expect(await client.say('RCPT TO:<a@example.ci>')).toMatch(/^250 /);
    expect(await client.say('DATA')).toMatch(/^354 /);
    expect(await client.say(`Subject: gros\r\n\r\n${'x'.repeat(70)}\r\n`.repeat(40) + '.')).toMatch(/^552 /);
    expect(await client.say('MAIL FROM:<no-reply@ismail.ci> SIZE=5000')).toMatch(/^552 /);
    expect(await client.say('MAIL FROM:<no-reply@ismail.ci> SIZE=500')).toMatch(/^250 /);
    expect(await client.say('RCPT TO:<a@example.ci>')).toMatch(/^250 /);
    expect(await client.say('DATA')).toMatch(/^354 /);
    expect(await client.say('Subject: petit\r\n\r\nok\r\n.')).toMatch(/^250 /);
    expect(await client.say('QUIT')).toMatch(/^221 /);
    client.end();
    expect((await smtp.waitFor(1, 5000)).map((m) => [m.subject, m.text])).toEqual([['petit', 'ok\n']]);
  });

  it('keeps only the newest maxMessages in memory', async () => {
    const smtp = await capture({ maxMessages: 3 });
    const send = mailer(smtp);
    for (let i = 1; i <= 5; i++)
      await send.sendMail({ from: 'no-reply@ismail.ci', to: 'a@example.ci', subject: `n° ${String(i)}`, text: 'ok' });
    const kept = await smtp.waitFor(5, 5000);
    expect(kept.map((m) => [m.id, m.subject])).toEqual([
      [3, 'n° 3'],
      [4, 'n° 4'],
      [5, 'n° 5'],
    ]);
    expect(smtp.messages()).toHaveLength(3);
  });

  it('numbers files after those already in the folder, so a restart never overwrites earlier mail', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'ismail-mail-')), 'mail');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, '7.eml'), 'Subject: earlier\r\n\r\nold\r\n');
    const smtp = await capture({ dir });
    await mailer(smtp).sendMail({ from: 'no-reply@ismail.ci', to: 'a@example.ci', subject: 'nouveau', text: 'ok' });
    const [mail] = await smtp.waitFor(1, 5000);
    expect(mail?.id).toBe(8);
    expect(readFileSync(path.join(dir, '7.eml'), 'utf8')).toContain('earlier');
    expect(readFileSync(path.join(dir, '8.eml'), 'utf8')).toContain('nouveau');
  });

  it('times out waitFor with a clear message when nothing arrives', async () => {
    const smtp = await capture();
    await expect(smtp.waitFor(1, 50)).rejects.toThrow('only 0 of 1 messages within 50 ms');
  });
});
