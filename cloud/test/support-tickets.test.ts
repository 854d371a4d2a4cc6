// Issue 27's support scenario (seed 13.2.3) on both databases: a client claims about their real shop order; refusals
// first (another client's order, another client reading, an internal note by the customer, a malformed body, the same
// Idempotency-Key twice at once → one ticket); the partner notes internally (never shown to the customer, in the
// thread or in search) and answers (the client is notified, by e-mail with Reply-To support+<token>@); the SLA passes
// without closure: the job escalates to admin (admins notified) once, then to super admin; the client answers the
// e-mail (a forged secret: 401; another sender: ignored; the same mail twice: one message) into the same thread;
// closing then replying reopens; the rating is given once, after close. Audits carry no message text.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpCapture, type SmtpCapture } from '@ismail/firmware-sim';
import type { Database } from '../src/platform/db/database.js';
import { emailChannel } from '../src/modules/notifications/email.js';
import { testClock, type TestClock } from '../src/platform/test-clock.js';
import { cashHub } from './support/wallet-fixtures.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { fundClients, giveTaxIdentity } from './support/shop-fixtures.js';
import { bearer, type Person, type Signed } from './support/people.js';

const secret = 'inbound-secret-for-tests';
const hour = 3_600_000;

describe.each(testBackends)('support tickets on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let clock: TestClock;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    clock = testClock();
    smtp = await startSmtpCapture({ port: 0 });
    cloud = await openTestCloud(backend, {
      testClock: clock,
      support: { inboundSecret: secret, mailDomain: 'ismail.ci' },
      notifications: {
        channels: {
          email: emailChannel({
            smtpUrl: `smtp://127.0.0.1:${String(smtp.port)}`,
            from: 'ISMAIL <no-reply@ismail.ci>',
          }),
        },
        pollingIntervalSeconds: 0.5,
      },
    });
    ({ db, app, people } = cloud);
    await app.notifications.service.start();
    await giveTaxIdentity(db, people.partnerA.id);
    await fundClients(cloud, await cashHub(db));
  });
  afterAll(async () => {
    // The e-mail workers finish their sends before the pool closes (else pg-boss records a failure on a closed pool).
    await app.notifications.service.stop();
    await cloud.close();
    await smtp.close();
  });
  const call = (person: Person, method: 'GET' | 'POST', url: string, payload?: object, key?: string) =>
    app.inject({
      method,
      url,
      headers: { ...bearer(people[person]), ...(key === undefined ? {} : { 'idempotency-key': key }) },
      ...(payload === undefined ? {} : { payload }),
    });
  const notices = async (person: Person, type: string) =>
    (
      await db.pool.query<{ data: Record<string, string> }>(
        'SELECT data FROM notifications WHERE recipient_id = $1 AND event_type = $2 ORDER BY created_at',
        [people[person].id, type],
      )
    ).rows.map((r) => r.data);
  const inbound = (raw: string, given = secret) =>
    app.inject({
      method: 'POST',
      url: '/v1/support/inbound-mail',
      headers: { 'content-type': 'message/rfc822', 'x-inbound-secret': given },
      payload: raw,
    });
  const mail = (from: string, to: string, id: string, text: string) =>
    [
      `From: <${from}>`,
      `To: ${to}`,
      'Subject: Re: votre réclamation',
      `Message-ID: <${id}@exemple.ci>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
    ].join('\r\n');

  async function placeOrder(): Promise<string> {
    const product = await call('partnerA', 'POST', '/v1/shop/products', {
      name: 'Pagne wax 6 yards',
      category: 'textile',
      kind: 'physical',
      priceXof: 12_500,
      taxGroup: 'CI-TVA-18',
    });
    const { id: productId } = product.json<{ id: string }>();
    await call('partnerA', 'POST', `/v1/shop/products/${productId}/stock`, { delta: 5, reason: 'count' });
    const order = await call(
      'clientA',
      'POST',
      '/v1/shop/orders',
      { items: [{ productId, quantity: 1 }], delivery: 'pickup' },
      'o1',
    );
    expect(order.statusCode).toBe(201);
    return order.json<{ id: string }>().id;
  }

  it('runs a claim from opening to rating, across the portal, e-mail and the escalation job', async () => {
    const orderId = await placeOrder();
    const claim = {
      category: 'order',
      about: { type: 'order', id: orderId },
      subject: 'Colis non reçu',
      message: 'Ma commande devait arriver hier.',
    };

    // Refusals first: another client's order is unknown to clientB; malformed; no key.
    expect((await call('clientB', 'POST', '/v1/support/tickets', claim, 'b1')).statusCode).toBe(404);
    expect(
      (await call('clientA', 'POST', '/v1/support/tickets', { ...claim, partnerId: people.partnerB.id }, 'x'))
        .statusCode,
    ).toBe(400);
    expect(
      (await call('clientA', 'POST', '/v1/support/tickets', { ...claim, category: 'autre' }, 'x')).statusCode,
    ).toBe(400);
    expect((await call('clientA', 'POST', '/v1/support/tickets', claim)).statusCode).toBe(400);
    expect(await db.pool.query('SELECT 1 FROM support_tickets')).toMatchObject({ rowCount: 0 });

    // A double tap over 3G: the same key twice at once is one ticket.
    const opened = await Promise.all([
      call('clientA', 'POST', '/v1/support/tickets', claim, 'k1'),
      call('clientA', 'POST', '/v1/support/tickets', claim, 'k1'),
    ]);
    expect(opened.map((r) => r.statusCode)).toEqual([201, 201]);
    const ticket = opened[0]?.json<{ id: string; reference: string; status: string; level: string }>();
    if (ticket === undefined) throw new Error('no ticket');
    expect(opened[1]?.json<{ id: string }>().id).toBe(ticket.id);
    expect((await db.pool.query('SELECT 1 FROM support_tickets')).rowCount).toBe(1);
    expect(ticket).toMatchObject({ status: 'open', level: 'support', about: { type: 'order', id: orderId } });
    expect(ticket.reference).toMatch(/^R-\d{4}-\d{6}$/);
    const { rows: stored } = await db.pool.query<{ partner_id: string; reply_token: string }>(
      'SELECT partner_id, reply_token FROM support_tickets WHERE id = $1',
      [ticket.id],
    );
    expect(stored[0]?.partner_id).toBe(people.partnerA.id); // derived from the order
    const token = stored[0]?.reply_token ?? '';
    const [ack] = await notices('clientA', 'support.ticket_opened');
    expect(ack?.expectedBy).toMatch(/à \d{1,2} h \d{2}$/);
    expect(ack?.replyTo).toBe(`support+${token}@ismail.ci`);
    expect(await notices('partnerA', 'support.ticket_assigned')).toHaveLength(1);

    // Who may read it: the customer, the partner concerned, admins; nobody else (404).
    const url = `/v1/support/tickets/${ticket.id}`;
    expect((await call('clientB', 'GET', url)).statusCode).toBe(404);
    expect((await call('partnerB', 'GET', url)).statusCode).toBe(404);
    expect((await call('partnerA', 'GET', url)).statusCode).toBe(200);
    expect((await call('admin', 'GET', url)).json()).toMatchObject({ ticket: { viewerRole: 'support' } });

    // Internal notes: refused to the customer, invisible to them (thread, search, notices).
    expect((await call('clientA', 'POST', `${url}/messages`, { body: 'note', internal: true })).statusCode).toBe(403);
    expect(
      (await call('partnerA', 'POST', `${url}/messages`, { body: 'Livreur injoignable', internal: true })).statusCode,
    ).toBe(201);
    const seenByClient = (await call('clientA', 'GET', url)).json<{ messages: { body: string }[] }>();
    expect(seenByClient.messages.map((m) => m.body)).toEqual(['Ma commande devait arriver hier.']);
    expect((await call('clientA', 'GET', '/v1/support/tickets?q=injoignable')).json()).toMatchObject({ tickets: [] });
    expect((await call('partnerA', 'GET', '/v1/support/tickets?q=injoignable')).json()).toMatchObject({
      tickets: [{ id: ticket.id }],
    });
    expect(await notices('clientA', 'support.ticket_reply')).toEqual([]);
    expect((await call('clientA', 'POST', `${url}/rating`, { score: 5 })).statusCode).toBe(409); // not closed

    // The partner answers: waiting for the customer, who is notified by e-mail with the ticket's Reply-To.
    const answer = await call('partnerA', 'POST', `${url}/messages`, { body: 'Votre colis part ce soir.' });
    expect(answer.json()).toMatchObject({ author: { role: 'partner' }, internal: false, channel: 'portal' });
    expect((await call('clientA', 'GET', url)).json()).toMatchObject({ ticket: { status: 'waiting_customer' } });
    expect((await notices('clientA', 'support.ticket_reply'))[0]?.excerpt).toBe('Votre colis part ce soir.');
    const deadline = Date.now() + 15_000;
    let sent = smtp
      .messages()
      .find((m) => m.envelopeTo.includes(people.clientA.email) && m.subject.includes('Réponse'));
    while (sent === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      sent = smtp.messages().find((m) => m.envelopeTo.includes(people.clientA.email) && m.subject.includes('Réponse'));
    }
    expect(sent?.headers['reply-to']).toBe(`support+${token}@ismail.ci`);
    expect(sent?.text).not.toContain('injoignable');

    // The SLA (24 h for an order) passes without closure: one escalation to admin, admins notified, then super admin.
    expect(await app.support.escalateOnce()).toEqual({ escalated: 0 });
    clock.advance(25 * hour);
    expect(await app.support.escalateOnce()).toEqual({ escalated: 1 });
    expect(await app.support.escalateOnce()).toEqual({ escalated: 0 });
    expect((await call('clientA', 'GET', url)).json()).toMatchObject({ ticket: { level: 'admin' } });
    expect((await notices('admin', 'support.ticket_escalated'))[0]).toMatchObject({ reference: ticket.reference });
    expect(await notices('super', 'support.ticket_escalated')).toEqual([]);
    clock.advance(24 * hour);
    expect(await app.support.escalateOnce()).toEqual({ escalated: 1 });
    expect(await notices('super', 'support.ticket_escalated')).toHaveLength(1);
    expect(await notices('admin', 'support.ticket_escalated')).toHaveLength(1);
    const queue = (await call('admin', 'GET', '/v1/admin/support/tickets?level=super_admin')).json();
    expect(queue).toMatchObject({ tickets: [{ id: ticket.id, overdue: false }] });

    // The client answers the e-mail: forged secret refused, another sender ignored, the same mail once.
    const replyTo = sent?.headers['reply-to'] ?? '';
    const quoted =
      'Toujours rien reçu.\r\n\r\nLe lun. 7 déc. 2026 à 10:00, ISMAIL a écrit :\r\n> Votre colis part ce soir.';
    expect((await inbound(mail(people.clientA.email, replyTo, 'r1', quoted), 'wrong')).statusCode).toBe(401);
    expect((await inbound(mail(people.clientB.email, replyTo, 'r0', 'Intrus'))).json()).toEqual({ outcome: 'ignored' });
    const byMail = await inbound(mail(people.clientA.email, replyTo, 'r1', quoted));
    expect(byMail.statusCode).toBe(200);
    expect((await inbound(mail(people.clientA.email, replyTo, 'r1', quoted))).json()).toEqual({ outcome: 'duplicate' });
    const thread = (await call('partnerA', 'GET', url)).json<{ messages: { body: string; channel: string }[] }>();
    expect(thread.messages.map((m) => [m.channel, m.body])).toEqual([
      ['portal', 'Ma commande devait arriver hier.'],
      ['portal', 'Livreur injoignable'],
      ['portal', 'Votre colis part ce soir.'],
      ['email', 'Toujours rien reçu.'],
    ]);
    expect((await call('partnerA', 'GET', url)).json()).toMatchObject({ ticket: { status: 'open' } });

    // Close, reply (reopens), close again; the rating once, by the customer only.
    expect((await call('partnerA', 'POST', `${url}/close`, { resolution: 'Colis livré' })).json()).toMatchObject({
      status: 'closed',
    });
    expect((await call('partnerA', 'POST', `${url}/close`, { resolution: 'encore' })).statusCode).toBe(409);
    expect(await notices('clientA', 'support.ticket_closed')).toHaveLength(1);
    expect((await call('clientA', 'POST', `${url}/messages`, { body: 'Il manque un article.' })).statusCode).toBe(201);
    expect((await call('clientA', 'GET', url)).json()).toMatchObject({ ticket: { status: 'open', closedAt: null } });
    expect((await call('admin', 'POST', `${url}/close`, { resolution: 'Article renvoyé' })).statusCode).toBe(200);
    expect((await call('partnerA', 'POST', `${url}/rating`, { score: 5 })).statusCode).toBe(403);
    expect((await call('clientA', 'POST', `${url}/rating`, { score: 6 })).statusCode).toBe(400);
    const rated = await Promise.all([
      call('clientA', 'POST', `${url}/rating`, { score: 4, comment: 'Rapide' }),
      call('clientA', 'POST', `${url}/rating`, { score: 1 }),
    ]);
    expect(rated.map((r) => r.statusCode).sort()).toEqual([200, 409]);

    // Lists: mine, filtered; another client's is empty; bounded limits.
    expect(
      (await call('clientA', 'GET', `/v1/support/tickets?status=closed&q=${ticket.reference}`)).json(),
    ).toMatchObject({
      tickets: [{ id: ticket.id, status: 'closed' }],
      next: null,
    });
    expect((await call('clientB', 'GET', '/v1/support/tickets')).json()).toEqual({ tickets: [], next: null });
    expect((await call('clientA', 'GET', '/v1/support/tickets?limit=500')).statusCode).toBe(400);

    // Every step audited, without a message's text.
    const { rows: audits } = await db.pool.query<{ action: string; detail: unknown }>(
      "SELECT action, detail FROM audit_log WHERE action LIKE 'support.%' ORDER BY seq",
    );
    expect(new Set(audits.map((a) => a.action))).toEqual(
      new Set([
        'support.opened',
        'support.noted',
        'support.replied',
        'support.escalated',
        'support.inbound_ignored',
        'support.closed',
        'support.reopened',
        'support.rated',
      ]),
    );
    const details = JSON.stringify(audits.map((a) => a.detail));
    for (const text of ['injoignable', 'Toujours rien', 'ce soir', 'commande devait', people.clientB.email])
      expect(details).not.toContain(text);
  });
});
