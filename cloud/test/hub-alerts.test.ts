// Proves hub alerts (issue 28.5) over the cloud's HTTP API, with signed hub requests and the notification service's
// real queues: a hub whose outbox's oldest operation passed the threshold opens ONE incident, and the partner (the
// establishment's manager) and the agency chief (supervisor of the partner's sales rep) each get exactly one e-mail,
// one SMS and one push, even with several reports at once and more reports after; when the outbox drains, exactly
// one "cleared" each. Likewise dead letters, a clock off by more than 2 minutes, a printer out of paper for 10
// minutes, a stale revocation list and the cloud's own silence check. Refused: an unsigned or forged report, a report
// naming another hub, bodies out of bounds. Recipients come from the cloud's records, never from the report.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubHealthReport } from '@ismail/shared';
import type { DeliveryChannel, OutgoingMessage } from '../src/modules/notifications/channel.js';
import { testClock, type TestClock } from '../src/platform/test-clock.js';
import { testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';
import { pairTestHub, type TestHub } from './support/test-hub.js';
import { until } from '../../tools/test-support/processes.js';

type Sent = { channel: string; to: string; title: string };

/** A channel that keeps what it was given (the provider's side of the wire, as the simulators keep it). */
function recording(name: DeliveryChannel['name'], sent: Sent[]): DeliveryChannel {
  return {
    name,
    send: (message: OutgoingMessage) => {
      sent.push({ channel: name, to: message.to, title: message.rendered.title });
      return Promise.resolve({ provider: `test-${name}`, providerMessageId: randomUUID(), status: 'sent' });
    },
  };
}

describe.each(testBackends)('hub alerts on $name', (backend) => {
  let cloud: TestCloud;
  let clock: TestClock;
  let hub: TestHub;
  let otherHub: TestHub;
  const sent: Sent[] = [];

  beforeAll(async () => {
    clock = testClock();
    cloud = await openTestCloud(backend, {
      testClock: clock,
      notifications: {
        channels: { email: recording('email', sent), sms: recording('sms', sent), push: recording('push', sent) },
        pollingIntervalSeconds: 0.5,
        retryDelaySeconds: 1,
        // One sender per channel: the embedded database has one connection for everything.
        workersPerChannel: 1,
      },
    });
    await cloud.app.notifications.service.start();
    const { partnerA, chiefA } = cloud.people;
    for (const [person, phone] of [
      [partnerA, '+2250701020304'],
      [chiefA, '+2250705060708'],
    ] as const) {
      await cloud.db.pool.query('UPDATE accounts SET phone_e164 = $2 WHERE id = $1', [person.id, phone]);
      await cloud.db.pool.query(
        'INSERT INTO push_subscriptions (endpoint, account_id, p256dh, auth) VALUES ($1, $2, $3, $4)',
        [`https://fcm.googleapis.com/fcm/send/${person.id}`, person.id, 'BKey', 'auth'],
      );
    }
    hub = await pairTestHub(cloud.app, cloud.people.admin, partnerA.id, 'Caisse Riviera');
    otherHub = await pairTestHub(cloud.app, cloud.people.admin, cloud.people.partnerB.id, 'Caisse Cocody');
  }, 120_000);
  afterAll(async () => {
    await cloud.close();
  });

  const healthy = (over: Partial<HubHealthReport> = {}): HubHealthReport => ({
    v: 1,
    hubId: hub.id,
    at: clock.now().toISOString(),
    outbox: { depth: 0, oldestPendingAgeS: null, rejected: 0 },
    revocationListAgeS: 60,
    printersOutOfPaper: [],
    ...over,
  });
  const report = (body: unknown, as: TestHub = hub) =>
    as.inject(cloud.app, { method: 'POST', url: '/v1/hubs/health-reports', payload: body });

  /** Deliveries sent per recipient and channel for one event type, once every queued one has gone. */
  async function delivered(type: 'hub.alert_opened' | 'hub.alert_cleared', kind: string) {
    const read = async () =>
      (
        await cloud.db.pool.query<{ recipient_id: string; channel: string; status: string }>(
          `SELECT n.recipient_id, d.channel, d.status FROM notifications n
             JOIN notification_deliveries d ON d.notification_id = n.id
            WHERE n.event_type = $1 AND n.data->>'kind' = $2 ORDER BY n.recipient_id, d.channel`,
          [type, kind],
        )
      ).rows;
    const rows = await until(
      read,
      (r) => r.length > 0 && r.every((d) => d.status !== 'queued' && d.status !== 'sending'),
      20_000,
    );
    const count = (who: string) =>
      Object.fromEntries(
        ['email', 'sms', 'push', 'in_app'].map((c) => [
          c,
          rows.filter((r) => r.recipient_id === who && r.channel === c && r.status === 'sent').length,
        ]),
      );
    return { partner: count(cloud.people.partnerA.id), chief: count(cloud.people.chiefA.id), rows };
  }
  const once = { email: 1, sms: 1, push: 1, in_app: 1 };
  const incidents = async (kind: string) =>
    (
      await cloud.db.pool.query<{ open: number; closed: number }>(
        `SELECT count(*) FILTER (WHERE closed_at IS NULL)::int AS open, count(*) FILTER (WHERE closed_at IS NOT NULL)::int AS closed
           FROM hub_incidents WHERE hub_id = $1 AND kind = $2`,
        [hub.id, kind],
      )
    ).rows[0];

  it('a healthy report opens nothing', async () => {
    const response = await report(healthy());
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ open: [] });
  });

  it('an outbox older than 15 min alerts the manager and the agency chief once each, however many reports come; draining clears once', async () => {
    const stale = () => healthy({ outbox: { depth: 3, oldestPendingAgeS: 16 * 60, rejected: 0 } });
    // Just under the threshold: nothing.
    const under = await report(healthy({ outbox: { depth: 3, oldestPendingAgeS: 15 * 60 - 1, rejected: 0 } }));
    expect(under.json()).toEqual({ open: [] });
    // Five reports at once, then three more: one incident.
    const answers = await Promise.all(Array.from({ length: 5 }, () => report(stale())));
    for (const a of answers) expect(a.json(), a.body).toEqual({ open: ['outbox_stale'] });
    for (let i = 0; i < 3; i++) expect((await report(stale())).statusCode).toBe(200);
    expect(await incidents('outbox_stale')).toEqual({ open: 1, closed: 0 });
    const opened = await delivered('hub.alert_opened', 'outbox_stale');
    expect(opened.partner).toEqual(once);
    expect(opened.chief).toEqual(once);
    // What reached the providers: one of each per person, to the cloud's own addresses for them.
    const partnerPush = JSON.stringify({
      endpoint: `https://fcm.googleapis.com/fcm/send/${cloud.people.partnerA.id}`,
      keys: { p256dh: 'BKey', auth: 'auth' },
    });
    await until(
      () => Promise.resolve(sent.length),
      (n) => n >= 6,
      10_000,
    );
    for (const to of [
      cloud.people.partnerA.email,
      '+2250701020304',
      partnerPush,
      cloud.people.chiefA.email,
      '+2250705060708',
    ])
      expect(
        sent.filter((s) => s.to === to),
        to,
      ).toHaveLength(1);
    expect(sent).toHaveLength(6);
    // The message says what and where, in French.
    const text = await cloud.db.pool.query<{ title: string; body: string }>(
      "SELECT title, body FROM notifications WHERE event_type = 'hub.alert_opened' AND recipient_id = $1",
      [cloud.people.partnerA.id],
    );
    expect(text.rows[0]?.title).toBe('Caisse Caisse Riviera : incident');
    expect(text.rows[0]?.body).toContain('des ventes ne remontent plus au cloud (3 op., 16 min)');

    // The outbox drains: three reports at once, one "cleared" each.
    const drained = await Promise.all(Array.from({ length: 3 }, () => report(healthy())));
    for (const a of drained) expect(a.json()).toEqual({ open: [] });
    expect((await report(healthy())).statusCode).toBe(200);
    expect(await incidents('outbox_stale')).toEqual({ open: 0, closed: 1 });
    const cleared = await delivered('hub.alert_cleared', 'outbox_stale');
    expect(cleared.partner).toEqual(once);
    expect(cleared.chief).toEqual(once);
    // Staff of the partner, the sales rep and the other agency's chief were told nothing.
    const others = await cloud.db.pool.query(
      "SELECT 1 FROM notifications WHERE event_type LIKE 'hub.alert%' AND recipient_id = ANY($1)",
      [[cloud.people.staffA.id, cloud.people.repA.id, cloud.people.chiefB.id, cloud.people.partnerB.id]],
    );
    expect(others.rowCount).toBe(0);
  });

  it('dead letters open an incident while any is kept, and clear when none is left', async () => {
    expect((await report(healthy({ outbox: { depth: 0, oldestPendingAgeS: null, rejected: 2 } }))).json()).toEqual({
      open: ['dead_letters'],
    });
    expect((await report(healthy({ outbox: { depth: 0, oldestPendingAgeS: null, rejected: 3 } }))).json()).toEqual({
      open: ['dead_letters'],
    });
    expect((await delivered('hub.alert_opened', 'dead_letters')).partner).toEqual(once);
    expect((await report(healthy())).json()).toEqual({ open: [] });
    const cleared = await delivered('hub.alert_cleared', 'dead_letters');
    expect(cleared.partner).toEqual(once);
    expect(cleared.chief).toEqual(once);
  });

  it("judges the hub's clock against its own, past 2 minutes, whatever the hub claims", async () => {
    const ahead = (ms: number) => healthy({ at: new Date(clock.now().getTime() + ms).toISOString() });
    expect((await report(ahead(100_000))).json()).toEqual({ open: [] });
    expect((await report(ahead(-180_000))).json()).toEqual({ open: ['clock_off'] });
    expect((await report(ahead(200_000))).json()).toEqual({ open: ['clock_off'] });
    const opened = await delivered('hub.alert_opened', 'clock_off');
    expect(opened.chief).toEqual(once);
    expect((await report(ahead(5_000))).json()).toEqual({ open: [] });
    expect((await delivered('hub.alert_cleared', 'clock_off')).partner).toEqual(once);
    expect(await incidents('clock_off')).toEqual({ open: 0, closed: 1 });
  });

  it('a printer out of paper for 10 minutes alerts; paper back clears', async () => {
    const out = (forS: number) => healthy({ printersOutOfPaper: [{ printerId: 'p1', name: 'Ticket bar', forS }] });
    expect((await report(out(9 * 60 + 59))).json()).toEqual({ open: [] });
    expect((await report(out(10 * 60))).json()).toEqual({ open: ['paper_out'] });
    expect((await report(out(11 * 60))).json()).toEqual({ open: ['paper_out'] });
    const opened = await delivered('hub.alert_opened', 'paper_out');
    expect(opened.partner).toEqual(once);
    const body = await cloud.db.pool.query<{ body: string }>(
      "SELECT body FROM notifications WHERE event_type = 'hub.alert_opened' AND data->>'kind' = 'paper_out' LIMIT 1",
    );
    expect(body.rows[0]?.body).toContain('Ticket bar 10 min');
    expect((await report(healthy())).json()).toEqual({ open: [] });
    expect((await delivered('hub.alert_cleared', 'paper_out')).chief).toEqual(once);
  });

  it('a revocation list older than 23 h alerts, a fresh one clears', async () => {
    expect((await report(healthy({ revocationListAgeS: 23 * 3600 }))).json()).toEqual({ open: ['revocations_stale'] });
    expect((await report(healthy({ revocationListAgeS: 30 }))).json()).toEqual({ open: [] });
    expect((await delivered('hub.alert_opened', 'revocations_stale')).partner).toEqual(once);
    expect((await delivered('hub.alert_cleared', 'revocations_stale')).partner).toEqual(once);
  });

  it('refuses an unsigned report, one whose body was changed after signing, and a replay', async () => {
    const body = JSON.stringify(healthy({ outbox: { depth: 0, oldestPendingAgeS: null, rejected: 9 } }));
    const unsigned = await cloud.app.inject({
      method: 'POST',
      url: '/v1/hubs/health-reports',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hub.token}` },
      payload: body,
    });
    expect(unsigned.statusCode).toBe(401);
    const headers = hub.headers('POST', '/v1/hubs/health-reports', JSON.stringify(healthy()));
    const forged = await cloud.app.inject({
      method: 'POST',
      url: '/v1/hubs/health-reports',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: body,
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json<{ error: { code: string } }>().error.code).toBe('HUB_SIGNATURE_INVALID');
    // Signed as it is sent, it passes once; the same signed request again is a replay.
    const fine = JSON.stringify(healthy());
    const signed = { ...hub.headers('POST', '/v1/hubs/health-reports', fine), 'content-type': 'application/json' };
    const send = () =>
      cloud.app.inject({ method: 'POST', url: '/v1/hubs/health-reports', headers: signed, payload: fine });
    expect((await send()).statusCode).toBe(200);
    const replayed = await send();
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json<{ error: { code: string } }>().error.code).toBe('HUB_REQUEST_REPLAYED');
    expect(await incidents('dead_letters')).toEqual({ open: 0, closed: 1 });
  });

  it("refuses a report naming another hub, and leaves that hub's incidents alone", async () => {
    const response = await report(healthy({ outbox: { depth: 0, oldestPendingAgeS: null, rejected: 4 } }), otherHub);
    expect(response.statusCode).toBe(403);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('FORBIDDEN');
    expect(await incidents('dead_letters')).toEqual({ open: 0, closed: 1 });
    const forOther = await cloud.db.pool.query('SELECT 1 FROM hub_incidents WHERE hub_id = $1', [otherHub.id]);
    expect(forOther.rowCount).toBe(0);
  });

  it('refuses bodies out of bounds', async () => {
    const printers = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ printerId: `p${String(i)}`, name: `Imprimante ${String(i)}`, forS: 700 }));
    const cases: [string, unknown, number][] = [
      ['too many printers', healthy({ printersOutOfPaper: printers(17) }), 400],
      ['an unknown field', { ...healthy(), recipients: ['+2250700000000'] }, 400],
      ['a negative depth', healthy({ outbox: { depth: -1, oldestPendingAgeS: null, rejected: 0 } }), 400],
      ['a fractional age', healthy({ revocationListAgeS: 1.5 }), 400],
      [
        'a long printer name',
        healthy({ printersOutOfPaper: [{ printerId: 'p', name: 'x'.repeat(81), forS: 1 }] }),
        400,
      ],
      ['another version', { ...healthy(), v: 2 }, 400],
      ['not a date', { ...healthy(), at: 'hier' }, 400],
      ['no hub id', { ...healthy(), hubId: undefined }, 400],
      ['over 8 KiB', { ...healthy(), pad: 'x'.repeat(9_000) }, 413],
    ];
    for (const [label, body, status] of cases) expect((await report(body)).statusCode, label).toBe(status);
    // Sixteen printers is within bounds.
    expect((await report(healthy({ printersOutOfPaper: printers(16) }))).json()).toEqual({ open: ['paper_out'] });
    expect((await report(healthy())).json()).toEqual({ open: [] });
  });

  it('opens a silence incident for an active hub not heard of for 10 minutes, once, and clears it when it reports', async () => {
    // The other partner's hub reports once (so it is watched); a third, paired but never reporting, is not watched.
    const otherReport = await report({ ...healthy(), hubId: otherHub.id }, otherHub);
    expect(otherReport.statusCode, otherReport.body).toBe(200);
    const mute = await pairTestHub(cloud.app, cloud.people.admin, cloud.people.partnerB.id, 'Caisse Plateau');
    expect((await cloud.app.hubAlerts.checkSilentHubs()).opened).toBe(0);
    clock.advance(11 * 60_000);
    expect((await cloud.app.hubAlerts.checkSilentHubs()).opened).toBe(2);
    expect((await cloud.app.hubAlerts.checkSilentHubs()).opened).toBe(0);
    expect(await incidents('silent')).toEqual({ open: 1, closed: 0 });
    const opened = await delivered('hub.alert_opened', 'silent');
    expect(opened.partner).toEqual(once);
    expect(opened.chief).toEqual(once);
    // The other hub went silent too: its own partner is told (not ours twice); the never-reporting hub is left alone.
    const silentHubs = await cloud.db.pool.query<{ hub_id: string }>(
      "SELECT hub_id FROM hub_incidents WHERE kind = 'silent' AND closed_at IS NULL",
    );
    expect(silentHubs.rows.map((r) => r.hub_id).sort()).toEqual([hub.id, otherHub.id].sort());
    expect(silentHubs.rows.map((r) => r.hub_id)).not.toContain(mute.id);
    const toPartnerB = await cloud.db.pool.query(
      "SELECT 1 FROM notifications WHERE event_type = 'hub.alert_opened' AND recipient_id = $1 AND data->>'kind' = 'silent'",
      [cloud.people.partnerB.id],
    );
    expect(toPartnerB.rowCount).toBe(1);
    expect((await report(healthy())).json()).toEqual({ open: [] });
    expect(await incidents('silent')).toEqual({ open: 0, closed: 1 });
    expect((await cloud.app.hubAlerts.checkSilentHubs()).opened).toBe(0);
    const cleared = await delivered('hub.alert_cleared', 'silent');
    expect(cleared.partner).toEqual(once);
    expect(cleared.chief).toEqual(once);
  });
});
