// Proves that a hub reads a card's photo and wallet balance only for its own establishment
// (issue 20.2): partner A's hub asking for partner B's client by card id (and ISMAIL ID) gets
// the answer a card that does not exist gets (NOT_FOUND, no oracle), with or without another
// card's credential; a card presented at the hub (its signed credential, which the card or the
// app's dynamic code carries) opens both for `cardPresentationWindowMs`, then no more; a
// customer of the establishment (a confirmed booking) is served; nothing moves.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { withTransaction } from '../../src/platform/db/transaction.js';
import { cardPresentationWindowMs } from '../../src/modules/hubs/card-presentations.js';
import { activateAccount } from '../../src/modules/identity/accounts.js';
import { checkLedger } from '../../src/modules/wallet/ledger-check.js';
import { testBackends } from '../support/databases.js';
import { moneyState } from '../support/money-state.js';
import type { Person, Signed } from '../support/people.js';
import { openTestCloud, type TestCloud } from '../support/test-cloud.js';
import { pairTestHub, type TestHub } from '../support/test-hub.js';

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('a face')]);

describe.each(testBackends)('a hub reading outside its establishment on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let hubA: TestHub;
  let hubB: TestHub;
  const cards = {} as Record<'clientA' | 'clientB', { cardId: string; token: string; ismailId: string }>;

  /** KYC approved with a photo, an ISMAIL ID, and a card in force. */
  async function cardWithPhoto(person: Signed): Promise<{ cardId: string; token: string; ismailId: string }> {
    const caseId = randomUUID();
    const documentId = randomUUID();
    // Documents go into a draft case only; the case is then approved.
    await db.pool.query("INSERT INTO kyc_cases (id, account_id, state) VALUES ($1, $2, 'draft')", [caseId, person.id]);
    await db.pool.query(
      "INSERT INTO kyc_documents (id, case_id, kind, content_type, size_bytes) VALUES ($1, $2, 'photo', 'image/png', $3)",
      [documentId, caseId, png.length],
    );
    await db.pool.query(
      "UPDATE kyc_cases SET state = 'approved', submitted_at = now(), decided_at = now() WHERE id = $1",
      [caseId],
    );
    await app.platform.documents.write(documentId, png);
    const actor = { label: 'test', place: 'test' };
    const ismailId = await withTransaction(db.pool, (client) => activateAccount(client, person.id, actor));
    const issued = await withTransaction(db.pool, (client) => app.cards.issue(client, person.id, actor));
    return { cardId: issued.cardId, token: issued.token, ismailId };
  }

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app, people } = cloud);
    hubA = await pairTestHub(app, people.admin, people.partnerA.id, 'Caisse A');
    hubB = await pairTestHub(app, people.admin, people.partnerB.id, 'Caisse B');
    cards.clientA = await cardWithPhoto(people.clientA);
    cards.clientB = await cardWithPhoto(people.clientB);
  });
  afterAll(async () => {
    await cloud.close();
  });

  const photo = (hub: TestHub, cardId: string, credential?: string) =>
    hub.inject(app, {
      method: 'GET',
      url: `/v1/hubs/cards/${cardId}/photo`,
      ...(credential === undefined ? {} : { headers: { 'x-card-credential': credential } }),
    });
  const balance = (hub: TestHub, card: { cardId: string; ismailId: string }, credential?: string) =>
    hub.inject(app, {
      method: 'POST',
      url: '/v1/hubs/wallet-balance',
      payload: { ismailId: card.ismailId, cardId: card.cardId },
      ...(credential === undefined ? {} : { headers: { 'x-card-credential': credential } }),
    });
  const codeOf = (response: { json: <T>() => T }): string => response.json<{ error: { code: string } }>().error.code;
  const photoReads = async (): Promise<number> =>
    Number(
      (await db.pool.query<{ n: string }>("SELECT count(*) AS n FROM audit_log WHERE action = 'card.photo_read'"))
        .rows[0]?.n,
    );

  it("refuses partner A's hub partner B's client's photo and balance, as if the card did not exist", async () => {
    const before = await moneyState(db);
    const readsBefore = await photoReads();
    const unknown = await photo(hubA, randomUUID());
    expect(unknown.statusCode).toBe(404);
    for (const credential of [undefined, cards.clientA.token, 'not-a-credential']) {
      const photoAnswer = await photo(hubA, cards.clientB.cardId, credential);
      expect(photoAnswer.statusCode, photoAnswer.body).toBe(404);
      expect(codeOf(photoAnswer)).toBe('NOT_FOUND');
      expect(photoAnswer.json<{ error: { message: string } }>().error.message).toBe(
        unknown.json<{ error: { message: string } }>().error.message,
      );
      const balanceAnswer = await balance(hubA, cards.clientB, credential);
      expect(balanceAnswer.statusCode, balanceAnswer.body).toBe(404);
      expect(codeOf(balanceAnswer)).toBe('NOT_FOUND');
    }
    // Client A's own credential does not stand for client B's card either (checked above), and
    // no photo was read.
    expect(await photoReads()).toBe(readsBefore);
    expect(await moneyState(db)).toEqual(before);
    expect((await checkLedger(db)).ok).toBe(true);
  });

  it('serves a card presented at the hub for a while, then no more', async () => {
    const before = await moneyState(db);
    const presented = await photo(hubB, cards.clientB.cardId, cards.clientB.token);
    expect(presented.statusCode, presented.body).toBe(200);
    expect(presented.rawPayload.equals(png)).toBe(true);
    // Within the window, the hub may read again without showing the card again.
    expect((await balance(hubB, cards.clientB)).statusCode).toBe(200);
    expect((await photo(hubB, cards.clientB.cardId)).statusCode).toBe(200);
    // The presentation at hub B opens nothing at hub A.
    expect((await photo(hubA, cards.clientB.cardId)).statusCode).toBe(404);
    // A credential for another ISMAIL ID than the one asked is no presentation.
    const mismatched = await hubB.inject(app, {
      method: 'POST',
      url: '/v1/hubs/wallet-balance',
      payload: { ismailId: cards.clientA.ismailId, cardId: cards.clientB.cardId },
      headers: { 'x-card-credential': cards.clientB.token },
    });
    expect(mismatched.statusCode).toBe(404);
    // The window passes.
    await db.pool.query(
      'UPDATE hub_card_presentations SET presented_at = now() - make_interval(secs => $1) WHERE hub_id = $2',
      [cardPresentationWindowMs / 1000 + 60, hubB.id],
    );
    expect((await photo(hubB, cards.clientB.cardId)).statusCode).toBe(404);
    expect((await balance(hubB, cards.clientB)).statusCode).toBe(404);
    // A revoked card presented again is refused.
    await db.pool.query("UPDATE cards SET state = 'revoked', state_changed_at = now() WHERE id = $1", [
      cards.clientB.cardId,
    ]);
    expect((await photo(hubB, cards.clientB.cardId, cards.clientB.token)).statusCode).toBe(404);
    await db.pool.query("UPDATE cards SET state = 'active' WHERE id = $1", [cards.clientB.cardId]);
    expect(await moneyState(db)).toEqual(before);
  });

  it('serves a customer of the establishment without a presentation', async () => {
    expect((await balance(hubA, cards.clientA)).statusCode).toBe(404);
    const unitId = randomUUID();
    await db.pool.query(
      "INSERT INTO booking_units (id, partner_id, kind, type_name, name, place, capacity, base_price_xof, tax_group) VALUES ($1, $2, 'room', 'Double', 'Chambre 1', 'Abidjan', 2, 20000, 'CI-TVA-18')",
      [unitId, people.partnerA.id],
    );
    await db.pool.query(
      `INSERT INTO booking_reservations (id, client_id, partner_id, unit_id, check_in, check_out, guests, status, amount_xof, amount_centi, hold_id, hold_expires_at, cancellation, idempotency_key)
       VALUES ($1, $2, $3, $4, '2026-12-20', '2026-12-21', 1, 'confirmed', 20000, 40000, $5, now(), '{}', 'test')`,
      [randomUUID(), people.clientA.id, people.partnerA.id, unitId, randomUUID()],
    );
    expect((await balance(hubA, cards.clientA)).statusCode).toBe(200);
    expect((await photo(hubA, cards.clientA.cardId)).statusCode).toBe(200);
    expect((await photo(hubB, cards.clientA.cardId)).statusCode).toBe(404);
  });
});
