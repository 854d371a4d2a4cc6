// Proves the in-app fan-out across processes (issue 29.3) with two cloud app instances on one
// PostgreSQL server database, each with its own pool and listening on its own port, and real
// WebSocket clients: a notification emitted through A reaches a screen on B once; one rolled
// back is never pushed; B's listener connection ended by pg_terminate_backend while a
// notification commits still delivers it after the reconnection (by its re-read); the
// per-account screen limit counts the screens of both instances.
// Server only: PGlite is one process with one connection (in-app-hub.ts), so this suite needs
// ISMAIL_TEST_DATABASE_URL and fails, saying so, without it.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTestDatabaseUrl } from '../../tools/test-support/system-tools.js';
import { embeddedName, serverName } from '../../tools/test-support/test-databases.js';
import { buildCloudApp } from '../src/app.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { withTransaction } from '../src/platform/db/transaction.js';
import { inAppChannel } from '../src/modules/notifications/fan-out.js';
import { maxScreensPerAccount } from '../src/modules/notifications/in-app-hub.js';
import { ScreenPresence } from '../src/modules/notifications/screen-presence.js';
import { everyTestBackend, testBackends } from './support/databases.js';
import { openTestCloud, type TestCloud } from './support/test-cloud.js';

const waitMs = 10_000;

async function until(done: () => boolean | Promise<boolean>, what: string, timeoutMs = waitMs): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${String(timeoutMs)} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Screen {
  readonly socket: WebSocket;
  /** Ids of the notifications pushed to this screen, in order, repeats kept. */
  readonly ids: string[];
  readonly closed: Promise<{ code: number; reason: string }>;
  ready(): boolean;
}

function openScreen(app: FastifyInstance, token: string): Screen {
  const address = app.server.address() as AddressInfo;
  const socket = new WebSocket(`ws://127.0.0.1:${String(address.port)}/v1/notifications/stream`, ['bearer', token]);
  const ids: string[] = [];
  let ready = false;
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { type: string; notification?: { id: string } };
    if (message.type === 'ready') ready = true;
    if (message.type === 'notification' && message.notification !== undefined) ids.push(message.notification.id);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { socket, ids, closed, ready: () => ready };
}

async function readyScreen(app: FastifyInstance, token: string): Promise<Screen> {
  const screen = openScreen(app, token);
  await until(() => screen.ready(), 'the screen to be ready');
  return screen;
}

const server = testBackends.find((b) => b.name === serverName);
const embedded = everyTestBackend.find((b) => b.name === embeddedName);

describe('in-app notifications across two cloud instances on one PostgreSQL server (needs ISMAIL_TEST_DATABASE_URL)', () => {
  let a: TestCloud;
  let bDb: Database;
  let b: FastifyInstance;
  const screens: Screen[] = [];

  beforeAll(async () => {
    requireTestDatabaseUrl();
    if (server === undefined) throw new Error('the PostgreSQL server backend is missing although its URL is set');
    a = await openTestCloud(server, { seedRates: false });
    // B: another instance with its own pool on the same database and the same secrets, as a second process would be.
    const url = a.db.pool.options.connectionString;
    if (url === undefined) throw new Error('the server database has no URL');
    bDb = await openDatabase({ url, poolMax: 5, embeddedDataDir: 'unused' });
    b = await buildCloudApp({ schemaCompilation: 'on-first-use', db: bDb, logLevel: 'error', ...a.secrets });
    await a.app.listen({ port: 0, host: '127.0.0.1' });
    await b.listen({ port: 0, host: '127.0.0.1' });
    // Two app builds and a migration: over a minute on a loaded 2-core machine.
  }, 180_000);

  afterAll(async () => {
    for (const screen of screens) screen.socket.close();
    await b.close();
    await bDb.close();
    await a.close();
  });

  const emitThroughA = async (recipientId: string, client?: Parameters<typeof a.app.notifications.service.emit>[1]) => {
    const invoiceNumber = `F-${randomUUID().slice(0, 8)}`;
    const result = await a.app.notifications.service.emit(
      {
        key: `fanout:${invoiceNumber}`,
        type: 'invoice.issued',
        recipientId,
        data: { firstName: 'Awa', invoiceNumber, totalXof: 12_500 },
      },
      client,
    );
    expect(result.duplicate).toBe(false);
    return result.notificationId;
  };

  const deliveredEvents = async (notificationId: string): Promise<number> => {
    const { rows } = await a.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notification_delivery_events e JOIN notification_deliveries d ON d.id = e.delivery_id
       WHERE d.notification_id = $1 AND d.channel = 'in_app' AND e.status = 'delivered'`,
      [notificationId],
    );
    return rows[0]?.n ?? 0;
  };

  it('pushes a notification emitted through A to the screens on B and on A, once each, and records it delivered once', async () => {
    const onB = await readyScreen(b, a.people.clientA.token);
    const onA = await readyScreen(a.app, a.people.clientA.token);
    const other = await readyScreen(b, a.people.clientB.token);
    screens.push(onB, onA, other);
    const first = await emitThroughA(a.people.clientA.id);
    await until(() => onB.ids.includes(first) && onA.ids.includes(first), 'the notification on both screens');
    // A second notification is the barrier: once it arrived, a repeat of the first would have too.
    const second = await emitThroughA(a.people.clientA.id);
    await until(() => onB.ids.includes(second) && onA.ids.includes(second), 'the second notification');
    expect(onB.ids).toEqual([first, second]);
    expect(onA.ids).toEqual([first, second]);
    expect(other.ids).toEqual([]);
    await until(async () => (await deliveredEvents(first)) > 0, 'the delivered status');
    expect(await deliveredEvents(first)).toBe(1);
  });

  it('never pushes a notification whose transaction rolled back', async () => {
    const onB = await readyScreen(b, a.people.clientB.token);
    screens.push(onB);
    let rolledBack = '';
    await expect(
      withTransaction(a.db.pool, async (client) => {
        rolledBack = await emitThroughA(a.people.clientB.id, client);
        throw new Error('the emitter changed its mind');
      }),
    ).rejects.toThrow('the emitter changed its mind');
    expect(rolledBack).not.toBe('');
    const committed = await emitThroughA(a.people.clientB.id);
    await until(() => onB.ids.includes(committed), 'the committed notification');
    expect(onB.ids).not.toContain(rolledBack);
    expect(
      (await a.db.pool.query('SELECT 1 FROM notifications WHERE id = $1', [rolledBack])).rowCount,
      'the rolled-back notification is not recorded either',
    ).toBe(0);
  });

  it('pushes a notification to its own recipient only, whatever an announcement claims', async () => {
    const onB = await readyScreen(b, a.people.repB.token);
    screens.push(onB);
    const othersNotification = await emitThroughA(a.people.clientA.id);
    const heardBefore = b.notifications.service.inApp.stats.announced;
    // Anyone who can reach the database could NOTIFY on the channel: a forged recipient, then garbage.
    await a.db.pool.query('SELECT pg_notify($1, $2)', [inAppChannel, `${a.people.repB.id}:${othersNotification}`]);
    await a.db.pool.query('SELECT pg_notify($1, $2)', [inAppChannel, `${a.people.repB.id}:not-a-notification`]);
    const own = await emitThroughA(a.people.repB.id);
    await until(() => onB.ids.includes(own), "repB's own notification");
    expect(onB.ids).toEqual([own]);
    expect(b.notifications.service.inApp.stats.announced - heardBefore).toBeGreaterThanOrEqual(2);
  });

  it("delivers what committed while B's listener connection was cut, after B reconnects, once", async () => {
    const onB = await readyScreen(b, a.people.chiefA.token);
    screens.push(onB);
    const hubB = b.notifications.service.inApp;
    const pid = hubB.listenerPid;
    expect(pid, "B's listener is connected (a screen is open)").not.toBeNull();
    const reconnectionsBefore = hubB.reconnections;
    const caughtUpBefore = hubB.stats.caughtUp;
    // Commit only once B's listening session is gone, so the announcement cannot reach it.
    const missed = await withTransaction(a.db.pool, async (client) => {
      const id = await emitThroughA(a.people.chiefA.id, client);
      await a.db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
      await until(
        async () => (await a.db.pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount === 0,
        "B's listener backend to end",
      );
      return id;
    });
    await until(() => onB.ids.includes(missed), 'the notification after the reconnection', 30_000);
    expect(hubB.reconnections).toBeGreaterThan(reconnectionsBefore);
    expect(hubB.listenerPid).not.toBe(pid);
    expect(hubB.stats.caughtUp, 'found by the re-read, not by an announcement').toBeGreaterThan(caughtUpBefore);
    const after = await emitThroughA(a.people.chiefA.id);
    await until(() => onB.ids.includes(after), 'a notification after the reconnection, announced');
    expect(onB.ids).toEqual([missed, after]);
  });

  it('counts an account’s screens on A and B together and refuses the one over the limit', async () => {
    const person = a.people.repA;
    const held: Screen[] = [];
    for (let i = 0; i < maxScreensPerAccount; i++) held.push(await readyScreen(i % 2 === 0 ? a.app : b, person.token));
    screens.push(...held);
    const countRows = async (): Promise<number> =>
      (
        await a.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM in_app_screens WHERE account_id = $1', [
          person.id,
        ])
      ).rows[0]?.n ?? 0;
    expect(await countRows()).toBe(maxScreensPerAccount);
    for (const app of [b, a.app]) {
      const refused = openScreen(app, person.token);
      expect(await refused.closed).toEqual({ code: 1008, reason: 'too many screens' });
      expect(refused.ready()).toBe(false);
    }
    // One closed on A frees a place on B.
    held[0]?.socket.close();
    await until(async () => (await countRows()) === maxScreensPerAccount - 1, 'the closed screen to be released');
    const again = await readyScreen(b, person.token);
    screens.push(again);
    // A process that dies without closing: its rows stop counting once they lapse.
    await a.db.pool.query("UPDATE in_app_screens SET expires_at = now() - interval '1 second' WHERE account_id = $1", [
      person.id,
    ]);
    const afterCrash = await readyScreen(a.app, person.token);
    screens.push(afterCrash);
    expect(await countRows()).toBe(1);
  });

  it('admits exactly the limit when screens of one account race on A and B', async () => {
    const accountId = randomUUID();
    const onA = new ScreenPresence(a.db.pool, maxScreensPerAccount, () => undefined);
    const onB = new ScreenPresence(bDb.pool, maxScreensPerAccount, () => undefined);
    try {
      const claims = await Promise.all(
        Array.from({ length: 3 * maxScreensPerAccount }, (_, i) => (i % 2 === 0 ? onA : onB).claim(accountId)),
      );
      expect(claims.filter((c) => c !== null)).toHaveLength(maxScreensPerAccount);
      const { rows } = await a.db.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM in_app_screens WHERE account_id = $1',
        [accountId],
      );
      expect(rows[0]?.n).toBe(maxScreensPerAccount);
    } finally {
      await onA.close();
      await onB.close();
    }
    // A process that closes takes its screens with it.
    const left = await a.db.pool.query('SELECT 1 FROM in_app_screens WHERE account_id = $1', [accountId]);
    expect(left.rowCount).toBe(0);
  });

  it('keeps the screens of a live process by its heartbeat and stops counting those of one that stopped', async () => {
    const accountId = randomUUID();
    const ttlMs = 1_000;
    const live = new ScreenPresence(a.db.pool, maxScreensPerAccount, () => undefined, { heartbeatMs: 100, ttlMs });
    // Never renews within the test: a process that died without closing.
    const dead = new ScreenPresence(bDb.pool, maxScreensPerAccount, () => undefined, { heartbeatMs: 3_600_000, ttlMs });
    try {
      const mine = await live.claim(accountId);
      expect(mine).not.toBeNull();
      for (let i = 1; i < maxScreensPerAccount; i++) expect(await dead.claim(accountId)).not.toBeNull();
      expect(await live.claim(accountId), 'full').toBeNull();
      // Past the dead process's expiry (the live one renewed meanwhile).
      await new Promise((resolve) => setTimeout(resolve, 2 * ttlMs));
      expect(await live.claim(accountId), 'the dead screens no longer count').not.toBeNull();
      const { rows } = await a.db.pool.query<{ process_id: string }>(
        'SELECT process_id FROM in_app_screens WHERE account_id = $1',
        [accountId],
      );
      expect(rows.map((r) => r.process_id)).toEqual([live.processId, live.processId]);
    } finally {
      await live.close();
      await dead.close();
    }
  });
});

// The embedded database keeps the in-process path (in-app-hub.ts): the same promises in one process.
describe('in-app notifications on the embedded PGlite, in one process', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    if (embedded === undefined) throw new Error('the embedded backend is missing');
    cloud = await openTestCloud(embedded, { seedRates: false });
    await cloud.app.listen({ port: 0, host: '127.0.0.1' });
  }, 180_000);

  afterAll(async () => {
    await cloud.close();
  });

  it('pushes a committed notification once, never a rolled-back one, and refuses the screen over the limit', async () => {
    const person = cloud.people.clientA;
    const held: Screen[] = [];
    try {
      for (let i = 0; i < maxScreensPerAccount; i++) held.push(await readyScreen(cloud.app, person.token));
      const refused = openScreen(cloud.app, person.token);
      expect(await refused.closed).toEqual({ code: 1008, reason: 'too many screens' });
      const emit = async (client?: Parameters<typeof cloud.app.notifications.service.emit>[1]) => {
        const invoiceNumber = `F-${randomUUID().slice(0, 8)}`;
        const result = await cloud.app.notifications.service.emit(
          {
            key: `embedded:${invoiceNumber}`,
            type: 'invoice.issued',
            recipientId: person.id,
            data: { firstName: 'Awa', invoiceNumber, totalXof: 12_500 },
          },
          client,
        );
        return result.notificationId;
      };
      let rolledBack = '';
      await expect(
        withTransaction(cloud.db.pool, async (client) => {
          rolledBack = await emit(client);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      const committedInTransaction = await withTransaction(cloud.db.pool, (client) => emit(client));
      const committed = await emit();
      await until(() => held.every((s) => s.ids.includes(committed)), 'the notification on every screen');
      for (const screen of held) expect(screen.ids).toEqual([committedInTransaction, committed]);
      expect(rolledBack).not.toBe('');
      // One closed: a place is free again.
      held[0]?.socket.close();
      await held[0]?.closed;
      await until(async () => {
        const again = openScreen(cloud.app, person.token);
        const outcome = await Promise.race([
          again.closed.then(() => false),
          until(() => again.ready(), 'ready', 5_000).then(() => true),
        ]);
        if (outcome) held.push(again);
        return outcome;
      }, 'a screen admitted after one closed');
    } finally {
      for (const screen of held) screen.socket.close();
    }
  });
});
