// The SMTP capture's inbound side forwards a customer's answer to support+<token>@ to the cloud, raw, with the secret,
// once; leaves other mail alone; tries again after a 503 or a closed port; stops at a 4xx (a wrong secret is final).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpCapture, type SmtpCapture } from './smtp-capture.js';
import { startInboundForwarder } from './inbound-forwarder.js';

const token = 'abcdefghijklmnopqrstuvwx12';

describe('inbound mail forwarder', () => {
  let capture: SmtpCapture;
  let cloud: Server;
  let url: string;
  const received: { secret: string | undefined; type: string | undefined; body: string }[] = [];
  const answers: number[] = [];
  beforeAll(async () => {
    capture = await startSmtpCapture({ port: 0 });
    cloud = createServer((request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const status = answers.shift() ?? 200;
        if (status === 200)
          received.push({
            secret: request.headers['x-inbound-secret'] as string | undefined,
            type: request.headers['content-type'],
            body: Buffer.concat(chunks).toString('utf8'),
          });
        response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => cloud.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${String((cloud.address() as AddressInfo).port)}/v1/support/inbound-mail`;
  });
  afterAll(async () => {
    await capture.close();
    await new Promise((resolve) => cloud.close(resolve));
  });
  const send = (to: string, text: string) =>
    createTransport({ host: '127.0.0.1', port: capture.port, secure: false, ignoreTLS: true }).sendMail({
      from: 'awa.kone@exemple.ci',
      to,
      subject: 'Re: Réclamation R-2026-000001',
      text,
    });

  it('forwards only support+ replies, raw with the secret, once, retrying a cloud that is down', async () => {
    const before = await send(`support+${token}@ismail.ci`, 'avant le démarrage');
    expect(before.accepted).toHaveLength(1);
    const forwarder = startInboundForwarder({ capture, url, secret: 's3cret', pollMs: 60_000, maxAttempts: 3 });
    await send('contact@ismail.ci', 'pas pour le support');
    await send(`Support ISMAIL <support+${token}@ismail.ci>`, 'Toujours rien reçu, merci.');
    answers.push(503); // the cloud restarting: the same message again next look
    await forwarder.tick();
    expect(received).toEqual([]);
    await forwarder.tick();
    await forwarder.tick(); // nothing left: not sent twice
    expect(received).toHaveLength(1);
    expect(received[0]?.secret).toBe('s3cret');
    expect(received[0]?.type).toBe('message/rfc822');
    expect(received[0]?.body).toContain(`support+${token}@ismail.ci`);
    expect(received[0]?.body).toContain('Toujours rien re');
    expect(forwarder.forwarded()).toHaveLength(1);
    await forwarder.close();
  });

  it('drops a message the cloud refuses (4xx) and gives up on a cloud that stays down', async () => {
    const outcomes: { status: number | null; final: boolean }[] = [];
    const refused = startInboundForwarder({
      capture,
      url,
      secret: 'wrong',
      pollMs: 60_000,
      onForward: (e) => outcomes.push(e),
    });
    await send(`support+${token}@ismail.ci`, 'refusé');
    answers.push(401);
    await refused.tick();
    await refused.tick();
    expect(outcomes).toEqual([{ id: expect.any(Number) as number, status: 401, final: true }]);
    await refused.close();

    const down = startInboundForwarder({
      capture,
      url: 'http://127.0.0.1:1/v1/support/inbound-mail',
      secret: 's',
      pollMs: 60_000,
      maxAttempts: 2,
      onForward: (e) => outcomes.push(e),
    });
    await send(`support+${token}@ismail.ci`, 'personne');
    await down.tick();
    await down.tick();
    await down.tick();
    expect(outcomes.slice(1).map((e) => [e.status, e.final])).toEqual([
      [null, false],
      [null, true],
    ]);
    expect(down.forwarded()).toEqual([]);
    await down.close();
  });
});
