// Proves the Services flows (issue 24): refusals first (who may send, quote, accept; malformed and off-rule slots;
// an expired or outdated quote), then the quote journey (request → two versions → acceptance holds the payment →
// done → the client confirms: captured once with the platform commission, its VAT, the rep's commission and the
// provider's invoice; the ledger check holds), the auto-release after N days (clock moved) happening once and never
// while a dispute is open, a 40 % refund splitting the hold exactly, cancellations by notice, and a replayed
// booking key returning the first appointment.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentOf, servicePurchaseTariffCredits, splitHold } from '@ismail/shared';
import type { Database } from '../src/platform/db/database.js';
import { ServicesFlows } from '../src/modules/services/flows.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { cashHub } from './support/wallet-fixtures.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { fundClients, giveTaxIdentity } from './support/shop-fixtures.js';
import type { Person, Signed } from './support/people.js';
import {
  servicesCaller,
  availableCenti,
  legsOf,
  makeProvider,
  startAt,
  type TestProvider,
} from './support/services-fixtures.js';

describe.each(testBackends)('services flows on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let plumber: TestProvider;
  let keys = 0;
  const key = (): string => `svc-${String(++keys)}-${backend.name.replace(/\W/g, '')}`;
  const call: ReturnType<typeof servicesCaller> = (...args) => servicesCaller(app, people)(...args);
  const at =
    (days: number): (() => Date) =>
    () =>
      new Date(Date.now() + days * 86_400_000);
  // `days` from now, for rules counted from now (a quote's validity); a Date for rules counted from an appointment's
  // start, which `startAt` fixes at an hour of the day: "now + 3.2 days" is before 09:00 on day 3 when the suite runs
  // before 04:00 UTC (the landing CI ran at 01:00 and failed).
  const flowsAt = (when: number | Date): ServicesFlows =>
    new ServicesFlows(
      db,
      app.wallet.operations,
      app.notifications.service,
      'http://portal.test',
      typeof when === 'number' ? at(when) : () => when,
    );

  const request = async (who: Person = 'clientA'): Promise<string> => {
    const sent = await call(
      who,
      'POST',
      '/v1/services/requests',
      {
        providerIds: [plumber.id],
        category: 'plumbing',
        description: 'Fuite sous l’évier de la cuisine',
        commune: 'cocody',
        wishedFrom: startAt(1, 8).toISOString(),
        wishedTo: startAt(3, 18).toISOString(),
      },
      key(),
    );
    expect(sent.statusCode, sent.body).toBe(201);
    return sent.json<{ id: string }>().id;
  };
  const quote = async (requestId: string, startsAt: Date, unitPriceXof = 12_950, validDays = 7) => {
    const sent = await call('partnerA', 'POST', `/v1/services/requests/${requestId}/quotes`, {
      lines: [{ label: 'Main d’œuvre', quantityMilli: 2_000, unitPriceXof, taxGroup: 'CI-TVA-18' }],
      startsAt: startsAt.toISOString(),
      durationMinutes: 90,
      validDays,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    return sent.json<{ id: string; version: number; totalXof: number }>();
  };

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app, people } = cloud);
    await giveTaxIdentity(db, people.partnerA.id);
    await fundClients(cloud, await cashHub(db));
    plumber = await makeProvider(db, people.partnerA.id);
  });
  afterAll(async () => cloud.close());

  it('documents every Services route in OpenAPI, each with its operation id and summary', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { operationId?: string; summary?: string }>>;
    }>();
    const routes = app.accessTable.filter((r) => /^\/v1\/(admin\/)?services\//.test(r.url));
    expect(routes.length).toBeGreaterThanOrEqual(38);
    const missing = routes.filter((r) => {
      const operation = document.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      return operation?.operationId === undefined || operation.summary === undefined;
    });
    expect(missing.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('refuses who may not send, quote or accept, and malformed or off-rule input', async () => {
    const requestId = await request();
    // A client cannot quote (403 before the body is read); a partner the request was not sent to finds nothing.
    expect((await call('clientB', 'POST', `/v1/services/requests/${requestId}/quotes`, { junk: 1 })).statusCode).toBe(
      403,
    );
    const stranger = await call('partnerB', 'POST', `/v1/services/requests/${requestId}/quotes`, {
      lines: [{ label: 'x', quantityMilli: 1000, unitPriceXof: 1000, taxGroup: 'CI-TVA-18' }],
      startsAt: startAt(1, 10).toISOString(),
      durationMinutes: 60,
    });
    expect(stranger.statusCode).toBe(404);
    // Another client does not see the request.
    expect((await call('clientB', 'GET', `/v1/services/requests/${requestId}`)).statusCode).toBe(404);
    // A request without a key, to an unknown provider, to oneself, for an unknown commune, or an empty window.
    const body = {
      providerIds: [plumber.id],
      category: 'plumbing',
      description: 'x',
      commune: 'Cocody',
      wishedFrom: startAt(1, 8).toISOString(),
      wishedTo: startAt(2, 8).toISOString(),
    };
    expect((await call('clientA', 'POST', '/v1/services/requests', body)).statusCode).toBe(400);
    for (const bad of [
      { providerIds: [people.partnerB.id] },
      { category: 'electricity' },
      { commune: 'Atlantis' },
      { wishedTo: startAt(0, 1).toISOString(), wishedFrom: startAt(0, 2).toISOString() },
    ]) {
      const refused = await call('clientA', 'POST', '/v1/services/requests', { ...body, ...bad }, key());
      expect(refused.statusCode, JSON.stringify(bad)).toBe(400);
    }
    // Quotes: bad lines, a slot outside the hours, off the 30-minute step, or without the notice.
    for (const [startsAt, lines] of [
      [startAt(1, 10), [{ label: 'x', quantityMilli: 1000, unitPriceXof: 10, taxGroup: 'XX-NOPE' }]],
      [startAt(1, 19), [{ label: 'x', quantityMilli: 1000, unitPriceXof: 10, taxGroup: 'CI-TVA-18' }]],
      [startAt(1, 10, 10), [{ label: 'x', quantityMilli: 1000, unitPriceXof: 10, taxGroup: 'CI-TVA-18' }]],
      [
        new Date(Date.now() + 10 * 60_000),
        [{ label: 'x', quantityMilli: 1000, unitPriceXof: 10, taxGroup: 'CI-TVA-18' }],
      ],
    ] as const) {
      const refused = await call('partnerA', 'POST', `/v1/services/requests/${requestId}/quotes`, {
        lines,
        startsAt: startsAt.toISOString(),
        durationMinutes: 60,
      });
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json<{ error: { message: string } }>().error.message).toMatch(/[a-zé]/);
    }
    // Another client cannot accept the quote; an outdated version and an expired quote are refused.
    const v1 = await quote(requestId, startAt(2, 10), 12_950, 1);
    const v2 = await quote(requestId, startAt(2, 10), 13_000, 1);
    expect(v2.version).toBe(2);
    expect(
      (await call('clientB', 'POST', `/v1/services/quotes/${v2.id}/accept`, { version: 2 }, key())).statusCode,
    ).toBe(404);
    const outdated = await call('clientA', 'POST', `/v1/services/quotes/${v1.id}/accept`, { version: 1 }, key());
    expect(outdated.statusCode).toBe(409);
    expect(outdated.json<{ error: { message: string } }>().error.message).toMatch(/modifié/);
    const wrongVersion = await call('clientA', 'POST', `/v1/services/quotes/${v2.id}/accept`, { version: 1 }, key());
    expect(wrongVersion.statusCode).toBe(409);
    const before = await availableCenti(db, people.clientA.id);
    await expect(flowsAt(1.5).appointments.acceptQuote(people.clientA.id, v2.id, 2, key())).rejects.toThrow(/expiré/);
    expect(await availableCenti(db, people.clientA.id)).toBe(before);
    // A client-sent slot outside the rules is refused, money untouched.
    for (const startsAt of [startAt(1, 3), startAt(1, 10, 17), startAt(90, 10)]) {
      const refused = await call(
        'clientA',
        'POST',
        '/v1/services/appointments',
        { offerId: plumber.offerId, startsAt: startsAt.toISOString() },
        key(),
      );
      expect(refused.statusCode, refused.body).toBe(400);
    }
    expect(await availableCenti(db, people.clientA.id)).toBe(before);
  });

  it('books a quote into escrow, captures once on confirmation with commissions and an invoice', async () => {
    const requestId = await request();
    const q = await quote(requestId, startAt(3, 9));
    expect(q.totalXof).toBe(25_900);
    const before = await availableCenti(db, people.clientA.id);
    const k = key();
    const accepted = await call('clientA', 'POST', `/v1/services/quotes/${q.id}/accept`, { version: 1 }, k);
    expect(accepted.statusCode, accepted.body).toBe(201);
    const appointment = accepted.json<{ id: string; status: string; amountXof: number; autoReleaseDays: number }>();
    expect(appointment).toMatchObject({ status: 'booked', amountXof: 25_900, autoReleaseDays: 3 });
    expect(await availableCenti(db, people.clientA.id)).toBe(before - 51_800);
    // The same key replays the first appointment; another key finds the quote taken; money held once.
    const replay = await call('clientA', 'POST', `/v1/services/quotes/${q.id}/accept`, { version: 1 }, k);
    expect(replay.json<{ id: string }>().id).toBe(appointment.id);
    expect(
      (await call('clientA', 'POST', `/v1/services/quotes/${q.id}/accept`, { version: 1 }, key())).statusCode,
    ).toBe(409);
    expect(await availableCenti(db, people.clientA.id)).toBe(before - 51_800);
    // Not done before it starts; not confirmed before it is done; only the provider marks it done.
    expect((await call('partnerA', 'POST', `/v1/services/appointments/${appointment.id}/done`)).statusCode).toBe(409);
    expect((await call('clientA', 'POST', `/v1/services/appointments/${appointment.id}/confirm`)).statusCode).toBe(409);
    await expect(flowsAt(startAt(4, 9)).escrow.markDone(people.clientA.id, appointment.id)).rejects.toThrow(
      /prestataire/,
    );
    expect((await call('clientB', 'GET', `/v1/services/appointments/${appointment.id}`)).statusCode).toBe(404);
    await flowsAt(startAt(3, 11)).escrow.markDone(plumber.id, appointment.id);
    const providerBefore = await availableCenti(db, plumber.id);
    const confirmed = await call('clientA', 'POST', `/v1/services/appointments/${appointment.id}/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({
      status: 'completed',
      releasedBy: 'client',
      capturedXof: 25_900,
      refundedXof: 0,
    });
    expect(confirmed.json<{ invoiceId: string | null }>().invoiceId).not.toBeNull();
    // Confirming again, or the auto-release later, changes nothing.
    expect((await call('clientA', 'POST', `/v1/services/appointments/${appointment.id}/confirm`)).statusCode).toBe(200);
    expect(await flowsAt(10).escrow.autoRelease()).toBe(0);
    const legs = await legsOf(db, `services-capture:${appointment.id}`);
    const commission = percentOf(51_800, 700);
    expect(legs.find((l) => l.leg === 'capture')?.amount).toBe(51_800);
    expect(legs.find((l) => l.leg === 'platform_commission')?.amount).toBe(commission);
    expect(legs.some((l) => l.leg === 'tax')).toBe(true);
    expect(legs.some((l) => l.leg === 'sales_commission')).toBe(true);
    // The provider got the payment less the commission, less the service-purchase tariff (10 credits for 25,900
    // FCFA, charged once with its cashback).
    const tariff = await legsOf(db, `services-tariff:${appointment.id}`);
    expect(tariff.find((l) => l.leg === 'charge')?.amount).toBe(servicePurchaseTariffCredits(25_900) * 100);
    const cashback = tariff.find((l) => l.leg === 'cashback')?.amount ?? 0;
    expect(await availableCenti(db, plumber.id)).toBe(providerBefore + 51_800 - commission - 1_000 + cashback);
    const { rows } = await db.pool.query<{ status: string; total: string }>(
      "SELECT status, (document->'payments'->0->>'amountXof') AS total FROM invoices WHERE source = 'service' AND source_ref = $1",
      [appointment.id],
    );
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]?.total)).toBe(25_900);
    expect((await checkLedger(db)).ok).toBe(true);
  });

  it('releases on its own once after N days, never while a dispute is open, and splits a 40 % refund exactly', async () => {
    const book = async (day: number, hour: number, price: number) => {
      await db.pool.query('UPDATE service_offers SET price_xof = $2 WHERE id = $1', [plumber.offerId, price]);
      const booked = await call(
        'clientB',
        'POST',
        '/v1/services/appointments',
        { offerId: plumber.offerId, startsAt: startAt(day, hour).toISOString() },
        key(),
      );
      expect(booked.statusCode, booked.body).toBe(201);
      const id = booked.json<{ id: string }>().id;
      await flowsAt(startAt(day, hour + 2)).escrow.markDone(plumber.id, id);
      return id;
    };
    const released = await book(5, 9, 10_000);
    const disputed = await book(5, 14, 12_345);
    // Two days after "done" (day 5 at 11:00 and 16:00): not yet. The client disputes the second meanwhile.
    expect(await flowsAt(startAt(7, 12)).escrow.autoRelease()).toBe(0);
    const opened = await call('clientB', 'POST', `/v1/services/appointments/${disputed}/dispute`, {
      reason: 'La fuite a repris le lendemain.',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const disputeId = opened.json<{ id: string }>().id;
    expect(
      (await call('clientB', 'POST', `/v1/services/appointments/${disputed}/dispute`, { reason: 'encore' })).statusCode,
    ).toBe(409);
    // Three days and more after "done": the first is released, once; the disputed one stays held.
    expect(await flowsAt(startAt(8, 12)).escrow.autoRelease()).toBe(1);
    expect(await flowsAt(startAt(9, 12)).escrow.autoRelease()).toBe(0);
    expect((await call('clientB', 'GET', `/v1/services/appointments/${released}`)).json()).toMatchObject({
      status: 'completed',
      releasedBy: 'auto',
    });
    expect((await legsOf(db, `services-capture:${released}`)).filter((l) => l.leg === 'capture')).toHaveLength(1);
    expect((await call('clientB', 'GET', `/v1/services/appointments/${disputed}`)).json()).toMatchObject({
      status: 'disputed',
    });
    // Decision: only admins with the second factor; not before the answer or its deadline; 40 % refunded exactly.
    const decision = { outcome: 'refund', refundBp: 4_000, note: 'Réparation incomplète : 40 % remboursés.' };
    expect(
      (await call('clientB', 'POST', `/v1/admin/services/disputes/${disputeId}/decision`, decision)).statusCode,
    ).toBe(403);
    expect(
      (await call('adminNoMfa', 'POST', `/v1/admin/services/disputes/${disputeId}/decision`, decision)).statusCode,
    ).toBe(403);
    const early = await call('admin', 'POST', `/v1/admin/services/disputes/${disputeId}/decision`, decision);
    expect(early.statusCode).toBe(409);
    expect(
      (await call('clientB', 'POST', `/v1/services/disputes/${disputeId}/answer`, { answer: 'x' })).statusCode,
    ).toBe(403);
    const answered = await call('partnerA', 'POST', `/v1/services/disputes/${disputeId}/answer`, {
      answer: 'Le joint a été changé, la fuite vient d’un autre tuyau.',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const clientBefore = await availableCenti(db, people.clientB.id);
    const decided = await call('admin', 'POST', `/v1/admin/services/disputes/${disputeId}/decision`, decision);
    expect(decided.statusCode, decided.body).toBe(200);
    const split = splitHold(12_345, 24_690, 4_000);
    expect(split).toEqual({ refundXof: 4_938, keptXof: 7_407, refundCentiCredits: 9_876, keptCentiCredits: 14_814 });
    expect((await call('clientB', 'GET', `/v1/services/appointments/${disputed}`)).json()).toMatchObject({
      status: 'completed',
      releasedBy: 'dispute',
      capturedXof: 7_407,
      refundedXof: 4_938,
      dispute: { status: 'decided', outcome: 'refund', refundBp: 4_000 },
    });
    // The client's wallet gets the refunded share back with the capture; the provider's capture is the rest.
    expect(await availableCenti(db, people.clientB.id)).toBe(clientBefore + 9_876);
    const legs = await legsOf(db, `services-capture:${disputed}`);
    expect(legs.find((l) => l.leg === 'capture')?.amount).toBe(14_814);
    expect(legs.find((l) => l.leg === 'platform_commission')?.amount).toBe(percentOf(14_814, 700));
    expect(
      (await call('admin', 'POST', `/v1/admin/services/disputes/${disputeId}/decision`, decision)).statusCode,
    ).toBe(409);
    expect((await checkLedger(db)).ok).toBe(true);
  });

  it('cancels by notice: in full a day ahead, half within 24 hours, in full when the provider cancels', async () => {
    await db.pool.query('UPDATE service_offers SET price_xof = 10000 WHERE id = $1', [plumber.offerId]);
    const book = async (startsAt: Date): Promise<string> => {
      const booked = await call(
        'clientA',
        'POST',
        '/v1/services/appointments',
        { offerId: plumber.offerId, startsAt: startsAt.toISOString() },
        key(),
      );
      expect(booked.statusCode, booked.body).toBe(201);
      return booked.json<{ id: string }>().id;
    };
    const before = await availableCenti(db, people.clientA.id);
    const early = await book(startAt(10, 9));
    const cancelled = await call('clientA', 'POST', `/v1/services/appointments/${early}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelledBy: 'client', refundedXof: 10_000 });
    expect(await availableCenti(db, people.clientA.id)).toBe(before);
    // Twelve hours before: half is kept (and invoiced), half back.
    const late = await book(startAt(11, 9));
    const lateStart = (await call('clientA', 'GET', `/v1/services/appointments/${late}`)).json<{ startsAt: string }>()
      .startsAt;
    const twelveHoursBefore = new Date(Date.parse(lateStart) - 12 * 3_600_000);
    const flows = new ServicesFlows(
      db,
      app.wallet.operations,
      app.notifications.service,
      'http://portal.test',
      () => twelveHoursBefore,
    );
    expect(await flows.escrow.cancel(people.clientA.id, late)).toMatchObject({
      status: 'cancelled',
      capturedXof: 5_000,
      refundedXof: 5_000,
    });
    expect(await availableCenti(db, people.clientA.id)).toBe(before - 10_000);
    // The provider cancels: everything back; a cancelled slot is free again.
    const byProvider = await book(startAt(12, 9));
    expect((await call('partnerA', 'POST', `/v1/services/appointments/${byProvider}/cancel`)).json()).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'provider',
      refundedXof: 10_000,
    });
    expect(await availableCenti(db, people.clientA.id)).toBe(before - 10_000);
    await book(startAt(12, 9));
    expect((await checkLedger(db)).ok).toBe(true);
  });

  it('lets exactly one of 50 concurrent bookings of one slot (and of slots within the buffers) through', async () => {
    await db.pool.query('UPDATE service_offers SET price_xof = 1000 WHERE id = $1', [plumber.offerId]);
    const heldBefore = (await availableCenti(db, people.clientA.id)) + (await availableCenti(db, people.clientB.id));
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(
          i % 2 === 0 ? 'clientA' : 'clientB',
          'POST',
          '/v1/services/appointments',
          // Half ask for 10:00, half for 10:30: a 60-minute job with 30-minute buffers on each side overlaps.
          { offerId: plumber.offerId, startsAt: startAt(20, 10, i % 4 < 2 ? 0 : 30).toISOString() },
          key(),
        ),
      ),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    for (const refused of answers.filter((a) => a.statusCode === 409))
      expect(refused.json<{ error: { message: string } }>().error.message).toMatch(/créneau vient d’être pris/);
    const { rows } = await db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM service_appointments WHERE provider_id = $1 AND status = 'booked' AND busy && tstzrange($2, $3)",
      [plumber.id, startAt(20, 8), startAt(20, 13)],
    );
    expect(rows[0]?.n).toBe(1);
    // One hold of 2,000 centi-credits left the two wallets; nothing else moved.
    expect((await availableCenti(db, people.clientA.id)) + (await availableCenti(db, people.clientB.id))).toBe(
      heldBefore - 2_000,
    );
    expect((await checkLedger(db)).ok).toBe(true);
  });
});
