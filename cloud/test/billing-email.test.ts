// An issued invoice sent by e-mail from the partner's portal (issue 23): the issuer (and its staff) sends it with its
// PDF attached through the e-mail channel to the mail simulator; another partner, a client and even an admin get the
// 404 of an unknown id; a draft is refused; a malformed address or key is refused; one key sends one mail however
// often (or concurrently) it is replayed, and reused for another address it is refused; each send is audited. The
// fees route answers a partner's tariffs and charges and refuses a client.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeTotals, type InvoiceDraft } from '@ismail/shared';
import { startSmtpCapture, type SmtpCapture } from '@ismail/firmware-sim';
import { emailChannel } from '../src/modules/notifications/email.js';
import type { InvoiceRecord } from '../src/modules/invoicing/invoices.js';
import { testBackends } from './support/databases.js';
import { bearer, type Person } from './support/people.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

function sale(unitPriceXof: number): Omit<InvoiceDraft, 'seller'> {
  const lines = [{ label: 'Attiéké', quantityMilli: 2000, unitPriceXof, taxGroup: 'CI-TVA-18', discountXof: 0 }];
  return {
    kind: 'invoice',
    currency: 'XOF',
    priceMode: 'tax_included',
    buyer: { kind: 'B2C', name: 'Awa Traoré' },
    lines,
    payments: [{ method: 'mobile_money', amountXof: computeTotals({ lines, priceMode: 'tax_included' }).grossXof }],
  };
}

describe.each(testBackends)('an invoice sent by e-mail, on $name', (backend) => {
  let cloud: TestCloud;
  let smtp: SmtpCapture;
  let issued: InvoiceRecord;
  let draft: InvoiceRecord;

  const call = (person: Person, method: 'GET' | 'POST', url: string, payload?: object, key?: string) =>
    cloud.app.inject({
      method,
      url,
      headers: { ...bearer(cloud.people[person]), ...(key === undefined ? {} : { 'idempotency-key': key }) },
      ...(payload === undefined ? {} : { payload }),
    });
  const send = (person: Person, invoiceId: string, to: string, key: string = randomUUID()) =>
    call(person, 'POST', `/v1/invoices/${invoiceId}/email`, { to }, key);
  const mailsTo = (address: string) => smtp.messages().filter((m) => m.envelopeTo.includes(address));

  beforeAll(async () => {
    smtp = await startSmtpCapture({ port: 0 });
    cloud = await openTestCloud(backend, {
      seedRates: true,
      notifications: {
        channels: {
          email: emailChannel({
            smtpUrl: `smtp://127.0.0.1:${String(smtp.port)}`,
            from: 'ISMAIL <no-reply@ismail.ci>',
          }),
        },
        publicUrl: 'http://127.0.0.1:8080',
      },
    });
    await cloud.db.pool.query("UPDATE accounts SET tax_id = '7654321B', tax_regime = 'RME' WHERE id = $1", [
      cloud.people.partnerA.id,
    ]);
    const created = (await call('partnerA', 'POST', '/v1/invoices', { document: sale(2500) })).json<InvoiceRecord>();
    issued = (await call('partnerA', 'POST', `/v1/invoices/${created.id}/issue`)).json<InvoiceRecord>();
    expect(issued.status).toBe('issued');
    draft = (await call('partnerA', 'POST', '/v1/invoices', { document: sale(900) })).json<InvoiceRecord>();
  });
  afterAll(async () => {
    await cloud.close();
    await smtp.close();
  });

  it('sends the PDF to the address the issuer gives, once per key, and audits it', async () => {
    const key = randomUUID();
    const first = await send('partnerA', issued.id, 'Awa.Traore@client.ci', key);
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json()).toMatchObject({ status: 'sent', replayed: false, to: 'awa.traore@client.ci' });
    // A replay, twice at once and once more: nothing more is sent.
    const replays = await Promise.all([1, 2, 3].map(() => send('partnerA', issued.id, 'awa.traore@client.ci', key)));
    for (const r of replays) expect(r.json()).toMatchObject({ replayed: true });
    const mails = mailsTo('awa.traore@client.ci');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(`Facture ${issued.number ?? ''}`);
    expect(mails[0]?.raw).toContain('application/pdf');
    expect(mails[0]?.raw).toContain(`${issued.number ?? ''}.pdf`);
    const { rows } = await cloud.db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'invoice.emailed' AND subject_id = $1",
      [issued.id],
    );
    expect(rows[0]?.n).toBe(1);
    // The same key for another address is not a replay.
    expect((await send('partnerA', issued.id, 'autre@client.ci', key)).json()).toMatchObject({
      error: { code: 'IDEMPOTENCY_KEY_REUSED' },
    });
    expect(mailsTo('autre@client.ci')).toHaveLength(0);
  });

  it('lets nobody else send it: another partner, a client, an admin, staff not given write', async () => {
    for (const person of ['partnerB', 'clientA', 'admin', 'staffA'] as const) {
      const refused = await send(person, issued.id, `${person}@thief.ci`);
      expect([403, 404], `${person}: ${refused.body}`).toContain(refused.statusCode);
      expect(mailsTo(`${person}@thief.ci`)).toHaveLength(0);
    }
    expect((await send('partnerB', issued.id, 'x@thief.ci')).statusCode).toBe(404);
    expect((await send('partnerA', randomUUID(), 'x@thief.ci')).statusCode).toBe(404);
  });

  it('refuses a draft, a malformed address, a missing or malformed key', async () => {
    const onDraft = await send('partnerA', draft.id, 'awa@client.ci');
    expect(onDraft.statusCode).toBe(409);
    // The shape is checked before anything else: another partner's session meets the same 400s.
    for (const to of ['pas-une-adresse', 'a@b', `${'x'.repeat(250)}@client.ci`, ''])
      expect((await send('partnerB', issued.id, to)).statusCode, to).toBe(400);
    expect((await call('partnerB', 'POST', `/v1/invoices/${issued.id}/email`, { to: 'a@client.ci' })).statusCode).toBe(
      400,
    );
    expect((await send('partnerB', issued.id, 'a@client.ci', 'clé avec espaces')).statusCode).toBe(400);
    expect(
      (await call('partnerB', 'POST', `/v1/invoices/${issued.id}/email`, { to: 'a@client.ci', cc: 'b@c.ci' }, 'k1'))
        .statusCode,
    ).toBe(400);
    expect(mailsTo('awa@client.ci')).toHaveLength(0);
    expect(mailsTo('a@client.ci')).toHaveLength(0);
  });

  it('bounds how many a session sends in a minute', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 12 && !answers.includes(429); i++)
      answers.push((await send('partnerA', issued.id, `lot${String(i)}@client.ci`)).statusCode);
    expect(answers).toContain(429);
    const sent = smtp.messages().filter((m) => m.envelopeTo.some((to) => to.startsWith('lot')));
    expect(sent.length).toBe(answers.filter((code) => code === 202).length);
    expect(sent.length).toBeLessThan(10);
  });

  it('issues a draft paid in full at the amount the cloud computes; nobody else may, a replay issues nothing more', async () => {
    const document = { ...sale(1000), payments: [] };
    const created = (await call('partnerA', 'POST', '/v1/invoices', { document })).json<InvoiceRecord>();
    const path = `/v1/billing/invoices/${created.id}/issue`;
    for (const person of ['partnerB', 'clientA', 'staffA'] as const)
      expect([403, 404]).toContain((await call(person, 'POST', path, { paymentMethod: 'cash' })).statusCode);
    expect((await call('partnerA', 'POST', path, { paymentMethod: 'cash', amountXof: 1 })).statusCode).toBe(400);
    const issuedNow = await call('partnerA', 'POST', path, { paymentMethod: 'cash' });
    expect(issuedNow.statusCode, issuedNow.body).toBe(200);
    const record = issuedNow.json<InvoiceRecord>();
    expect(record.status).toBe('issued');
    expect(record.document.payments).toEqual([{ method: 'cash', amountXof: record.totals?.grossXof }]);
    expect(record.totals?.grossXof).toBe(2000);
    const again = (await call('partnerA', 'POST', path, { paymentMethod: 'card' })).json<InvoiceRecord>();
    expect(again.number).toBe(record.number);
    expect(again.document.payments[0]?.method).toBe('cash');
    const credit = await call('partnerA', 'POST', `/v1/invoices/${record.id}/credit-notes`, {
      lines: [{ index: 0, quantityMilli: 1000 }],
    });
    expect(credit.statusCode, credit.body).toBe(201);
    const listed = await call(
      'partnerA',
      'GET',
      `/v1/invoices?as=seller&status=issued&from=${record.issuedAt ?? ''}&limit=200`,
    );
    expect(listed.statusCode, listed.body).toBe(200);
    const notes = listed
      .json<{ invoices: InvoiceRecord[] }>()
      .invoices.filter((i) => i.originalInvoiceId === record.id);
    expect(notes.map((n) => n.totals?.grossXof)).toEqual([1000]);
  });

  it("answers a partner's fees and refuses a client", async () => {
    const fees = await call('partnerA', 'GET', '/v1/billing/fees?period=2026-12');
    expect(fees.statusCode, fees.body).toBe(200);
    const body = fees.json<{ tariffs: { code: string; per: string }[]; commissions: { module: string }[] }>();
    expect(body.tariffs.find((t) => t.code === 'product_listing')?.per).toBe('product_month');
    expect(body.commissions.map((c) => c.module)).toContain('shop');
    expect((await call('staffA', 'GET', '/v1/billing/fees')).statusCode).toBe(200);
    expect((await call('clientA', 'GET', '/v1/billing/fees')).statusCode).toBe(403);
    expect((await call('partnerA', 'GET', '/v1/billing/fees?period=2026-13')).statusCode).toBe(400);
  });
});
