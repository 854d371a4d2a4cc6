// Proves the `hub_invoice_clearances` shape carries the tax authority's answer on a hub's own
// invoices back to that hub and to no one else: a hub's snapshot holds only the invoices it
// recorded (not its partner's other counter's, not another partner's, not the cloud's own),
// and the clearance service's updates (not submitted → pending → certified, with the
// authority's reference, the QR data the ticket prints and the certified time) reach it through
// the live change log, while another hub's certification does not. The hub reads with its own signed requests, as the
// real hub does.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceNumber, terminalRegister, type InvoiceDraft } from '@ismail/shared';
import type { Database } from '../src/platform/db/database.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { pairHub, registerHub, type HubRecord } from '../src/modules/hubs/registry.js';
import type { ClearanceConnector, ClearanceInvoice } from '../src/modules/invoicing/clearance/connector.js';
import { ClearanceService } from '../src/modules/invoicing/clearance-service.js';
import { checkHubDocument, recordHubDocument } from '../src/modules/invoicing/hub-documents.js';
import { createDraft, issueInvoice } from '../src/modules/invoicing/invoices.js';
import { testBackends } from './support/databases.js';
import { awaSeller, cashSale } from './support/sale-draft.js';
import { openTestCloud } from './support/test-cloud.js';
import { type Person, type Signed } from './support/people.js';
import { hubKeyPair, testHub, type TestHub } from './support/test-hub.js';

interface Message {
  key?: string;
  value?: Record<string, string | null>;
  headers: { operation?: string; control?: string };
}

function sale(): InvoiceDraft {
  const line = { label: 'Pagne wax', quantityMilli: 1000, unitPriceXof: 12_500, taxGroup: 'CI-TVA-18' };
  return cashSale(awaSeller('9999999X'), line);
}

/** An authority that certifies everything at once, with a reference named after the number. */
const certifyingAuthority: ClearanceConnector = {
  authority: 'fne',
  certify: (invoice: ClearanceInvoice) =>
    Promise.resolve({
      status: 'certified',
      authorityReference: `REF-${invoice.number}`,
      qrData: 'https://fne.example/verify',
      certifiedAt: new Date().toISOString(),
      raw: {},
    }),
  recover: () => Promise.resolve({ status: 'not_found' }),
  health: () => Promise.resolve({ ok: true, detail: 'test' }),
};

describe.each(testBackends)('hub invoice clearance shape on $name', (backend) => {
  let db: Database;
  let app: FastifyInstance;
  let url: string;
  let people: Record<Person, Signed>;

  beforeAll(async () => {
    ({ db, app, people } = await openTestCloud(backend));
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    // A hub's invoices name its partner as seller (the cloud refuses any other, issue 20.5).
    await db.pool.query(
      "UPDATE accounts SET display_name = 'Boutique Awa SARL', tax_id = '9999999X', tax_regime = 'RSI' WHERE id = ANY ($1)",
      [[people.partnerA.id, people.partnerB.id]],
    );
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const pairedHub = async (partnerId: string, name: string): Promise<{ hub: HubRecord; token: TestHub }> => {
    const { hub, pairingCode } = await registerHub(db, { partnerId, name, adminId: people.admin.id });
    const keys = hubKeyPair();
    const paired = await pairHub(db, { hubId: hub.id, pairingCode, publicKey: keys.publicKey });
    return { hub: paired.hub, token: testHub(hub.id, paired.token, keys) };
  };
  /** What the hub's push does when a sale arrives: the hub's number recorded under its register. */
  const recordAtHub = async (hub: HubRecord, sequence: number, terminal?: number): Promise<string> => {
    const issuedAt = new Date();
    // A paired LAN terminal numbers in its own register (issue 28).
    const register = terminal === undefined ? hub.register : terminalRegister(hub.register, terminal);
    const number = invoiceNumber('invoice', register, issuedAt.getUTCFullYear(), sequence);
    await withTransaction(db.pool, (client) =>
      recordHubDocument(client, {
        issuerAccountId: hub.partnerId,
        register: hub.register,
        hubId: hub.id,
        checked: checkHubDocument({
          sequence,
          number,
          issuedAt: issuedAt.toISOString(),
          document: sale(),
          ...(terminal === undefined ? {} : { register }),
        }),
        source: 'hub_sale',
        sourceRef: `test:${randomUUID()}`,
      }),
    );
    return number;
  };
  const read = async (
    token: TestHub,
    query: string,
  ): Promise<{ status: number; offset: string | null; values: Record<string, string | null>[] }> => {
    const response = await token.fetch(`${url}/v1/hubs/shape?table=hub_invoice_clearances&${query}`);
    const messages = (await response.json()) as Message[];
    return {
      status: response.status,
      offset: response.headers.get('electric-offset'),
      values: messages.flatMap((m) => (m.value === undefined ? [] : [m.value])),
    };
  };

  it('shows a hub only its own invoices, and brings it their certification live', async () => {
    const counter = await pairedHub(people.partnerA.id, 'Caisse 1');
    const sameShop = await pairedHub(people.partnerA.id, 'Caisse 2');
    const otherShop = await pairedHub(people.partnerB.id, 'Caisse voisine');
    const mine = await recordAtHub(counter.hub, 1);
    const neighbour = await recordAtHub(sameShop.hub, 1);
    const stranger = await recordAtHub(otherShop.hub, 1);
    // The partner's own cloud invoice is not a counter's either.
    await withTransaction(db.pool, async (client) =>
      issueInvoice(
        client,
        (
          await createDraft(client, {
            issuerAccountId: people.partnerA.id,
            register: 'cloud',
            document: sale(),
            createdBy: 'test',
          })
        ).id,
        { label: 'test', place: 'test' },
      ),
    );

    const snapshot = await read(counter.token, 'offset=-1');
    expect(snapshot.status).toBe(200);
    expect(snapshot.values).toEqual([
      {
        id: expect.any(String) as string,
        number: mine,
        kind: 'invoice',
        clearance_status: 'not_submitted',
        authority: null,
        authority_reference: null,
        certified_at: null,
        qr_data: null,
      },
    ]);
    expect((await read(sameShop.token, 'offset=-1')).values.map((v) => v.number)).toEqual([neighbour]);
    expect((await read(otherShop.token, 'offset=-1')).values.map((v) => v.number)).toEqual([stranger]);

    // The clearance service submits every invoice due (pending, then certified): each hub hears of its own.
    const results = await new ClearanceService(db, { CI: certifyingAuthority }).tick();
    expect(results.map((r) => r.status)).toEqual(['certified', 'certified', 'certified', 'certified']);
    const changes = await read(
      counter.token,
      `offset=${snapshot.offset ?? ''}&handle=hub_invoice_clearances-${counter.hub.id}`,
    );
    // certifyOnce marks it uncertain while the request is out (an answer lost is then not a resend).
    expect(changes.values.map((v) => [v.number, v.clearance_status, v.authority_reference])).toEqual([
      [mine, 'pending', null],
      [mine, 'uncertain', null],
      [mine, 'certified', `REF-${mine}`],
    ]);
    expect(changes.values.at(-1)).toMatchObject({
      authority: 'fne',
      qr_data: 'https://fne.example/verify',
      certified_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/) as string,
    });
    // A lease released or an attempt counted changes nothing the hub holds: no news.
    await db.pool.query('UPDATE invoices SET clearance_attempts = clearance_attempts + 1 WHERE number = $1', [mine]);
    expect((await read(counter.token, `offset=${changes.offset ?? ''}`)).values).toEqual([]);
    // QR data corrected after certification (a person resolving it) is news: the ticket prints it.
    await db.pool.query("UPDATE invoices SET qr_data = 'https://fne.example/verify?v=2' WHERE number = $1", [mine]);
    const corrected = await read(counter.token, `offset=${changes.offset ?? ''}`);
    expect(corrected.values.map((v) => [v.number, v.clearance_status, v.qr_data])).toEqual([
      [mine, 'certified', 'https://fne.example/verify?v=2'],
    ]);

    // A fresh snapshot agrees with the log; another hub's handle is refused.
    expect(
      (await read(counter.token, 'offset=-1')).values.map((v) => [v.number, v.clearance_status, v.qr_data]),
    ).toEqual([[mine, 'certified', 'https://fne.example/verify?v=2']]);
    expect((await read(counter.token, `offset=0_0&handle=hub_invoice_clearances-${sameShop.hub.id}`)).status).toBe(409);
    // From the start of its log: recorded, pending, certified; nothing of partner A's counters.
    expect((await read(otherShop.token, 'offset=0_0')).values.map((v) => [v.number, v.clearance_status])).toEqual([
      [stranger, 'not_submitted'],
      [stranger, 'pending'],
      [stranger, 'uncertain'],
      [stranger, 'certified'],
    ]);
  });
  it("brings a hub its LAN terminals' invoices too, logged once per insert statement, and no other hub's", async () => {
    const counter = await pairedHub(people.partnerA.id, 'Caisse à postes');
    const other = await pairedHub(people.partnerA.id, 'Autre caisse');
    const own = await recordAtHub(counter.hub, 1);
    const lane2 = await recordAtHub(counter.hub, 1, 2);
    const lane12 = await recordAtHub(counter.hub, 1, 12);
    const elsewhere = await recordAtHub(other.hub, 1, 2);
    expect(lane2).toMatch(/-T2-\d{4}-000001$/);
    const snapshot = await read(counter.token, 'offset=-1');
    expect(snapshot.values.map((v) => v.number)).toEqual([own, lane2, lane12]);
    expect((await read(counter.token, 'offset=0_0')).values.map((v) => v.number)).toEqual([own, lane2, lane12]);
    expect((await read(other.token, 'offset=-1')).values.map((v) => v.number)).toEqual([elsewhere]);
  });
});
