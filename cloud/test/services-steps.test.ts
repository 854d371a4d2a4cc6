// Proves the Services steps around the money (issue 24): each step notifies the other side once (request, quote,
// booking, the reminder the day before, done, the release warning, the release, a cancellation, a dispute), and
// no-shows are recorded on either side: a provider who did not come gives everything back, a client who was not
// there pays as a cancellation without notice (captured and invoiced); only the side that waited reports, after
// the start.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/platform/db/database.js';
import { ServicesFlows } from '../src/modules/services/flows.js';
import { remindAppointments, warnReleases } from '../src/modules/services/jobs.js';
import { checkLedger } from '../src/modules/wallet/ledger-check.js';
import { cashHub } from './support/wallet-fixtures.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { fundClients, giveTaxIdentity } from './support/shop-fixtures.js';
import type { Person, Signed } from './support/people.js';
import {
  servicesCaller,
  availableCenti,
  makeProvider,
  startAt,
  type TestProvider,
} from './support/services-fixtures.js';

describe.each(testBackends)('services steps on $name', (backend) => {
  let cloud: TestCloud;
  let db: Database;
  let app: FastifyInstance;
  let people: Record<Person, Signed>;
  let plumber: TestProvider;
  let keys = 0;
  const key = (): string => `steps-${String(++keys)}`;
  const call: ReturnType<typeof servicesCaller> = (...args) => servicesCaller(app, people)(...args);
  const flowsAt = (at: Date): ServicesFlows =>
    new ServicesFlows(db, app.wallet.operations, app.notifications.service, 'http://portal.test', () => at);
  const notified = async (recipient: Person, type: string): Promise<{ event_key: string; body: string }[]> =>
    (
      await db.pool.query<{ event_key: string; body: string }>(
        'SELECT event_key, body FROM notifications WHERE recipient_id = $1 AND event_type = $2 ORDER BY created_at',
        [people[recipient].id, type],
      )
    ).rows;
  const book = async (days: number, hour: number): Promise<{ id: string; startsAt: string }> => {
    const booked = await call(
      'clientA',
      'POST',
      '/v1/services/appointments',
      { offerId: plumber.offerId, startsAt: startAt(days, hour).toISOString() },
      key(),
    );
    expect(booked.statusCode, booked.body).toBe(201);
    return booked.json<{ id: string; startsAt: string }>();
  };

  beforeAll(async () => {
    cloud = await openTestCloud(backend);
    ({ db, app, people } = cloud);
    await giveTaxIdentity(db, people.partnerA.id);
    await fundClients(cloud, await cashHub(db));
    plumber = await makeProvider(db, people.partnerA.id, { offerPriceXof: 8_000 });
  });
  afterAll(async () => cloud.close());

  it('tells the other side at each step, once', async () => {
    const sent = await call(
      'clientA',
      'POST',
      '/v1/services/requests',
      {
        providerIds: [plumber.id],
        category: 'plumbing',
        description: 'Chauffe-eau qui fuit',
        commune: 'Cocody',
        wishedFrom: startAt(1, 8).toISOString(),
        wishedTo: startAt(2, 18).toISOString(),
      },
      key(),
    );
    const requestId = sent.json<{ id: string }>().id;
    expect(await notified('partnerA', 'services.request_received')).toHaveLength(1);
    const quote = await call('partnerA', 'POST', `/v1/services/requests/${requestId}/quotes`, {
      lines: [{ label: 'Remplacement du joint', quantityMilli: 1000, unitPriceXof: 15_000, taxGroup: 'CI-TVA-18' }],
      startsAt: startAt(2, 10).toISOString(),
      durationMinutes: 60,
    });
    expect((await notified('clientA', 'services.quote_received'))[0]?.body).toContain('15 000 FCFA');
    const accepted = await call(
      'clientA',
      'POST',
      `/v1/services/quotes/${quote.json<{ id: string }>().id}/accept`,
      { version: 1 },
      key(),
    );
    const appointment = accepted.json<{ id: string; startsAt: string; releaseAfter: string | null }>();
    expect(await notified('clientA', 'services.appointment_booked')).toHaveLength(1);
    expect(await notified('partnerA', 'services.appointment_booked')).toHaveLength(1);
    // The day before: both reminded, once however often the job runs.
    const dayBefore = new Date(Date.parse(appointment.startsAt) - 20 * 3_600_000);
    expect(await remindAppointments(db, flowsAt(dayBefore).notifier, dayBefore)).toBe(1);
    expect(await remindAppointments(db, flowsAt(dayBefore).notifier, dayBefore)).toBe(0);
    expect(await notified('clientA', 'services.appointment_reminder')).toHaveLength(1);
    expect(await notified('partnerA', 'services.appointment_reminder')).toHaveLength(1);
    // Done: the client is told when the payment goes if nothing is said; a day before, warned once; then released.
    const doneAt = new Date(Date.parse(appointment.startsAt) + 2 * 3_600_000);
    await flowsAt(doneAt).escrow.markDone(plumber.id, appointment.id);
    expect((await notified('clientA', 'services.work_done'))[0]?.body).toMatch(/Paiement versé le \d\d\/\d\d\/\d{4}/);
    const warnAt = new Date(doneAt.getTime() + 2.2 * 86_400_000);
    expect(await warnReleases(db, flowsAt(warnAt).notifier, warnAt)).toBe(1);
    expect(await warnReleases(db, flowsAt(warnAt).notifier, warnAt)).toBe(0);
    expect(await notified('clientA', 'services.release_soon')).toHaveLength(1);
    expect(await flowsAt(new Date(doneAt.getTime() + 3.1 * 86_400_000)).escrow.autoRelease()).toBe(1);
    expect((await notified('partnerA', 'services.payment_released'))[0]?.body).toBe('15 000 FCFA');
  });

  it('records no-shows: only the side that waited, after the start, with the money each way', async () => {
    const noProvider = await book(4, 9);
    const noClient = await book(4, 14);
    const before = await availableCenti(db, people.clientA.id);
    // Before the start, nobody reports; the wrong side is refused.
    expect(
      (await call('clientA', 'POST', `/v1/services/appointments/${noProvider.id}/no-show`, { who: 'provider' }))
        .statusCode,
    ).toBe(409);
    const later = (iso: string): ServicesFlows => flowsAt(new Date(Date.parse(iso) + 3_600_000));
    await expect(
      later(noProvider.startsAt).escrow.noShow(people.partnerA.id, noProvider.id, 'provider'),
    ).rejects.toThrow(/attendu/);
    // The provider did not come: everything back to the client.
    expect(await later(noProvider.startsAt).escrow.noShow(people.clientA.id, noProvider.id, 'provider')).toMatchObject({
      status: 'no_show',
      noShow: 'provider',
      refundedXof: 8_000,
      capturedXof: 0,
    });
    expect(await availableCenti(db, people.clientA.id)).toBe(before + 16_000);
    // The client was not there: paid as a cancellation without notice, invoiced.
    const charged = await later(noClient.startsAt).escrow.noShow(people.partnerA.id, noClient.id, 'client');
    expect(charged).toMatchObject({ status: 'no_show', noShow: 'client', capturedXof: 8_000, refundedXof: 0 });
    expect(charged.invoiceId).not.toBeNull();
    expect(await availableCenti(db, people.clientA.id)).toBe(before + 16_000);
    // Cancelling or disputing a no-show is refused.
    expect((await call('clientA', 'POST', `/v1/services/appointments/${noClient.id}/cancel`)).statusCode).toBe(409);
    expect(
      (await call('clientA', 'POST', `/v1/services/appointments/${noClient.id}/dispute`, { reason: 'non' })).statusCode,
    ).toBe(409);
    expect((await checkLedger(db)).ok).toBe(true);
  });
});
