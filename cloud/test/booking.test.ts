// Proves Booking (SPEC 3.13) on the real ledger: clients racing for the last room's night
// end with exactly one reservation and no money held for the others; a hold nobody confirms
// expires, freeing the room and the wallet amount; confirming captures the money with the
// platform commission at the Booking rate and the rep's sales commission, and issues the
// invoice; cancelling inside the free window refunds fully, outside it the configured
// share, each with its credit note; the ledger check passes throughout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingService } from '../src/modules/booking/booking.js';
import type { BookingUnit } from '../src/modules/booking/rows.js';
import type { Database } from '../src/platform/db/database.js';
import { toRecord } from '../src/modules/invoicing/invoices.js';
import { walletBalance } from '../src/modules/wallet/history.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { testBackends } from './support/databases.js';
import { as, cashHub, insertAccount, salesTree, walletStack, type WalletStack } from './support/wallet-fixtures.js';

describe.each(testBackends)('booking on $name', (backend) => {
  let db: Database;
  let wallet: WalletStack;
  let booking: BookingService;
  let clock = new Date('2026-12-01T09:00:00Z');
  let tree: { chief: string; rep: string; partner: string };
  let room: BookingUnit;
  const clients: string[] = [];

  const invoice = async (id: string | null) =>
    toRecord(
      (await db.pool.query('SELECT * FROM invoices WHERE id = $1', [id])).rows[0] as Parameters<typeof toRecord>[0],
    );
  const available = async (id: string) => (await walletBalance(db, id)).availableCentiCredits;

  beforeAll(async () => {
    db = await backend.open();
    wallet = await walletStack(db, {}, () => clock);
    booking = new BookingService(db, wallet.ops, () => clock);
    tree = await salesTree(db);
    await db.pool.query(
      "UPDATE accounts SET tax_id = '1234567A', tax_regime = 'RNI', display_name = 'Hôtel Le Baobab' WHERE id = $1",
      [tree.partner],
    );
    room = await booking.createUnit(tree.partner, {
      kind: 'room',
      typeName: 'Chambre double',
      name: 'Chambre 12',
      place: 'Yamoussoukro',
      capacity: 2,
      basePriceXof: 35_000,
      taxGroup: 'CI-TVA-18',
    });
    await booking.setRates(tree.partner, room.id, [{ night: '2026-12-24', priceXof: 50_000 }]);
    for (let i = 0; i < 5; i++) {
      const client = await insertAccount(db, 'client');
      await wallet.ops.buyCreditsWithCash(as(client), {
        accountId: client,
        hubId: await cashHub(db),
        amountXof: 500_000,
      });
      clients.push(client);
    }
  });
  afterAll(async () => {
    await db.close();
  });

  it('lets exactly one of five clients racing for the last night hold it; the others hold no money', async () => {
    const before = await Promise.all(clients.map(available));
    const outcomes = await Promise.allSettled(
      clients.map((c, i) =>
        booking.hold(c, {
          unitId: room.id,
          checkIn: '2026-12-20',
          checkOut: '2026-12-21',
          guests: 2,
          idempotencyKey: `race-${String(i)}`,
        }),
      ),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const o of outcomes)
      if (o.status === 'rejected') expect((o.reason as { code?: string }).code).toBe('CONFLICT');
    const after = await Promise.all(clients.map(available));
    // 35 000 FCFA at 50 FCFA a credit: 700 credits held from the winner only.
    expect(before.map((b, i) => b - (after[i] ?? 0)).sort((a, b) => b - a)).toEqual([70_000, 0, 0, 0, 0]);
    const nights = await db.pool.query(
      "SELECT count(*)::int AS n FROM booking_nights WHERE unit_id = $1 AND night = '2026-12-20'",
      [room.id],
    );
    expect(nights.rows[0]).toEqual({ n: 1 });
    expect(await booking.search({ place: 'yamous', checkIn: '2026-12-20', checkOut: '2026-12-21', guests: 2 })).toEqual(
      [],
    );
  });

  it('releases the room and the wallet amount when a hold expires unconfirmed', async () => {
    // A client of its own: which of the others won the race above is left to chance.
    const client = await insertAccount(db, 'client');
    await wallet.ops.buyCreditsWithCash(as(client), {
      accountId: client,
      hubId: await cashHub(db),
      amountXof: 500_000,
    });
    const before = await available(client);
    const held = await booking.hold(client, {
      unitId: room.id,
      checkIn: '2026-12-27',
      checkOut: '2026-12-29',
      guests: 1,
      idempotencyKey: 'will-expire',
    });
    expect(held).toMatchObject({ status: 'held', amountXof: 70_000 });
    expect(
      await booking.hold(client, {
        unitId: room.id,
        checkIn: '2026-12-27',
        checkOut: '2026-12-29',
        guests: 1,
        idempotencyKey: 'will-expire',
      }),
    ).toEqual(held);
    expect(await available(client)).toBe(before - 140_000);
    clock = new Date(clock.getTime() + 16 * 60_000);
    // This hold and the race winner's, both left unconfirmed past their 15 minutes.
    expect(await booking.expireHolds()).toBe(2);
    expect((await booking.get(held.id)).status).toBe('expired');
    expect(await available(client)).toBe(before);
    expect(
      (await booking.search({ checkIn: '2026-12-27', checkOut: '2026-12-29', guests: 1 })).map((u) => u.id),
    ).toEqual([room.id]);
    await expect(booking.confirm(held.id, client)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await booking.expireHolds()).toBe(0);
  });

  it('confirms with the Booking commission and the sales commission, and issues the invoice', async () => {
    const [client] = clients.slice(2);
    if (client === undefined) throw new Error('no client');
    const held = await booking.hold(client, {
      unitId: room.id,
      checkIn: '2026-12-23',
      checkOut: '2026-12-26',
      guests: 2,
      idempotencyKey: 'christmas',
    });
    // 35 000 + 50 000 (Christmas Eve rate) + 35 000.
    expect(held.amountXof).toBe(120_000);
    const partnerBefore = await available(tree.partner);
    const confirmed = await booking.confirm(held.id, client);
    expect(confirmed.status).toBe('confirmed');
    expect(await booking.confirm(held.id, client)).toMatchObject({
      status: 'confirmed',
      invoiceId: confirmed.invoiceId,
    });
    // The partner receives 240 000 centi-credits and pays 8% platform commission: 19 200.
    expect((await available(tree.partner)) - partnerBefore).toBe(240_000 - 19_200);
    const accruals = await db.pool.query<{ beneficiary_id: string; amount: string; module: string }>(
      "SELECT beneficiary_id, amount, module FROM commission_accruals WHERE module = 'booking'",
    );
    expect(accruals.rows.find((r) => r.beneficiary_id === tree.rep)).toMatchObject({ module: 'booking' });
    expect(Number(accruals.rows.find((r) => r.beneficiary_id === tree.rep)?.amount)).toBeGreaterThan(0);
    const issued = await invoice(confirmed.invoiceId);
    expect(issued).toMatchObject({ status: 'issued', issuerAccountId: tree.partner, kind: 'invoice' });
    expect(issued.totals?.grossXof).toBe(120_000);
    expect(issued.document.lines[0]?.label).toBe(
      'Chambre double Chambre 12, 3 nuits du 2026-12-23 au 2026-12-26, 2 pers.',
    );
    expect((await checkLedger(db)).ok).toBe(true);
  });

  it('refunds fully inside the free-cancellation window, and half outside it, each with its credit note', async () => {
    const [early, late] = clients.slice(3);
    if (early === undefined || late === undefined) throw new Error('no client');
    const start = { early: await available(early), late: await available(late) };
    const a = await booking.confirm(
      (
        await booking.hold(early, {
          unitId: room.id,
          checkIn: '2026-12-10',
          checkOut: '2026-12-12',
          guests: 1,
          idempotencyKey: 'early',
        })
      ).id,
      early,
    );
    const b = await booking.confirm(
      (
        await booking.hold(late, {
          unitId: room.id,
          checkIn: '2026-12-14',
          checkOut: '2026-12-15',
          guests: 1,
          idempotencyKey: 'late',
        })
      ).id,
      late,
    );
    // Five days before the first stay: free cancellation.
    clock = new Date('2026-12-05T10:00:00Z');
    const cancelledEarly = await booking.cancel(a.id, early);
    expect(cancelledEarly).toMatchObject({ status: 'cancelled', refundCentiCredits: 140_000 });
    expect(await available(early)).toBe(start.early);
    const noteA = await invoice(cancelledEarly.creditNoteId);
    expect(noteA).toMatchObject({ kind: 'credit_note', originalInvoiceId: a.invoiceId });
    expect(noteA.totals?.grossXof).toBe(70_000);
    // 30 hours before the second stay: half refunded, half credited.
    clock = new Date('2026-12-13T08:00:00Z');
    const cancelledLate = await booking.cancel(b.id, late);
    expect(cancelledLate).toMatchObject({ status: 'cancelled', refundCentiCredits: 35_000 });
    expect(await available(late)).toBe(start.late - 35_000);
    expect((await invoice(cancelledLate.creditNoteId)).totals?.grossXof).toBe(17_500);
    expect(await booking.cancel(b.id, late)).toMatchObject({ status: 'cancelled' });
    // The nights are free again, and the books balance.
    expect(
      (await booking.search({ checkIn: '2026-12-14', checkOut: '2026-12-15', guests: 1 })).map((u) => u.id),
    ).toEqual([room.id]);
    expect((await checkLedger(db)).ok).toBe(true);
  });

  it('refuses impossible stays and strangers', async () => {
    const [client] = clients;
    if (client === undefined) throw new Error('no client');
    await expect(
      booking.hold(client, {
        unitId: room.id,
        checkIn: '2026-12-20',
        checkOut: '2026-12-20',
        guests: 1,
        idempotencyKey: 'zero',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      booking.hold(client, {
        unitId: room.id,
        checkIn: '2026-12-28',
        checkOut: '2026-12-29',
        guests: 3,
        idempotencyKey: 'crowd',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      booking.hold(client, {
        unitId: room.id,
        checkIn: '2026-11-01',
        checkOut: '2026-11-02',
        guests: 1,
        idempotencyKey: 'past',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const held = await booking.hold(client, {
      unitId: room.id,
      checkIn: '2026-12-30',
      checkOut: '2026-12-31',
      guests: 1,
      idempotencyKey: 'mine',
    });
    await expect(booking.cancel(held.id, clients[4] ?? '')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
